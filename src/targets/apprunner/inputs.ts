import { parseArn } from '../../core/inputs/arn.js';
import { map, parseCommonInputs, type Environment, type InputReader } from '../../core/inputs/common.js';
import { InputError } from '../../core/inputs/errors.js';
import { parseImageReference } from '../../core/inputs/image.js';
import { checkVpcNetwork } from '../../core/inputs/network.js';
import { lineSafeReader, parseBoolean, parseEnum, parseInteger, parseList } from '../../core/inputs/values.js';
import type { AppRunnerConfig, ConnectorSource, HealthCheckInput } from './config.js';
import { parseCustomDomain } from './inputs-domain.js';
import { parseConfigurations } from './inputs-scaling.js';
import { parseSourceCode } from './inputs-source.js';
import { checkPair, parseCpu, parseMemory } from './instance.js';

export const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;

function serviceName(raw: string): string {
  if (!SERVICE_NAME.test(raw)) {
    throw new InputError(
      'service',
      `\`${raw}\` must be 4-40 letters, digits, hyphens or underscores, starting with a letter or digit.`,
    );
  }
  return raw;
}

/**
 * Turns the raw inputs into App Runner's typed config, or throws an InputError naming the first input that is wrong.
 * Pure: no AWS call, no I/O; the environment is passed in.
 */
export function parseAppRunnerInputs(readRaw: InputReader, env: Environment): AppRunnerConfig {
  const read = lineSafeReader(readRaw);
  const optional = (name: string): string | undefined => read(name).trim() || undefined;
  const common = parseCommonInputs(read, env, {
    serviceName,
    reservedEnv: { pattern: /^AWSAPPRUNNER/i, why: 'names starting with AWSAPPRUNNER are reserved.' },
  });
  const cpu = map(optional('cpu'), parseCpu);
  const memory = map(optional('memory'), parseMemory);
  if (cpu && memory) checkPair({ cpu, memory, blame: 'cpu' });
  const kmsKeyArn = map(optional('kms-key-arn'), (raw) => parseArn('kms-key-arn', raw, 'kmsKey'));
  // The key encrypts both the service and a repository the push creates.
  if (common.push) common.push.kmsKeyArn = kmsKeyArn;
  const accessRoleArn = map(optional('access-role-arn'), (raw) => parseArn('access-role-arn', raw, 'role'));
  const sourceCode = parseSourceCode(read, { image: optional('image'), push: !!common.push, accessRoleArn });
  return {
    ...common,
    ...parseWaitCompat(read, common),
    image: common.push ? undefined : map(optional('image'), parseDeployableImage),
    sourceCode,
    accessRoleArn,
    instanceRoleArn: map(optional('instance-role-arn'), (raw) => parseArn('instance-role-arn', raw, 'role')),
    cpu,
    memory,
    port: map(optional('port'), (raw) => String(parseInteger('port', raw, { min: 1, max: 65535 }))),
    startCommand: optional('start-command'),
    ...parseNetwork(read, common.service),
    healthCheck: parseHealthCheck(optional),
    ...parseConfigurations(optional, common.service),
    ...parseCustomDomain(read),
    kmsKeyArn,
    autoDeployments: parseBoolean('auto-deployments', read('auto-deployments') || 'false'),
    onCreateFailed: parseEnum('on-create-failed', read('on-create-failed') || 'fail', ['fail', 'update', 'recreate']),
    onPaused: parseEnum('on-paused', read('on-paused') || 'fail', ['fail', 'resume']),
  };
}

/** Images App Runner can deploy: private ECR (needs an access role) or ECR Public. */
export function parseDeployableImage(raw: string): NonNullable<AppRunnerConfig['image']> {
  const image = parseImageReference(raw);
  if (image && image.registry !== 'OTHER') return { ...image, registry: image.registry };
  throw new InputError(
    'image',
    `\`${raw}\` is not an image App Runner can deploy. Use ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG (or @sha256:DIGEST), ` +
      'public.ecr.aws/ALIAS/REPOSITORY:TAG, or set `ecr-repository` to push a local image first.',
  );
}

