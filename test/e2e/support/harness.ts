/**
 * What every end-to-end scenario shares: one emulator per test file (operations of ~1 s), the bundle run against it,
 * the calls it received, and the leak check every scenario ends with. Free of jest, so the demo and the benchmarks
 * can use it too.
 */
import { startEmulator, TEST_CREDENTIALS, type CallRecord, type Emulator } from '../../../tools/emulator/index.ts';
import {
  FAKE_GITHUB_TOKEN,
  runAction,
  type ActionName,
  type RunOptions,
  type RunResult,
} from '../../../tools/runner/run-action.ts';

export type { ActionName, CallRecord, Emulator, RunResult };

/** Recognisable values that must never reach the log or the outputs (only `::add-mask::` lines may carry them). */
export const CANARIES = {
  githubToken: FAKE_GITHUB_TOKEN,
  awsSecretKey: TEST_CREDENTIALS.secretAccessKey,
  /** The value of a SecureString parameter a secret points at: the action must never read it. */
  parameterValue: 'e2e-canary-parameter-value-9f8e7d',
  /** A runtime variable's value: the plan diff promises never to show variable values. */
  envValue: 'e2e-canary-env-value-4c3b2a',
} as const;

export interface Harness {
  emulator: Emulator;
  /**
   * Runs the bundle against the emulator with `inputs` (service and region-free defaults filled by the caller); the
   * harness's action unless `options.action` names another.
   */
  run(inputs: Record<string, string>, options?: Omit<RunOptions, 'inputs' | 'awsEnv'>): Promise<RunResult>;
}

export interface HarnessOptions {
  /** App Runner operations' IN_PROGRESS phase (default 1000 ms). */
  operationMs?: number;
  /** Each ECS service deployment stage (the emulator's default when left out). */
  ecsStageMs?: number;
  /** The action `run` runs by default (default `apprunner`). */
  action?: ActionName;
}

/** One emulator for the file. Call in `beforeAll`; stop it in `afterAll`. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({
    operationMs: options.operationMs ?? 1000,
    ecsStageMs: options.ecsStageMs,
    lifetimeMs: 10 * 60_000,
  });
  return {
    emulator,
    run: (inputs, extra = {}) => runAction({ action: options.action, ...extra, inputs, awsEnv: emulator.env() }),
  };
}

/** A RUNNING service on `<name>:v1` (seeded), and the URI of a v2 image also in ECR. */
export function seedRunningService(emulator: Emulator, name: string) {
  const v1 = seededImage(emulator, name, 'v1');
  const v2 = seededImage(emulator, name, 'v2');
  const seeded = emulator.seedService({ name, config: imageConfig(emulator, { image: v1 }) });
  return { v1, v2, seeded };
}

export const accessRole = (emulator: Emulator): string =>
  `arn:aws:iam::${emulator.accountId}:role/AppRunnerECRAccessRole`;
export const instanceRole = (emulator: Emulator): string =>
  `arn:aws:iam::${emulator.accountId}:role/AppRunnerInstanceRole`;

/** A private ECR image URI of the emulator's account, seeded so that preflight finds it. */
export function seededImage(emulator: Emulator, repository: string, tag: string): string {
  emulator.seedImage(repository, { tag });
  return `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${repository}:${tag}`;
}

/** CreateService-shaped config of a RUNNING private-ECR service, for seeding. */
export function imageConfig(
  emulator: Emulator,
  init: { image: string; env?: Record<string, string>; secrets?: Record<string, string>; port?: string },
) {
  return {
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: init.image,
        ImageRepositoryType: 'ECR' as const,
        ImageConfiguration: {
          Port: init.port ?? '8080',
          RuntimeEnvironmentVariables: init.env,
          RuntimeEnvironmentSecrets: init.secrets,
        },
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: { AccessRoleArn: accessRole(emulator) },
    },
    InstanceConfiguration: init.secrets ? { InstanceRoleArn: instanceRole(emulator) } : undefined,
  };
}

export const mutating = (calls: CallRecord[]): CallRecord[] => calls.filter((call) => call.mutating);
export const operations = (calls: CallRecord[]): string[] => calls.map((call) => call.operation);
export const mutatingOperations = (calls: CallRecord[]): string[] => operations(mutating(calls));

/**
 * The leak check every scenario ends with: no canary (and no `extra` value) in stdout, stderr, outputs or summary,
 * except on the `::add-mask::` lines that register them with the runner's masking.
 */
export function expectNoLeaks(result: RunResult, extra: string[] = []): void {
  const stdout = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
  const places = { stdout, stderr: result.stderr, outputs: JSON.stringify(result.outputs), summary: result.summary };
  for (const value of [...Object.values(CANARIES), ...extra]) {
    for (const [place, text] of Object.entries(places)) {
      if (text.includes(value)) throw new Error(`A sensitive value (${value.slice(0, 6)}…) appears in ${place}`);
    }
  }
}

/** Exit code 0, no `::error::`, and a readable reason when not. */
export function expectSuccess(result: RunResult): void {
  if (result.exitCode !== 0 || result.errors.length > 0) {
    throw new Error(`The action failed (exit ${result.exitCode}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Exit code 1 and exactly one `::error::`, which matches `message`. */
export function expectFailure(result: RunResult, message: RegExp | string): void {
  const log = `\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  if (result.exitCode !== 1 || result.errors.length !== 1) {
    throw new Error(
      `Expected exit 1 with one ::error::, got exit ${result.exitCode}, ${result.errors.length} errors${log}`,
    );
  }
  const matches = typeof message === 'string' ? result.errors[0].includes(message) : message.test(result.errors[0]);
  if (!matches) throw new Error(`The error does not match ${String(message)}: ${result.errors[0]}`);
}

/**
 * Runs `action` once the emulator has answered `count` calls of `operation` (polling its call log), so that a fault
 * lands at a known point of a run. Returns a function that cancels it.
 */
export function onceCalled(
  emulator: Emulator,
  trigger: { operation: string; count?: number },
  action: () => void,
): () => void {
  const timer = setInterval(() => {
    const seen = emulator.calls().filter((call) => call.operation === trigger.operation && call.error === undefined);
    if (seen.length < (trigger.count ?? 1)) return;
    clearInterval(timer);
    action();
  }, 10);
  timer.unref();
  return () => clearInterval(timer);
}
