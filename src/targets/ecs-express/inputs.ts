import { parseArn } from '../../core/inputs/arn.js';
import { map, parseCommonInputs, type Environment, type InputReader } from '../../core/inputs/common.js';
import { InputError } from '../../core/inputs/errors.js';
import { parseImageReference } from '../../core/inputs/image.js';
import { checkVpcNetwork } from '../../core/inputs/network.js';
import { lineSafeReader, parseEnum, parseInteger, parseList, refuseControl } from '../../core/inputs/values.js';
import type { ExpressConfig } from './config.js';
import { checkFargatePair, parseFargateCpu, parseFargateMemory } from './fargate.js';

const SERVICE_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const LOG_GROUP = /^[\w./#-]{1,512}$/;
const APPRUNNER_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;
const METRICS = { cpu: 'AVERAGE_CPU', memory: 'AVERAGE_MEMORY', requests: 'REQUEST_COUNT_PER_TARGET' } as const;

function serviceName(raw: string): string {
  if (!SERVICE_NAME.test(raw))
    throw new InputError('service', `\`${raw}\` must be 1-255 letters, digits, hyphens or underscores.`);
  return raw;
}

/**
 * Turns the raw inputs into Express's typed config, or throws an InputError naming the first input that is wrong.
 * Pure: no AWS call, no I/O; the environment is passed in.
 */
export function parseExpressInputs(readRaw: InputReader, env: Environment): ExpressConfig {
  const read = lineSafeReader(readRaw);
  const optional = (name: string): string | undefined => read(name).trim() || undefined;
  const role = (name: string) => map(optional(name), (raw) => parseArn(name, raw, 'role'));
  const common = parseCommonInputs(read, env, { serviceName });
  const cpu = map(optional('cpu'), parseFargateCpu);
  const memory = map(optional('memory'), parseFargateMemory);
  if (cpu && memory) checkFargatePair({ cpu, memory, blame: 'cpu' });
  return {
    ...common,
    image: common.push ? undefined : map(optional('image'), parseImage),
    cluster: parseCluster(read('cluster').trim() || 'default'),
    executionRoleArn: role('execution-role-arn'),
    infrastructureRoleArn: role('infrastructure-role-arn'),
    taskRoleArn: role('task-role-arn'),
    cpu,
    memory,
    cpuArchitecture: map(optional('cpu-architecture'), (raw) =>
      parseEnum('cpu-architecture', raw, ['X86_64', 'ARM64'] as const),
    ),
    port: map(optional('port'), (raw) => parseInteger('port', raw, { min: 1, max: 65535 })),
    command: map(optional('start-command'), parseCommand),
    network: parseNetwork(read),
    healthCheckPath: map(optional('health-check-path'), (raw) => {
      if (!/^\/\S{0,254}$/.test(raw))
        throw new InputError('health-check-path', `\`${raw}\` must start with / and have no spaces.`);
      return raw;
    }),
    ...parseScaling(optional),
    logGroup: map(optional('log-group'), (raw) => {
      if (!LOG_GROUP.test(raw))
        throw new InputError('log-group', `\`${raw}\` is not a log group name (letters, digits, _ - / . #).`);
      return raw;
    }),
    fromAppRunnerService: map(optional('from-apprunner-service'), (raw) => {
      if (!APPRUNNER_NAME.test(raw))
        throw new InputError('from-apprunner-service', `\`${raw}\` is not an App Runner service name.`);
      return raw;
    }),
  };
}

/** ECS pulls from any registry: any image reference is deployed as is. */
function parseImage(raw: string): NonNullable<ExpressConfig['image']> {
  const image = parseImageReference(raw);
  if (image) return image;
  throw new InputError(
    'image',
    `\`${raw}\` is not an image reference (REGISTRY/NAME:TAG or @sha256:DIGEST); set \`ecr-repository\` to push a local image first.`,
  );
}

function parseCluster(raw: string): string {
  if (raw.startsWith('arn:')) return parseArn('cluster', raw, 'ecsCluster');
  if (!CLUSTER_NAME.test(raw))
    throw new InputError(
      'cluster',
      `\`${raw}\` must be 1-255 letters, digits, hyphens or underscores, or a cluster ARN.`,
    );
  return raw;
}

/** A JSON array of arguments, or words split on spaces. */
function parseCommand(raw: string): string[] {
  if (!raw.startsWith('[')) return raw.split(/\s+/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InputError(
      'start-command',
      'looks like a JSON array but does not parse; give words, or a JSON array of strings.',
    );
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((item) => typeof item === 'string')) {
    throw new InputError('start-command', 'must be a non-empty JSON array of strings.');
  }
  // JSON escapes (`\n`) get past the reader's check of the raw text; each argument is printed in the plan diff.
  for (const item of parsed as string[]) refuseControl('start-command', item);
  return parsed;
}

function parseNetwork(read: InputReader): ExpressConfig['network'] {
  return checkVpcNetwork({
    subnets: parseList(read('vpc-subnets')),
    securityGroups: parseList(read('vpc-security-groups')),
  });
}

function parseScaling(optional: (name: string) => string | undefined) {
  const count = (name: string) => map(optional(name), (raw) => parseInteger(name, raw, { min: 1, max: 1000 }));
  const minTasks = count('min-tasks');
  const maxTasks = count('max-tasks');
  if (minTasks !== undefined && maxTasks !== undefined && minTasks > maxTasks) {
    throw new InputError('min-tasks', `${minTasks} is more than \`max-tasks\` (${maxTasks}).`);
  }
  const metric = map(optional('scaling-metric'), (raw) =>
    parseEnum('scaling-metric', raw, ['cpu', 'memory', 'requests'] as const),
  );
  const scalingMetric = metric && METRICS[metric];
  const top = metric === 'requests' || metric === undefined ? 1_000_000 : 100;
  const scalingTarget = map(optional('scaling-target'), (raw) =>
    parseInteger('scaling-target', raw, { min: 1, max: top }),
  );
  return { minTasks, maxTasks, scalingMetric, scalingTarget };
}