/** The official action's two inputs keep their meaning: stability false = do not wait; seconds = the timeout. */
function parseWaitCompat(
  read: InputReader,
  common: Pick<AppRunnerConfig, 'wait' | 'waitTimeoutSeconds'>,
): Pick<AppRunnerConfig, 'wait' | 'waitTimeoutSeconds'> {
  let { wait, waitTimeoutSeconds } = common;
  const stability = read('wait-for-service-stability').trim();
  if (stability) wait = parseBoolean('wait-for-service-stability', stability);
  const seconds = read('wait-for-service-stability-seconds').trim();
  if (seconds) {
    waitTimeoutSeconds = parseInteger('wait-for-service-stability-seconds', seconds, { min: 10, max: 3600 });
    if (!stability) wait = true;
  }
  return { wait, waitTimeoutSeconds };
}

function parseNetwork(read: InputReader, service: string): Pick<AppRunnerConfig, 'connector' | 'egress' | 'ingress'> {
  const arn = read('vpc-connector-arn').trim();
  const subnets = parseList(read('vpc-subnets'));
  const groups = parseList(read('vpc-security-groups'));
  const egressRaw = read('egress').trim();
  const egress = egressRaw ? parseEnum('egress', egressRaw, ['default', 'vpc']) : undefined;
  const ingressRaw = read('ingress').trim();
  const ingress = ingressRaw ? parseEnum('ingress', ingressRaw, ['public', 'private']) : undefined;
  let connector: ConnectorSource | undefined;
  if (arn && subnets.length > 0)
    throw new InputError('vpc-connector-arn', 'and `vpc-subnets` exclude each other; give one.');
  if (arn) connector = { kind: 'arn', arn: parseArn('vpc-connector-arn', arn, 'vpcConnector') };
  // A connector created without groups gets the VPC's default group, which would never match the inputs again and
  // so would create a new connector on every run: the check requires both.
  const network = checkVpcNetwork({ subnets, securityGroups: groups });
  if (network) {
    connector = connectorByNetwork(read, { service, ...network });
  } else if (read('vpc-connector-name').trim()) {
    throw new InputError('vpc-connector-name', 'goes with `vpc-subnets` and `vpc-security-groups`.');
  }
  if (egress === 'default' && connector) {
    throw new InputError(
      'egress',
      '`default` means public egress; remove the VPC connector inputs or set `egress: vpc`.',
    );
  }
  if (egress === 'vpc' && !connector)
    throw new InputError('egress', '`vpc` needs `vpc-connector-arn` or `vpc-subnets`.');
  return { connector, egress: egress === 'default' ? 'DEFAULT' : connector ? 'VPC' : undefined, ingress };
}

/** The connector for a network: its name is the one given, or ours (which may take a suffix later). */
function connectorByNetwork(
  read: InputReader,
  network: { service: string; subnets: string[]; securityGroups: string[] },
): ConnectorSource {
  const givenName = read('vpc-connector-name').trim();
  const name = givenName || `${network.service.slice(0, 26)}-egress`;
  if (!SERVICE_NAME.test(name)) {
    throw new InputError('vpc-connector-name', `\`${name}\` must be 4-40 letters, digits, hyphens or underscores.`);
  }
  const { subnets, securityGroups } = network;
  return { kind: 'network', name, nameGiven: givenName !== '', subnets, securityGroups };
}

function parseHealthCheck(optional: (name: string) => string | undefined): HealthCheckInput {
  const number = (name: string) =>
    map(optional(`health-check-${name}`), (raw) => parseInteger(`health-check-${name}`, raw, { min: 1, max: 20 }));
  const protocol = map(optional('health-check-protocol'), (raw) =>
    parseEnum('health-check-protocol', raw, ['TCP', 'HTTP'] as const),
  );
  const path = optional('health-check-path');
  if (path !== undefined && !path.startsWith('/')) {
    throw new InputError('health-check-path', `\`${path}\` must start with /.`);
  }
  if (path !== undefined && protocol === 'TCP')
    throw new InputError('health-check-path', 'only applies to `HTTP` health checks.');
  return {
    protocol,
    path,
    interval: number('interval'),
    timeout: number('timeout'),
    healthyThreshold: number('healthy-threshold'),
    unhealthyThreshold: number('unhealthy-threshold'),
  };
}
