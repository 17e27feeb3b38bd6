/**
 * Polling during an ECS Express update: one UpdateExpressGatewayService whose service deployment walks PENDING and the
 * ten lifecycle stages (scale-up, the 5 % canary and its bake, 100 %, the final bake, clean-up) at 5.5 s a stage, so
 * that it lasts ~60 s (1.5 s a stage, ~16 s, with --quick). For the bundle (dist/ecs-express/index.js): the ECS read
 * calls it makes while the deployment runs, and the delay from the deployment's end to the action's exit. The end
 * is seen in the emulator itself, checked every 25 ms.
 * Run: sh tools/node24.sh bench/express-polling.bench.ts [--quick]
 * Prints a markdown table and writes it to bench/results/express-polling.md.
 */
import { startEmulator, type Emulator } from '../tools/emulator/index.ts';
import { runAction } from '../tools/runner/run-action.ts';
import { machine, markdownTable, quick, writeResult } from './measure.ts';

const STAGE_MS = quick() ? 1500 : 5500;
/** PENDING, then the ten lifecycle stages RECONCILE_SERVICE … CLEAN_UP. */
const DEPLOYMENT_MS = 11 * STAGE_MS;
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
  emulator.planNextEcsDeployment(name, { outcome: 'success', stageMs: STAGE_MS });
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
  `# Polling during an ECS Express update${quick() ? ' (--quick)' : ''}`,
  '',
  `One UpdateExpressGatewayService whose service deployment walks PENDING and 10 lifecycle stages (canary, canary`,
  `bake, 100 %, bake, clean-up) at ${STAGE_MS / 1000} s a stage in the emulator. Reads: ECS read calls (Describe*,`,
  'List*) on the service from the Update until the deployment ended; other: CloudWatch Logs calls in that time. Delay:',
  `deployment end (seen in the emulator) → action exit. ${machine()}.`,
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
