import type {
  CreateExpressGatewayServiceRequest,
  ExpressGatewayContainer,
  UpdateExpressGatewayServiceRequest,
} from '@aws-sdk/client-ecs';
import { diffEnvironment } from '../../core/environment.js';
import type { TargetPlan } from '../../core/target.js';
import type { ExpressShape } from './shape.js';

/** The Express request, whole: it is never relied on how Update treats a member left out (AWS does not say). */
export type ExpressPlan = TargetPlan &
  (
    | { kind: 'create'; request: CreateExpressGatewayServiceRequest }
    | { kind: 'update' | 'redeploy'; request: UpdateExpressGatewayServiceRequest }
    | { kind: 'none' }
  );

type Scalar = string | number | undefined;

/**
 * How each field is shown in the diff, in order. The type names every key of ExpressShape, so a new field without a
 * line here does not compile: it cannot be planned as "no change" by omission.
 */
const FIELDS: {
  [K in keyof ExpressShape]-?: { field: string; show?: (value: ExpressShape[K]) => Scalar } | 'environment';
} = {
  image: { field: 'image' },
  port: { field: 'port' },
  command: { field: 'start-command', show: (value) => value?.join(' ') },
  envVars: 'environment',
  secrets: 'environment',
  logGroup: { field: 'log-group' },
  logStreamPrefix: { field: 'log-stream-prefix' },
  executionRoleArn: { field: 'execution-role-arn' },
  taskRoleArn: { field: 'task-role-arn' },
  cpu: { field: 'cpu', show: (value) => value && `${Number(value) / 1024} vCPU` },
  memory: { field: 'memory', show: (value) => value && `${value} MB` },
  cpuArchitecture: { field: 'cpu-architecture' },
  subnets: { field: 'vpc-subnets', show: (value) => value?.join(', ') },
  securityGroups: { field: 'vpc-security-groups', show: (value) => value?.join(', ') },
  healthCheckPath: { field: 'health-check-path' },
  minTasks: { field: 'min-tasks' },
  maxTasks: { field: 'max-tasks' },
  scalingMetric: { field: 'scaling-metric' },
  scalingTarget: { field: 'scaling-target' },
};

const show = (value: Scalar) => (value === undefined ? '(none)' : String(value));

/** Field-by-field lines; with no `before` (a create) every set field. Variable values are never shown. */
export function diffShapes(before: ExpressShape | undefined, after: ExpressShape): { line: string }[] {
  const lines: string[] = [];
  for (const key of Object.keys(FIELDS) as (keyof ExpressShape)[]) {
    const rule = FIELDS[key] as 'environment' | { field: string; show?: (value: unknown) => Scalar };
    // Variables and secrets: diffed together below.
    if (rule === 'environment') continue;
    const read = (shape: ExpressShape | undefined) => {
      const value = shape?.[key];
      return value === undefined ? undefined : (rule.show?.(value) ?? (value as Scalar));
    };
    const [old, now] = [read(before), read(after)];
    if (old === now || (!before && now === undefined)) continue;
    lines.push(before ? `${rule.field}: ${show(old)} → ${show(now)}` : `${rule.field}: ${show(now)}`);
  }
  lines.push(...diffEnvironment(before, after));
  return lines.map((line) => ({ line }));
}

function container(shape: ExpressShape): ExpressGatewayContainer {
  return {
    image: shape.image,
    containerPort: shape.port,
    command: shape.command,
    environment: Object.entries(shape.envVars).map(([name, value]) => ({ name, value })),
    secrets: Object.entries(shape.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    awsLogsConfiguration: shape.logGroup
      ? { logGroup: shape.logGroup, logStreamPrefix: shape.logStreamPrefix ?? 'ecs' }
      : undefined,
  };
}

/** Every member of the configuration, sent whole on create and on every update. */
export function configurationOf(shape: ExpressShape) {
  const scaling = [shape.minTasks, shape.maxTasks, shape.scalingMetric, shape.scalingTarget].some(
    (v) => v !== undefined,
  );
  return {
    executionRoleArn: shape.executionRoleArn,
    taskRoleArn: shape.taskRoleArn,
    healthCheckPath: shape.healthCheckPath,
    primaryContainer: container(shape),
    networkConfiguration: shape.subnets ? { subnets: shape.subnets, securityGroups: shape.securityGroups } : undefined,
    cpu: shape.cpu,
    memory: shape.memory,
    cpuArchitecture: shape.cpuArchitecture,
    scalingTarget: scaling
      ? {
          minTaskCount: shape.minTasks,
          maxTaskCount: shape.maxTasks,
          autoScalingMetric: shape.scalingMetric,
          autoScalingTargetValue: shape.scalingTarget,
        }
      : undefined,
  };
}
