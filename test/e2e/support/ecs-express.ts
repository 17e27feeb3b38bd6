/**
 * What the ECS Express scenarios share: the roles and images a service needs, a settled ACTIVE service seeded on an
 * image of this account's ECR, and readers of the emulator's Express state. Free of jest, like harness.ts.
 */
import type { ExpressServiceState } from '../../../tools/emulator/index.ts';
import { seededImage, type CallRecord, type Emulator, type RunResult } from './harness.ts';

/** Short deployment stages: a whole deployment (PENDING + 10 stages) lasts about a third of a second. */
export const STAGE_MS = 30;

/** Mutating ECS Express calls (the ones that change a service or its tags). */
export const ECS_MUTATING = [
  'CreateExpressGatewayService',
  'UpdateExpressGatewayService',
  'DeleteExpressGatewayService',
  'TagResource',
  'UntagResource',
];

const role = (emulator: Emulator, name: string) => `arn:aws:iam::${emulator.accountId}:role/${name}`;
export const executionRole = (emulator: Emulator): string => role(emulator, 'ecsTaskExecutionRole');
export const infrastructureRole = (emulator: Emulator): string =>
  role(emulator, 'ecsInfrastructureRoleForExpressServices');
export const taskRole = (emulator: Emulator): string => role(emulator, 'shop-web-task');

/** The inputs a first deploy needs: the service, an image and the two roles ECS requires on create. */
export function createInputs(emulator: Emulator, service: string, image: string): Record<string, string> {
  return {
    service,
    image,
    'execution-role-arn': executionRole(emulator),
    'infrastructure-role-arn': infrastructureRole(emulator),
  };
}

export interface SeededExpress {
  v1: string;
  v2: string;
  state: ExpressServiceState;
  /** ARN of a Secrets Manager secret the service reads as DB_URL. */
  secretArn: string;
}

/**
 * A settled ACTIVE service on `<name>:v1` (port 8080, 0.25 vCPU / 0.5 GB, /healthz, 1-4 tasks on requests, a VPC of
 * its own, a task role, KEEP_ME and LOG_LEVEL variables and a DB_URL secret), and a v2 image also in ECR.
 */
export function seedActiveExpress(emulator: Emulator, name: string): SeededExpress {
  const v1 = seededImage(emulator, name, 'v1');
  const v2 = seededImage(emulator, name, 'v2');
  const secretArn = emulator.seedSecret(`${name}/db-url`).arn;
  const state = emulator.seedExpressService({
    name,
    config: {
      infrastructureRoleArn: infrastructureRole(emulator),
      executionRoleArn: executionRole(emulator),
      taskRoleArn: taskRole(emulator),
      cpu: '256',
      memory: '512',
      healthCheckPath: '/healthz',
      networkConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60001'] },
      scalingTarget: {
        minTaskCount: 1,
        maxTaskCount: 4,
        autoScalingMetric: 'REQUEST_COUNT_PER_TARGET',
        autoScalingTargetValue: 100,
      },
      primaryContainer: {
        image: v1,
        containerPort: 8080,
        environment: [
          { name: 'KEEP_ME', value: 'kept' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
        secrets: [{ name: 'DB_URL', valueFrom: secretArn }],
      },
    },
    tags: { team: 'shop' },
  });
  return { v1, v2, state, secretArn };
}

/** The configuration the service serves (activeConfigurations[0] of DescribeExpressGatewayService). */
export function activeConfiguration(emulator: Emulator, name: string): Record<string, unknown> | undefined {
  const description = emulator.expressService(name)?.description as
    { activeConfigurations?: Record<string, unknown>[] } | undefined;
  return description?.activeConfigurations?.[0];
}

/** The revision the service serves, as the emulator keeps it. */
export function servedRevision(emulator: Emulator, name: string) {
  const state = emulator.expressService(name);
  return state?.revisions.find((revision) => revision.arn === state.activeRevisionArn);
}

/** `{ name: value }` of an ECS `[{ name, value }]` list (environment) or `[{ name, valueFrom }]` (secrets). */
export function pairs(list: unknown): Record<string, string> {
  return Object.fromEntries(
    ((list ?? []) as { name?: string; value?: string; valueFrom?: string }[]).map((item) => [
      item.name ?? '',
      item.value ?? item.valueFrom ?? '',
    ]),
  );
}

/** The input of the one call of `operation`, failing when there is not exactly one. */
export function onlyCall(calls: CallRecord[], operation: string): Record<string, unknown> {
  const found = calls.filter((call) => call.operation === operation);
  if (found.length !== 1) throw new Error(`Expected one ${operation}, got ${found.length}`);
  return found[0].input as Record<string, unknown>;
}

/** The log line that mentions every one of `words` (case-insensitive), for per-field diff checks. */
export function lineWith(result: RunResult, ...words: (string | RegExp)[]): string | undefined {
  return result.stdout
    .split('\n')
    .find((line) =>
      words.every((word) =>
        typeof word === 'string' ? line.toLowerCase().includes(word.toLowerCase()) : word.test(line),
      ),
    );
}
