/**
 * `npm run demo`: the action's bundle (dist/index.js) against the local AWS emulator, no AWS account needed. Three
 * runs of a sample service: a create, an update to a new image, and an update whose new version fails its health
 * check and is rolled back. Prints each run's log and job summary; exits 0 when all three behaved as expected (the
 * third run is expected to fail), else 1.
 */
import { startEmulator } from '../tools/emulator/index.ts';
import { readableLog, runAction, type RunResult } from '../tools/runner/run-action.ts';
import { summaryAsText } from './summary.ts';

const SERVICE = 'demo-shop-web';
const REPOSITORY = 'demo/shop-web';

interface Step {
  title: string;
  inputs: Record<string, string>;
  /** Prepares the emulator (e.g. plans the rollback) just before the run. */
  before?: () => void;
  /** Why the run did not behave as expected, or undefined when it did. */
  check: (result: RunResult) => string | undefined;
}

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const banner = (text: string) => `\n${bold(`━━━━ ${text} `.padEnd(100, '━'))}\n`;

const emulator = await startEmulator({ operationMs: 1000, lifetimeMs: 5 * 60_000 });
const image = (tag: string) => {
  emulator.seedImage(REPOSITORY, { tag });
  return `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${REPOSITORY}:${tag}`;
};
const deployed = () => emulator.service(SERVICE)?.config.SourceConfiguration.ImageRepository?.ImageIdentifier;
const [v1, v2, v3] = [image('1.0.0'), image('1.1.0'), image('1.2.0-broken')];

const steps: Step[] = [
  {
    title: `1/3 · create ${SERVICE} from ${REPOSITORY}:1.0.0`,
    inputs: {
      service: SERVICE,
      image: v1,
      'access-role-arn': `arn:aws:iam::${emulator.accountId}:role/AppRunnerECRAccessRole`,
      cpu: '0.5',
      memory: '1 GB',
      port: '3000',
      'env-vars': 'NODE_ENV=production\nLOG_LEVEL=info',
      'health-check-protocol': 'HTTP',
      'health-check-path': '/healthz',
      tags: 'team=shop\nenv=demo',
    },
    check: (result) =>
      result.exitCode !== 0
        ? `exit code ${result.exitCode}, expected 0`
        : deployed() !== v1
          ? `the service runs ${deployed()}, expected ${v1}`
          : undefined,
  },
  {
    title: `2/3 · update ${SERVICE} to ${REPOSITORY}:1.1.0 and a new log level`,
    inputs: { service: SERVICE, image: v2, 'env-vars': 'LOG_LEVEL=debug' },
    check: (result) =>
      result.exitCode !== 0
        ? `exit code ${result.exitCode}, expected 0`
        : deployed() !== v2
          ? `the service runs ${deployed()}, expected ${v2}`
          : undefined,
  },
  {
    title: `3/3 · update ${SERVICE} to ${REPOSITORY}:1.2.0-broken, which fails its health check`,
    inputs: { service: SERVICE, image: v3 },
    before: () => emulator.planNextOperation(SERVICE, { outcome: 'rollback', durationMs: 3000 }),
    check: (result) =>
      result.exitCode !== 1
        ? `exit code ${result.exitCode}, expected 1 (a rollback fails the step)`
        : !result.errors.some((error) => error.includes('was rolled back'))
          ? 'the error does not say the deployment was rolled back'
          : deployed() !== v2
            ? `the service runs ${deployed()}, expected the previous ${v2}`
            : undefined,
  },
];

const problems: string[] = [];
const started = performance.now();
try {
  for (const step of steps) {
    step.before?.();
    process.stdout.write(banner(step.title));
    const result = await runAction({ inputs: step.inputs, awsEnv: emulator.env() });
    process.stdout.write(`${readableLog(result.stdout)}\n`);
    if (result.stderr.trim()) process.stdout.write(`${bold('stderr:')}\n${result.stderr.trim()}\n`);
    process.stdout.write(`\n${bold('── Job summary ──')}\n${summaryAsText(result.summary)}\n`);
    const problem = step.check(result);
    const verdict = problem ? `✗ not as expected: ${problem}` : `✓ as expected (exit code ${result.exitCode})`;
    process.stdout.write(`\n${bold(`── ${verdict}, ${(result.durationMs / 1000).toFixed(1)}s`)}\n`);
    if (problem) problems.push(`${step.title}: ${problem}`);
  }
} finally {
  await emulator.stop();
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  banner(problems.length === 0 ? `Demo done in ${seconds}s: all three runs behaved as expected` : 'Demo failed'),
);
for (const problem of problems) process.stdout.write(`✗ ${problem}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
