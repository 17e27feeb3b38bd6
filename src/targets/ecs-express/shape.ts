import type { ExpressGatewayServiceConfiguration } from '@aws-sdk/client-ecs';
import { InputError } from '../../core/inputs/errors.js';
import { mergeEnvironment } from '../../core/environment.js';
import type { ExpressConfig, ScalingMetric } from './config.js';
import { checkFargatePair, FARGATE_PAIRS } from './fargate.js';

/**
 * An Express service's configuration flattened to the fields this action manages, so that "what the service has"
 * and "what the inputs ask for" compare field by field and turn back into one whole request.
 */
export interface ExpressShape {
  image: string;
  port?: number;
  command?: string[];
  envVars: Record<string, string>;
  secrets: Record<string, string>;
  logGroup?: string;
  logStreamPrefix?: string;
  executionRoleArn?: string;
  taskRoleArn?: string;
  cpu?: string;
  memory?: string;
  cpuArchitecture?: 'X86_64' | 'ARM64';
  subnets?: string[];
  securityGroups?: string[];
  healthCheckPath?: string;
  minTasks?: number;
  maxTasks?: number;
  scalingMetric?: ScalingMetric;
  scalingTarget?: number;
}

/** The configuration DescribeExpressGatewayService answers as the active one. */
export function shapeOf(active: ExpressGatewayServiceConfiguration): ExpressShape {
  const container = active.primaryContainer;
  const pairs = (
    list: { name?: string; value?: string; valueFrom?: string }[] | undefined,
    key: 'value' | 'valueFrom',
  ) => Object.fromEntries((list ?? []).map((item) => [item.name ?? '', item[key] ?? '']));
  return {
    image: container?.image ?? '',
    port: container?.containerPort,
    command: container?.command,
    envVars: pairs(container?.environment, 'value'),
    secrets: pairs(container?.secrets, 'valueFrom'),
    logGroup: container?.awsLogsConfiguration?.logGroup,
    logStreamPrefix: container?.awsLogsConfiguration?.logStreamPrefix,
    executionRoleArn: active.executionRoleArn,
    taskRoleArn: active.taskRoleArn,
    cpu: active.cpu,
    memory: active.memory,
    cpuArchitecture: active.cpuArchitecture,
    subnets: active.networkConfiguration?.subnets && [...active.networkConfiguration.subnets].sort(),
    securityGroups:
      active.networkConfiguration?.securityGroups && [...active.networkConfiguration.securityGroups].sort(),
    healthCheckPath: active.healthCheckPath,
    minTasks: active.scalingTarget?.minTaskCount,
    maxTasks: active.scalingTarget?.maxTaskCount,
    scalingMetric: active.scalingTarget?.autoScalingMetric,
    scalingTarget: active.scalingTarget?.autoScalingTargetValue,
  };
}

/**
 * The shape the inputs ask for: `base` (what the service has, or what an App Runner service being migrated has)
 * with every given input laid over it. `creating`: ECS's defaults apply to what neither names.
 */
export function desiredShape(input: {
  base?: ExpressShape;
  config: ExpressConfig;
  image?: string;
  creating: boolean;
}): ExpressShape {
  const { base, config } = input;
  const image = input.image ?? config.image?.identifier ?? base?.image;
  if (!image)
    throw new InputError('image', `is required to create service \`${config.service}\`, which does not exist yet.`);
  const executionRoleArn = config.executionRoleArn ?? base?.executionRoleArn;
  if (input.creating && !executionRoleArn) {
    throw new InputError(
      'execution-role-arn',
      'is required to create a service: the role ECS pulls the image and writes logs with.',
    );
  }
  const { cpu, memory } = desiredSize(input);
  const minTasks = config.minTasks ?? base?.minTasks;
  const maxTasks = config.maxTasks ?? base?.maxTasks;
  if (minTasks !== undefined && maxTasks !== undefined && minTasks > maxTasks) {
    throw new InputError(
      config.minTasks === undefined ? 'max-tasks' : 'min-tasks',
      `min-tasks ${minTasks} is more than max-tasks ${maxTasks}.`,
    );
  }
  return {
    image,
    port: config.port ?? base?.port,
    command: config.command ?? base?.command,
    ...mergeEnvironment(base, config),
    logGroup: config.logGroup ?? base?.logGroup,
    logStreamPrefix: base?.logStreamPrefix ?? (config.logGroup ? 'ecs' : undefined),
    executionRoleArn,
    taskRoleArn: config.taskRoleArn ?? base?.taskRoleArn,
    cpu,
    memory,
    cpuArchitecture: config.cpuArchitecture ?? base?.cpuArchitecture,
    subnets: config.network?.subnets ?? base?.subnets,
    securityGroups: config.network?.securityGroups ?? base?.securityGroups,
    healthCheckPath: config.healthCheckPath ?? base?.healthCheckPath,
    minTasks,
    maxTasks,
    scalingMetric: config.scalingMetric ?? base?.scalingMetric,
    scalingTarget: config.scalingTarget ?? base?.scalingTarget,
  };
}

/** A CPU given alone takes the smallest memory it allows: the action sends a pair rather than rely on ECS's choice. */
function desiredSize(input: { base?: ExpressShape; config: ExpressConfig }) {
  const { base, config } = input;
  const cpu = config.cpu ?? base?.cpu;
  let memory = config.memory ?? base?.memory;
  if (cpu && (memory === undefined || (config.cpu && !config.memory && !FARGATE_PAIRS[cpu]?.includes(memory)))) {
    memory = FARGATE_PAIRS[cpu]?.[0];
  }
  if (cpu && memory) checkFargatePair({ cpu, memory, blame: config.cpu === undefined ? 'memory' : 'cpu' });
  return { cpu, memory };
}
