/**
 * Polling during an ECS Express update: one UpdateExpressGatewayService whose service deployment walks PENDING and the
 * ten lifecycle stages (scale-up, the 5 % canary and its bake, 100 %, the final bake, clean-up) in AWS's proportions,
 * time compressed: Express's two 3-minute bakes and ~8 s for each other stage, 4 times faster (45 s bakes, 2 s stages,
 * ~108 s in all; 12 times faster with --quick, ~36 s). The emulator reports the bakes compressed too (0.75 minutes),
 * as the action reads them. For the bundle (dist/ecs-express/index.js, or ACTION_DIST's): the ECS read calls it makes
 * while the deployment runs, and the delay from the deployment's end to the action's exit. The end is seen in the
 * emulator itself, checked every 25 ms.
 * Run: sh tools/node24.sh bench/express-polling.bench.ts [--quick]
 * Prints a markdown table and writes it to bench/results/express-polling.md.
 */
import { startEmulator, type Emulator } from '../tools/emulator/index.ts';
import { runAction } from '../tools/runner/run-action.ts';
import { machine, markdownTable, quick, writeResult } from './measure.ts';

/** How many times faster than AWS the deployment runs. */
const TIME_SCALE = quick() ? 12 : 4;
/** A stage other than the bakes, in AWS (an assumption: AWS does not publish them; scale-up is the longest). */
const AWS_STAGE_MS = 8000;
const STAGE_MS = AWS_STAGE_MS / TIME_SCALE;
const BAKE_MS = (3 * 60_000) / TIME_SCALE;
/** PENDING and the eight short lifecycle stages, then the canary bake and the final bake. */
const DEPLOYMENT_MS = 9 * STAGE_MS + 2 * BAKE_MS;
/** Runs of the bundle, side by side on services of their own (the waits are idle, so they do not disturb each other). */
const RUNS = quick() ? 1 : 3;
const TARGETS = { secondsPerRead: 10, delaySeconds: 5 };
const ENDED = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);

interface Measured {
  run: string;
  /** From the Update's arrival to the deployment's end, in the emulator. */
  deploymentMs: number;
  /** ECS read calls from the Update on until the deployment ended. */
  reads: number;
  /** Other AWS calls in that time (CloudWatch Logs...). */
  otherCalls: number;
  /** The reads by operation, `DescribeServiceDeployments ×12`. */
  breakdown: string;
  /** Deployment end → action exit. */
  delayMs: number;
  ok: boolean;
}

function seed(emulator: Emulator, name: string): string {
  const image = (tag: string) => {
    emulator.seedImage(name, { tag });
    return `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${name}:${tag}`;
  };
  emulator.seedExpressService({
    name,
    config: {
      infrastructureRoleArn: `arn:aws:iam::${emulator.accountId}:role/ecsInfrastructureRoleForExpressServices`,
      executionRoleArn: `arn:aws:iam::${emulator.accountId}:role/ecsTaskExecutionRole`,
      primaryContainer: { image: image('v1'), containerPort: 8080 },
    },
  });
  emulator.planNextEcsDeployment(name, { outcome: 'success', stageMs: STAGE_MS, timeScale: TIME_SCALE });
  return image('v2');
}

