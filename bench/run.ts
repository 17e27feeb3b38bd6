/**
 * `npm run bench [-- --quick]`: runs every bench/*.bench.ts in turn, each a standalone script in a Node 24 process of
 * its own (so one bench's memory or timers cannot skew the next), passing `--quick` through. Each prints its table and
 * writes bench/results/<name>.md; this then rewrites bench/README.md with the list of benches and the latest tables.
 * `--only cold-start,polling` runs just those, `--readme` none (the README still lists every bench, with its latest
 * saved result).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const passThrough = process.argv.includes('--quick') ? ['--quick'] : [];
const onlyIndex = process.argv.indexOf('--only');
const only = process.argv.includes('--readme')
  ? new Set<string>()
  : onlyIndex < 0
    ? undefined
    : new Set((process.argv[onlyIndex + 1] ?? '').split(','));

/** What each bench measures and its targets, for the README; a bench not listed here still runs. */
const ABOUT: Record<string, string> = {
  'cold-start':
    'Spawn of `dist/index.js` → first AWS request the emulator receives, against `node -e 0` spawn → exit on the same ' +
    'Node 24 binary; medians of ≥ 10 interleaved runs each. Target: ratio ≤ 1.8×.',
  'express-polling':
    "An ECS Express update whose service deployment (canary, bakes in AWS's proportions, 4× faster) lasts ~108 s in " +
    'the emulator (~36 s with `--quick`, a smoke run): ECS read calls while the action waits and the delay from the deployment ending to the action ' +
    'exiting. Targets: ≤ 1 read call per 10 s on average, ≤ 5 s.',
  polling:
    'An update whose operation takes 60 s in the emulator (15 s with `--quick`): App Runner calls while the action ' +
    'waits and the delay from the operation ending to the action exiting, beside a 1-second DescribeService loop (how ' +
    'the official action waits). Targets: ≤ 25 calls, ≤ 5 s.',
  throttle:
    '16 App Runner deploys started at once against an account throttled at 2 requests/s, and 8 at 4 requests/s (only ' +
    'the latter with `--quick`): runs that succeeded, the slowest run, and the share of throttled requests. Targets: ' +
    'every run succeeds, slowest ≤ 60 s.',
  push:
    'Daemonless push of OCI layouts to a local docker-registry against `skopeo copy` of the same images: wall time, ' +
    'peak RSS, same digest, and a re-push. Targets: ratio ≤ 1.0, peak RSS ≤ 150 MB, no blob uploaded on a re-push.',
};

function runBench(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(here, file), ...passThrough], {
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readme(names: string[]): string {
  const sections = names.map((name) => {
    const result = join(here, 'results', `${name}.md`);
    const latest = existsSync(result)
      ? readFileSync(result, 'utf8')
          .trim()
          .replace(/^# (.*)\n+/, '#### $1\n\n')
      : '_No result yet: run the bench._';
    return [
      `## ${name}`,
      '',
      ABOUT[name] ?? '',
      '',
      `Run alone: \`sh tools/node24.sh --disable-warning=ExperimentalWarning bench/${name}.bench.ts [--quick]\``,
      '',
      '### Latest result',
      '',
      latest,
      '',
    ].join('\n');
  });
  return [
    '# Benchmarks',
    '',
    'Run every benchmark in turn with `npm run bench`; add `-- --quick` for short runs, `-- --only cold-start,polling`',
    'for some of them. Each bench is a standalone script run by Node 24: it prints a markdown table and writes it to',
    '`bench/results/<name>.md`, and `npm run bench` then rewrites this file with the latest tables. The AWS side is the',
    'local emulator (`tools/emulator/`) and, for the push, a local docker-registry: no AWS account is needed. The machine',
    'has 2 shared cores, so figures vary from run to run.',
    '',
    ...sections,
  ].join('\n');
}

const names = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort()
  .map((file) => file.slice(0, -'.bench.ts'.length));
const unknown = [...(only ?? [])].filter((name) => !names.includes(name));
if (unknown.length > 0) throw new Error(`No bench named ${unknown.join(', ')}; there are ${names.join(', ')}`);
const failed: string[] = [];
for (const name of names.filter((bench) => only?.has(bench) ?? true)) {
  process.stdout.write(`\n=== bench/${name}.bench.ts ${passThrough.join(' ')}\n\n`);
  if ((await runBench(`${name}.bench.ts`)) !== 0) failed.push(name);
}
writeFileSync(join(here, 'README.md'), readme(names));
process.stdout.write(
  `\nWrote bench/README.md (${names.length} benches${failed.length ? `; failed: ${failed.join(', ')}` : ''}).\n`,
);
process.exitCode = failed.length === 0 ? 0 : 1;
