/**
 * Polling during a long deployment: an update whose operation takes 60 s in the emulator (15 s with --quick). For the
 * bundle: the App Runner calls it makes while it waits, and the delay from the operation's end to the action's exit.
 * Beside it, in the same run, a reference poller written here the way the official action waits (DescribeService
 * once a second until the service leaves OPERATION_IN_PROGRESS) against the same kind of operation.
 * Run: sh tools/node24.sh bench/polling.bench.ts [--quick]
 * Prints a markdown table and writes it to bench/results/polling.md.
 */
import { AppRunnerClient, DescribeServiceCommand, UpdateServiceCommand } from '@aws-sdk/client-apprunner';
import { startEmulator, TEST_CREDENTIALS, type Emulator } from '../tools/emulator/index.ts';
import { runAction } from '../tools/runner/run-action.ts';
import { machine, markdownTable, quick, writeResult } from './measure.ts';

const OPERATION_MS = quick() ? 15_000 : 60_000;
/** Runs of the bundle, side by side on services of their own (the waits are idle, so they do not disturb each other). */
const BUNDLE_RUNS = quick() ? 1 : 3;
const TARGETS = { calls: 25, delaySeconds: 5 };

interface Measured {
  poller: string;
  /** App Runner calls on the service from the start of the operation until the poller was done. */
  calls: number;
  /** From the operation's end (in the emulator) to the poller being done (the action's exit). */
  delayMs: number;
  ok: boolean;
}

function seed(emulator: Emulator, name: string): { image: string; arn: string } {
  const image = (tag: string) => {
    emulator.seedImage(name, { tag });
    return `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${name}:${tag}`;
  };
  const seeded = emulator.seedService({
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
  emulator.planNextOperation(name, { outcome: 'succeed', durationMs: OPERATION_MS });
  return { image: image('v2'), arn: seeded.arn };
}

/** App Runner calls on `arn` from the first mutating one on, and when that service's newest operation ended. */
function tally(emulator: Emulator, name: string, arn: string): { calls: number; endedAt: number } {
  const calls = emulator
    .calls()
    .filter(
      (call) => call.service === 'apprunner' && (call.input as { ServiceArn?: string } | null)?.ServiceArn === arn,
    );
  const start = calls.findIndex((call) => call.mutating);
  const endedAt = emulator.service(name)?.operations[0]?.endedAt;
  if (start < 0 || endedAt === undefined) throw new Error(`No finished operation on ${name}`);
  return { calls: calls.length - start - 1, endedAt };
}

async function bundleRun(emulator: Emulator, round: number): Promise<Measured> {
  const name = `polling-bundle-${round}`;
  const { image, arn } = seed(emulator, name);
  const result = await runAction({
    inputs: { service: name, image },
    awsEnv: emulator.env(),
    timeoutMs: OPERATION_MS + 120_000,
  });
  const { calls, endedAt } = tally(emulator, name, arn);
  return {
    poller: `this action (run ${round + 1})`,
    calls,
    delayMs: result.endedAt - endedAt,
    ok: result.exitCode === 0,
  };
}

/** What the official action does after UpdateService: DescribeService every second until the service settles. */
async function referenceRun(emulator: Emulator): Promise<Measured> {
  const name = 'polling-reference';
  const { image, arn } = seed(emulator, name);
  const client = new AppRunnerClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: TEST_CREDENTIALS,
  });
  try {
    await client.send(
      new UpdateServiceCommand({
        ServiceArn: arn,
        SourceConfiguration: {
          ImageRepository: { ImageIdentifier: image, ImageRepositoryType: 'ECR' },
          AutoDeploymentsEnabled: false,
        },
      }),
    );
    let status: string | undefined;
    do {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const answer = await client.send(new DescribeServiceCommand({ ServiceArn: arn }));
      status = answer.Service?.Status;
    } while (status === 'OPERATION_IN_PROGRESS');
    const done = Date.now();
    const { calls, endedAt } = tally(emulator, name, arn);
    return { poller: 'reference: DescribeService every 1 s', calls, delayMs: done - endedAt, ok: status === 'RUNNING' };
  } finally {
    client.destroy();
  }
}

const emulator = await startEmulator({ lifetimeMs: OPERATION_MS + 5 * 60_000 });
let measured: Measured[];
try {
  measured = await Promise.all([
    ...Array.from({ length: BUNDLE_RUNS }, (_, round) => bundleRun(emulator, round)),
    referenceRun(emulator),
  ]);
} finally {
  await emulator.stop();
}

const rows = measured.map((run) => {
  const mine = !run.poller.startsWith('reference');
  const verdict = !run.ok
    ? 'deploy failed'
    : !mine
      ? '—'
      : run.calls <= TARGETS.calls && run.delayMs <= TARGETS.delaySeconds * 1000
        ? 'met'
        : 'missed';
  return [run.poller, OPERATION_MS / 1000, run.calls, (run.delayMs / 1000).toFixed(1), verdict];
});
const table = [
  `# Polling during a long deployment${quick() ? ' (--quick)' : ''}`,
  '',
  `One UpdateService whose operation takes ${OPERATION_MS / 1000} s in the emulator. Calls: App Runner requests on the`,
  'service after the UpdateService until the poller was done. Delay: operation end → action exit (reference: →',
  `loop done). ${machine()}.`,
  '',
  markdownTable(
    [
      'poller',
      'operation (s)',
      `App Runner calls during the wait (target ≤ ${TARGETS.calls})`,
      `end → exit (s) (target ≤ ${TARGETS.delaySeconds})`,
      'targets',
    ],
    rows,
  ),
].join('\n');

process.stdout.write(`${writeResult('polling', table)}\n`);
if (measured.some((run) => !run.ok)) process.exitCode = 1;