/** When the newest deployment of `name` reached an end (polled every 25 ms until `done` resolves). */
async function watchEnd(emulator: Emulator, name: string, done: Promise<unknown>): Promise<number | undefined> {
  let finished = false;
  void done.finally(() => (finished = true));
  const initial = emulator.expressService(name)?.deployments.length ?? 0;
  while (!finished) {
    const deployments = emulator.expressService(name)?.deployments ?? [];
    if (deployments.length > initial && ENDED.has(deployments[0].status)) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}

async function bundleRun(emulator: Emulator, round: number): Promise<Measured> {
  const name = `express-polling-${round}`;
  const image = seed(emulator, name);
  const running = runAction({
    action: 'ecs-express',
    inputs: { service: name, image },
    awsEnv: emulator.env(),
    timeoutMs: DEPLOYMENT_MS + 120_000,
  });
  const [result, endedAt] = await Promise.all([running, watchEnd(emulator, name, running)]);
  // The service's calls: those naming it (its ARN, its deployments' ARNs, `service: name`) or one of its tasks.
  const tasks = emulator.ecsTasks(name).map((task) => String(task.taskArn));
  const mine = emulator.calls().filter((call) => {
    const input = JSON.stringify(call.input);
    return input.includes(`"${name}"`) || input.includes(`/${name}`) || tasks.some((task) => input.includes(task));
  });
  const update = mine.find((call) => call.operation === 'UpdateExpressGatewayService');
  const ok = result.exitCode === 0 && update !== undefined && endedAt !== undefined;
  const during = mine.filter((call) => update && endedAt && call.at > update.at && call.at <= endedAt);
  const byOperation = new Map<string, number>();
  for (const call of during.filter((read) => read.service === 'ecs' && !read.mutating)) {
    byOperation.set(call.operation, (byOperation.get(call.operation) ?? 0) + 1);
  }
  return {
    breakdown: [...byOperation].map(([operation, count]) => `${operation} ×${count}`).join(', ') || '—',
    run: `this action (run ${round + 1})`,
    deploymentMs: endedAt && update ? endedAt - update.at : NaN,
    reads: during.filter((call) => call.service === 'ecs' && !call.mutating).length,
    otherCalls: during.filter((call) => call.service !== 'ecs').length,
    delayMs: endedAt ? result.endedAt - endedAt : NaN,
    ok,
  };
}

const emulator = await startEmulator({ lifetimeMs: DEPLOYMENT_MS + 5 * 60_000 });
let measured: Measured[];
try {
  measured = await Promise.all(Array.from({ length: RUNS }, (_, round) => bundleRun(emulator, round)));
} finally {
  await emulator.stop();
}

const rows = measured.map((run) => {
  const seconds = run.deploymentMs / 1000;
  const perRead = run.reads === 0 ? Infinity : seconds / run.reads;
  const met = perRead >= TARGETS.secondsPerRead && run.delayMs <= TARGETS.delaySeconds * 1000;
  return [
    run.run,
    seconds.toFixed(1),
    run.reads,
    run.reads === 0 ? '—' : perRead.toFixed(1),
    run.breakdown,
    run.otherCalls,
    (run.delayMs / 1000).toFixed(1),
    !run.ok ? 'deploy failed' : met ? 'met' : 'missed',
  ];
});
const table = [
  // Compressed 3 times more, the bakes are too short for the reads target: --quick only checks that it works.
  `# Polling during an ECS Express update${quick() ? ' (--quick: a smoke run, the reads target is for the full run)' : ''}`,
  '',
  `One UpdateExpressGatewayService whose service deployment walks PENDING and 10 lifecycle stages (canary, canary`,
  `bake, 100 %, bake, clean-up) in AWS's proportions, ${TIME_SCALE} times faster: the two 3-minute bakes last`,
  `${BAKE_MS / 1000} s (reported as ${3 / TIME_SCALE} minutes), the other stages ${STAGE_MS / 1000} s each. Reads: ECS read`,
  'calls (Describe*, List*) on the service from the Update until the deployment ended; other: CloudWatch Logs calls in',
  `that time. Delay: deployment end (seen in the emulator) → action exit. ${machine()}.`,
  '',
  markdownTable(
    [
      'run',
      'deployment (s)',
      'ECS reads during the wait',
      `seconds per read (target ≥ ${TARGETS.secondsPerRead})`,
      'reads by operation',
      'other calls',
      `end → exit (s) (target ≤ ${TARGETS.delaySeconds})`,
      'targets',
    ],
    rows,
  ),
].join('\n');

process.stdout.write(`${writeResult('express-polling', table)}\n`);
if (measured.some((run) => !run.ok)) process.exitCode = 1;
