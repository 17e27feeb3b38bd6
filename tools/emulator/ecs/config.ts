/**
 * The configuration a revision ends up with: defaults filled (as DescribeExpressGatewayService reports them), the
 * update merged onto the current one, and the rules about the whole (task definition of one's own, Fargate sizes).
 */
import { clientException, invalidParameter } from './errors.ts';
import { ecsArn, type EcsPlace, type ExpressConfig } from './model.ts';
import { checkExclusive, type ConfigRequest } from './validate.ts';

/** Fargate's CPU units → memory sizes (MiB) it accepts. */
const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, index) => from + index * step);

export const FARGATE_SIZES: ReadonlyMap<string, readonly number[]> = new Map([
  ['256', [512, 1024, 2048]],
  ['512', range(1024, 4096, 1024)],
  ['1024', range(2048, 8192, 1024)],
  ['2048', range(4096, 16384, 1024)],
  ['4096', range(8192, 30720, 1024)],
  ['8192', range(16384, 61440, 4096)],
  ['16384', range(32768, 122880, 8192)],
]);

/** The emulator's default VPC: what a service without a network configuration reports it runs in. */
export const DEFAULT_NETWORK = {
  subnets: ['subnet-0e1a0000000000001', 'subnet-0e1a0000000000002', 'subnet-0e1a0000000000003'],
  securityGroups: ['sg-0e1a0000000000001'],
};

function checkSize(cpu: string, memory: string): void {
  const sizes = FARGATE_SIZES.get(cpu);
  if (!sizes) {
    throw clientException(`Invalid CPU value '${cpu}'. Valid CPU values are: ${[...FARGATE_SIZES.keys()].join(', ')}.`);
  }
  if (!sizes.includes(Number(memory)) || !/^[0-9]+$/.test(memory)) {
    throw clientException(
      `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. ` +
        `Valid memory values for ${cpu} CPU are: ${sizes.join(', ')}.`,
    );
  }
}

/** Where the container logs go unless the request names a group: the service's own group, streams `ecs/...`. */
export const defaultLogs = (service: { name: string; cluster: string }) => ({
  logGroup: `/aws/ecs/${service.cluster}/${service.name}`,
  logStreamPrefix: 'ecs',
});

/** Registers the next revision of the service's managed task definition family (families are account-wide). */
export function assignTaskDefinition(place: EcsPlace, family: string, config: ExpressConfig): void {
  if (config.ownTaskDefinition) return;
  const revision = (place.ecs.families.get(family) ?? 0) + 1;
  place.ecs.families.set(family, revision);
  config.taskDefinitionArn = ecsArn(place, `task-definition/${family}:${revision}`);
}

/** The members of `previous` the request keeps: all but those it sends, and the task members when it switches kind. */
function merged(request: ConfigRequest, previous: ExpressConfig | undefined): ConfigRequest {
  if (!previous) return request;
  const kept: ConfigRequest = {
    executionRoleArn: previous.executionRoleArn,
    taskRoleArn: previous.taskRoleArn,
    cpu: previous.cpu,
    memory: previous.memory,
    cpuArchitecture: previous.cpuArchitecture,
    primaryContainer: previous.primaryContainer,
    networkConfiguration: previous.networkConfiguration,
    healthCheckPath: previous.healthCheckPath,
    scalingTarget: previous.scalingTarget,
    ...(previous.ownTaskDefinition ? { taskDefinitionArn: previous.taskDefinitionArn } : {}),
  };
  if (request.taskDefinitionArn !== undefined) {
    for (const key of [
      'primaryContainer',
      'executionRoleArn',
      'taskRoleArn',
      'cpu',
      'memory',
      'cpuArchitecture',
    ] as const) {
      delete kept[key];
    }
  }
  if (request.primaryContainer !== undefined) delete kept.taskDefinitionArn;
  const result: ConfigRequest = { ...kept };
  for (const [key, value] of Object.entries(request)) if (value !== undefined) Object.assign(result, { [key]: value });
  return result;
}

/**
 * The configuration of the next revision of service `name`: `request` on top of `previous` (Update) or alone
 * (Create). A structure the request sends replaces the current one whole; its left-out members take defaults.
 */
export function resolveConfig(init: {
  name: string;
  cluster: string;
  request: ConfigRequest;
  previous?: ExpressConfig;
}): ExpressConfig {
  checkExclusive(init.request);
  const want = merged(init.request, init.previous);
  const own = want.taskDefinitionArn !== undefined;
  if (!own && want.primaryContainer === undefined) {
    throw invalidParameter('Either primaryContainer or taskDefinitionArn must be specified.');
  }
  if (!own && want.executionRoleArn === undefined) {
    throw invalidParameter('executionRoleArn is required when primaryContainer is specified.');
  }
  const scaling = want.scalingTarget ?? {};
  const min = scaling.minTaskCount ?? 1;
  const max = scaling.maxTaskCount ?? Math.max(20, min);
  if (min > max) throw invalidParameter(`scalingTarget.minTaskCount (${min}) must not exceed maxTaskCount (${max}).`);
  const config: ExpressConfig = {
    // A managed task definition gets its ARN when the revision is made (assignTaskDefinition), not on a refusal.
    taskDefinitionArn: own ? (want.taskDefinitionArn as string) : '',
    ownTaskDefinition: own,
    networkConfiguration: {
      subnets: [
        ...(want.networkConfiguration?.subnets.length ? want.networkConfiguration.subnets : DEFAULT_NETWORK.subnets),
      ],
      securityGroups: [
        ...(want.networkConfiguration?.securityGroups.length
          ? want.networkConfiguration.securityGroups
          : DEFAULT_NETWORK.securityGroups),
      ],
    },
    healthCheckPath: want.healthCheckPath ?? '/ping',
    scalingTarget: {
      minTaskCount: min,
      maxTaskCount: max,
      autoScalingMetric: scaling.autoScalingMetric ?? 'AVERAGE_CPU',
      autoScalingTargetValue: scaling.autoScalingTargetValue ?? 60,
    },
  };
  if (!own) {
    const cpu = want.cpu ?? '256';
    const memory = want.memory ?? String(FARGATE_SIZES.get(cpu)?.[0] ?? want.memory);
    checkSize(cpu, memory);
    Object.assign(config, { cpu, memory, cpuArchitecture: want.cpuArchitecture ?? 'X86_64' });
    config.primaryContainer = {
      containerPort: 80,
      awsLogsConfiguration: defaultLogs(init),
      ...structuredClone(want.primaryContainer),
    } as ExpressConfig['primaryContainer'];
    config.executionRoleArn = want.executionRoleArn;
    if (want.taskRoleArn !== undefined) config.taskRoleArn = want.taskRoleArn;
  }
  return config;
}
