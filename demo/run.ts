/**
 * `npm run demo`: both actions' bundles (dist/index.js, dist/ecs-express/index.js) against the local AWS emulator, no
 * AWS account needed. App Runner: a create, an update to a new image, and an update whose new version fails its
 * health check and is rolled back, then a service built from source code (demo/apprunner.ts). ECS Express: a create, an update, an update rolled back by the
 * deployment circuit breaker, and a dry run of a migration from the App Runner service (demo/ecs-express.ts). Prints
 * each run's log and job summary; exits 0 when every run behaved as expected (the rollbacks are expected to fail),
 * else 1. `-- --only apprunner` or `-- --only ecs-express` runs one part (alone, the migration starts from a seeded
 * App Runner service).
 */
import { startEmulator } from '../tools/emulator/index.ts';
import { APPRUNNER_SERVICE, appRunnerSteps } from './apprunner.ts';
import { expressSteps } from './ecs-express.ts';
import { banner, runSteps, type Step } from './step.ts';

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex < 0 ? undefined : process.argv[onlyIndex + 1];
if (only !== undefined && only !== 'apprunner' && only !== 'ecs-express') {
  throw new Error(`--only takes apprunner or ecs-express, not ${only}`);
}

// ECS stages of 150 ms: an Express deployment (PENDING and 10 stages) takes under 2 s instead of ~6 minutes.
const emulator = await startEmulator({ operationMs: 1000, ecsStageMs: 150, lifetimeMs: 5 * 60_000 });
if (only === 'ecs-express') {
  emulator.seedImage(APPRUNNER_SERVICE, { tag: 'latest' });
  emulator.seedService({ name: APPRUNNER_SERVICE });
}
const steps: Step[] = [
  ...(only === 'ecs-express' ? [] : appRunnerSteps(emulator)),
  ...(only === 'apprunner' ? [] : expressSteps(emulator, { appRunnerService: APPRUNNER_SERVICE })),
];

let problems: string[];
const started = performance.now();
try {
  problems = await runSteps(emulator, steps);
} finally {
  await emulator.stop();
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(
  banner(
    problems.length === 0
      ? `Demo done in ${seconds}s: all ${steps.length} runs behaved as expected`
      : `Demo failed: ${problems.length} of ${steps.length} runs did not behave as expected`,
  ),
);
for (const problem of problems) process.stdout.write(`✗ ${problem}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
