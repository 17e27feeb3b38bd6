/**
 * A monorepo matrix against a throttled account: 16 App Runner deploys started at once through one emulator whose
 * App Runner API allows 2 requests/s (8 deploys at 4 requests/s with --quick), as the account-level rate AWS applies.
 * Reports how many runs succeeded, the slowest run, and the share of App Runner requests answered ThrottlingException.
 * Run: sh tools/node24.sh bench/throttle.bench.ts [--quick]
 * Prints a markdown table and writes it to bench/results/throttle.md.
 */
import { startEmulator, type CallRecord, type Emulator } from '../tools/emulator/index.ts';
import { runAction, type RunResult } from '../tools/runner/run-action.ts';
import { machine, markdownTable, median, quick, writeResult } from './measure.ts';

const SCENARIOS = quick()
  ? [{ runs: 8, rate: 4 }]
  : [
      { runs: 16, rate: 2 },
      { runs: 8, rate: 4 },
    ];
/** Every run must succeed; the matrix as a whole should end within a minute at 16 runs, 2 requests/s. */
const TARGETS = { slowestSeconds: 60 };

function seed(emulator: Emulator, name: string): string {
  const image = (tag: string) => {
    emulator.seedImage(name, { tag });
    return `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${name}:${tag}`;
  };
  emulator.seedService({
    name,
    config: {
      SourceConfiguration: {
        ImageRepository: { ImageIdentifier: image('v1'), ImageRepositoryType: 'ECR' },
        AutoDeploymentsEnabled: false,
        AuthenticationConfiguration: {
          AccessRoleArn: `arn:aws:iam::${emulator.accountId}:role/AppRunnerECRAccessRole`,
        },
      },
    },
  });
  return image('v2');
}

async function matrix(scenario: { runs: number; rate: number }): Promise<(string | number)[]> {
  const emulator = await startEmulator({
    operationMs: 200,
    lifetimeMs: 10 * 60_000,
    rateLimits: { apprunner: scenario.rate },
  });
  let results: RunResult[];
  let calls: CallRecord[];
  try {
    const services = Array.from({ length: scenario.runs }, (_, index) => `throttle-${index}`);
    const images = services.map((name) => seed(emulator, name));
    results = await Promise.all(
      services.map((service, index) =>
        runAction({ inputs: { service, image: images[index] }, awsEnv: emulator.env(), timeoutMs: 300_000 }),
      ),
    );
    // Before stop(), which clears the call log.
    calls = emulator.calls().filter((call) => call.service === 'apprunner');
  } finally {
    await emulator.stop();
  }
  const throttled = calls.filter((call) => call.error === 'ThrottlingException').length;
  const ok = results.filter((result) => result.exitCode === 0).length;
  const slowest = Math.max(...results.map((result) => result.durationMs)) / 1000;
  const verdict = ok === scenario.runs && slowest <= TARGETS.slowestSeconds ? 'met' : 'missed';
  return [
    `${scenario.runs} runs, ${scenario.rate} req/s`,
    `${ok}/${scenario.runs}`,
    (median(results.map((result) => result.durationMs)) / 1000).toFixed(1),
    slowest.toFixed(1),
    calls.length,
    `${((100 * throttled) / Math.max(1, calls.length)).toFixed(0)} %`,
    verdict,
  ];
}

const rows: (string | number)[][] = [];
for (const scenario of SCENARIOS) rows.push(await matrix(scenario));

const table = [
  `# A matrix of deploys against a throttled account${quick() ? ' (--quick)' : ''}`,
  '',
  'App Runner deploys started at once against one emulator whose App Runner API allows N requests/s for the account',
  '(a token bucket with a burst of N; past it, 400 ThrottlingException "Rate exceeded"). Operations last ~0.35 s.',
  `Requests: App Runner requests the emulator received; throttled: the share answered ThrottlingException. ${machine()}.`,
  '',
  markdownTable(
    [
      'matrix',
      'succeeded',
      'median run (s)',
      'slowest run (s)',
      'requests',
      'throttled',
      `target (all, ≤ ${TARGETS.slowestSeconds} s)`,
    ],
    rows,
  ),
  '',
].join('\n');
process.stdout.write(`${table}\n`);
writeResult('throttle', table);
// A deploy lost to throttling fails the bench; a slow matrix is a missed target, reported in the table.
process.exitCode = rows.every((row, index) => row[1] === `${SCENARIOS[index].runs}/${SCENARIOS[index].runs}`) ? 0 : 1;
