/**
 * Cold start of the bundle: from spawning `dist/index.js` to the first AWS request the emulator receives, against a
 * bare `node -e 0` (spawn to exit) on the same Node 24 binary. A third reference is the floor any action built on
 * the AWS SDK v3 has: a bundle (made by ncc here) that only sends one ListServices with @aws-sdk/client-apprunner.
 * Runs are interleaved so that machine noise hits all three.
 * Run: sh tools/node24.sh bench/cold-start.bench.ts [--quick]
 * Prints a markdown table and writes it to bench/results/cold-start.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '../tools/emulator/index.ts';
import { node24 } from '../tools/node24.ts';
import { runAction } from '../tools/runner/run-action.ts';
import { machine, markdownTable, median, percentile, quick, writeResult } from './measure.ts';

const RUNS = quick() ? 10 : 30;
const TARGET_RATIO = 1.8;

function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(node24(), ['-e', '0'], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

/** Inside the project so that the SDK resolves from node_modules; .tmp/ is ignored by git and the linters. */
const floorDir = join(process.cwd(), '.tmp', 'cold-start-floor');
function buildFloor(): string {
  mkdirSync(floorDir, { recursive: true });
  const source = join(floorDir, 'floor.ts');
  writeFileSync(
    source,
    [
      "import { AppRunnerClient, ListServicesCommand } from '@aws-sdk/client-apprunner';",
      'const client = new AppRunnerClient({ maxAttempts: 1 });',
      'await client.send(new ListServicesCommand({})).catch(() => undefined);',
      '',
    ].join('\n'),
  );
  execFileSync(
    'node_modules/.bin/ncc',
    ['build', source, '-o', join(floorDir, 'dist'), '--minify', '--target', 'es2022'],
    {
      stdio: 'ignore',
    },
  );
  return join(floorDir, 'dist', 'index.js');
}

const emulator = await startEmulator({ lifetimeMs: 10 * 60_000 });
const floorBundle = buildFloor();

function floorToFirstRequest(): Promise<number> {
  emulator.reset();
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(node24(), [floorBundle], {
      stdio: 'ignore',
      env: { PATH: process.env.PATH ?? '', ...emulator.env() },
    });
    child.once('error', reject);
    child.once('exit', () => {
      const first = emulator.calls()[0];
      if (!first) reject(new Error('The SDK floor bundle sent no request.'));
      else resolve(first.at - started);
    });
  });
}
/** A dry run on a public image: the first request is ListServices, and the run ends right after. */
async function bundleToFirstRequest(round: number): Promise<number> {
  emulator.reset();
  const result = await runAction({
    inputs: { service: `cold-start-${round}`, image: 'public.ecr.aws/nginx/nginx:1', 'dry-run': 'true' },
    awsEnv: emulator.env(),
  });
  const first = emulator.calls()[0];
  if (result.exitCode !== 0 || !first) throw new Error(`The bundle failed:\n${result.stdout}\n${result.stderr}`);
  return first.at - result.startedAt;
}

const bundle: number[] = [];
const bare: number[] = [];
const floor: number[] = [];
try {
  // One unmeasured round of each warms the page cache.
  await bundleToFirstRequest(-1);
  await bareNode();
  await floorToFirstRequest();
  for (let round = 0; round < RUNS; round += 1) {
    bundle.push(await bundleToFirstRequest(round));
    bare.push(await bareNode());
    floor.push(await floorToFirstRequest());
  }
} finally {
  await emulator.stop();
  rmSync(floorDir, { recursive: true, force: true });
}

const ratio = median(bundle) / median(bare);
const row = (label: string, values: number[]) => [
  label,
  median(values).toFixed(0),
  percentile(values, 0.9).toFixed(0),
  Math.min(...values).toFixed(0),
  values.length,
];
const table = [
  `# Cold start${quick() ? ' (--quick)' : ''}`,
  '',
  `Spawn of \`dist/index.js\` → first AWS request received by the emulator, against \`node -e 0\` spawn → exit, on the`,
  `same Node 24 binary, ${RUNS} interleaved runs each. ${machine()}.`,
  '',
  markdownTable(
    ['measure', 'median (ms)', 'p90 (ms)', 'min (ms)', 'runs'],
    [
      row('bundle: spawn → first AWS request', bundle),
      row('`node -e 0`: spawn → exit', bare),
      row('SDK floor: one ListServices, spawn → request', floor),
    ],
  ),
  '',
  markdownTable(
    ['bundle / `node -e 0`', `target ≤ ${TARGET_RATIO}×`, 'SDK floor / `node -e 0`', 'bundle / SDK floor'],
    [
      [
        `${ratio.toFixed(2)}×`,
        ratio <= TARGET_RATIO ? 'met' : 'missed',
        `${(median(floor) / median(bare)).toFixed(2)}×`,
        `${(median(bundle) / median(floor)).toFixed(2)}×`,
      ],
    ],
  ),
].join('\n');

process.stdout.write(`${writeResult('cold-start', table)}\n`);
