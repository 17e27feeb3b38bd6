import type { ConnectorSource, DeployConfig, HealthCheckInput, PushConfig } from '../config.js';
import { parseArn, parseSecretReference, SECURITY_GROUP_ID, SERVICE_NAME, SUBNET_ID } from './arn.js';
import { InputError } from './errors.js';
import { parseDeployableImage } from './image.js';
import { checkPair, parseCpu, parseMemory } from '../../targets/apprunner/instance.js';
import { parseTags } from './tags.js';
import { parseBoolean, parseEnum, parseInteger, parseKeyValueLines, parseList } from './values.js';
import { parseImageSource } from './image-source.js';

/** Reads one input by name: '' when not given (as @actions/core's getInput answers). */
export type InputReader = (name: string) => string;
export type Environment = Record<string, string | undefined>;

/**
 * Turns the raw inputs into the one typed config, or throws an InputError naming the first input that is wrong.
 * Pure: no AWS call, no I/O; the environment is passed in.
 */
export function parseInputs(read: InputReader, env: Environment): DeployConfig {
  const optional = (name: string): string | undefined => read(name).trim() || undefined;
  const service = read('service').trim();
  if (!SERVICE_NAME.test(service)) {
    throw new InputError(
      'service',
      `\`${service}\` must be 4-40 letters, digits, hyphens or underscores, starting with a letter or digit.`,
    );
  }
  const cpu = map(optional('cpu'), parseCpu);
  const memory = map(optional('memory'), parseMemory);
  if (cpu && memory) checkPair({ cpu, memory, blame: 'cpu' });

  const push = parsePush(read, env);
  const image = optional('image');
  if (image === undefined && push)
    throw new InputError('image', 'is required with `ecr-repository`: name the local image to push.');
  if (image !== undefined && !push) parseDeployableImage(image);

  const kmsKeyArn = map(optional('kms-key-arn'), (raw) => parseArn('kms-key-arn', raw, 'kmsKey'));
  if (push) push.kmsKeyArn = kmsKeyArn;
  const { envVars, secrets } = parseEnvironment(read, env);
  const { wait, waitTimeoutSeconds } = parseWait(read);
  return {
    service,
    region: parseRegion(optional('region'), env),
    image: push ? undefined : image,
    push,
    accessRoleArn: map(optional('access-role-arn'), (raw) => parseArn('access-role-arn', raw, 'role')),
    instanceRoleArn: map(optional('instance-role-arn'), (raw) => parseArn('instance-role-arn', raw, 'role')),
    cpu,
    memory,
    port: map(optional('port'), (raw) => String(parseInteger('port', raw, { min: 1, max: 65535 }))),
    startCommand: optional('start-command'),
    envVars,
    secrets,
    envUpdateStrategy: parseEnum('env-update-strategy', read('env-update-strategy') || 'merge', ['merge', 'overwrite']),
    ...parseNetwork(read, service),
    healthCheck: parseHealthCheck(optional),
    autoScalingConfigArn: map(optional('auto-scaling-config-arn'), (raw) =>
      parseArn('auto-scaling-config-arn', raw, 'autoScaling'),
    ),
    observabilityConfigArn: map(optional('observability-config-arn'), (raw) =>
      parseArn('observability-config-arn', raw, 'observability'),
    ),
    kmsKeyArn,
    tags: map(optional('tags'), parseTags),
    autoDeployments: parseBoolean('auto-deployments', read('auto-deployments') || 'false'),
    onCreateFailed: parseEnum('on-create-failed', read('on-create-failed') || 'fail', ['fail', 'update', 'recreate']),
    onPaused: parseEnum('on-paused', read('on-paused') || 'fail', ['fail', 'resume']),
    onBusy: parseEnum('on-busy', read('on-busy') || 'wait', ['wait', 'fail']),
    preflight: parseBoolean('preflight', read('preflight') || 'true'),
    dryRun: parseBoolean('dry-run', read('dry-run') || 'false'),
    forceDeploy: parseBoolean('force-deploy', read('force-deploy') || 'false'),
    wait,
    waitTimeoutSeconds,
    githubEnvironment: optional('github-environment'),
    githubToken: optional('github-token'),
  };
}

function map<T>(value: string | undefined, parse: (raw: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function parseRegion(input: string | undefined, env: Environment): string {
  const region = input ?? (env.AWS_REGION || undefined) ?? (env.AWS_DEFAULT_REGION || undefined);
  if (region === undefined) {
    throw new InputError(
      'region',
      'is not set, nor AWS_REGION or AWS_DEFAULT_REGION; name the region the service runs in.',
    );
  }
  if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region))
    throw new InputError('region', `\`${region}\` is not an AWS region.`);
  return region;
}

function parsePush(read: InputReader, env: Environment): PushConfig | undefined {
  const repository = read('ecr-repository').trim();
  if (repository === '') {
    for (const name of ['image-tags', 'repository-tag-mutability']) {
      if (read(name).trim() !== '') throw new InputError(name, 'goes with `ecr-repository`, which is not set.');
    }
    return undefined;
  }
  if (!/^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(repository)) {
    throw new InputError(
      'ecr-repository',
      `\`${repository}\` is not an ECR repository name (lowercase letters, digits, . _ - and /).`,
    );
  }
  const source = read('image').trim();
  try {
    if (source !== '') parseImageSource(source);
  } catch (error) {
    throw new InputError('image', (error as Error).message);
  }
  const tags = parseList(read('image-tags'));
  if (tags.length === 0 && env.GITHUB_SHA) tags.push(env.GITHUB_SHA);
  if (tags.length === 0)
    throw new InputError('image-tags', 'is empty and GITHUB_SHA is not set; name at least one tag.');
  for (const tag of tags) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))
      throw new InputError('image-tags', `\`${tag}\` is not a valid image tag.`);
  }
  const mutability = read('repository-tag-mutability').trim();
  return {
    source,
    repository,
    tags,
    createRepository: parseBoolean('create-repository', read('create-repository') || 'true'),
    concurrency: parseInteger('push-concurrency', read('push-concurrency') || '4', { min: 1, max: 16 }),
    tagMutability: mutability
      ? parseEnum('repository-tag-mutability', mutability, ['MUTABLE', 'IMMUTABLE'] as const)
      : undefined,
  };
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function parseEnvironment(read: InputReader, env: Environment): Pick<DeployConfig, 'envVars' | 'secrets'> {
  const envVars = parseKeyValueLines('env-vars', read('env-vars'));
  const secrets = parseKeyValueLines('secrets', read('secrets'));
  // Which input each name came from, so that an error names the input the user has to change.
  const origin = new Map<string, string>();
  for (const name of Object.keys(envVars)) origin.set(name, 'env-vars');
  for (const name of Object.keys(secrets)) origin.set(name, 'secrets');
  for (const [input, target] of [
    ['copy-env-vars', envVars],
    ['copy-secret-env-vars', secrets],
  ] as const) {
    for (const name of parseList(read(input))) {
      const value = env[name];
      if (value === undefined) throw new InputError(input, `the runner has no environment variable \`${name}\`.`);
      target[name] = value;
      origin.set(name, input);
    }
  }
  for (const [name, input] of origin) {
    if (!ENV_NAME.test(name)) throw new InputError(input, `\`${name}\` is not a valid environment variable name.`);
    if (/^AWSAPPRUNNER/i.test(name))
      throw new InputError(input, `\`${name}\`: names starting with AWSAPPRUNNER are reserved.`);
  }
  for (const [name, value] of Object.entries(secrets)) {
    secrets[name] = parseSecretReference(origin.get(name) ?? 'secrets', { name, value });
  }
  const both = Object.keys(envVars).find((name) => name in secrets);
  if (both) {
    throw new InputError(
      origin.get(both) ?? 'secrets',
      `\`${both}\` is both a variable and a secret; a name is either one.`,
    );
  }
  return { envVars, secrets };
}

function parseNetwork(read: InputReader, service: string): Pick<DeployConfig, 'connector' | 'egress' | 'ingress'> {
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
  if (subnets.length > 0 || groups.length > 0) {
    // Both are required: a connector created without groups gets the VPC's default group, which would never match
    // the input again and so would create a new connector on every run.
    if (subnets.length === 0) throw new InputError('vpc-security-groups', 'goes with `vpc-subnets`, which is empty.');
    if (groups.length === 0) throw new InputError('vpc-subnets', 'needs `vpc-security-groups` too.');
    const badSubnet = subnets.find((id) => !SUBNET_ID.test(id));
    if (badSubnet) throw new InputError('vpc-subnets', `\`${badSubnet}\` is not a subnet ID (subnet-0123abcd...).`);
    const badGroup = groups.find((id) => !SECURITY_GROUP_ID.test(id));
    if (badGroup)
      throw new InputError('vpc-security-groups', `\`${badGroup}\` is not a security group ID (sg-0123abcd...).`);
    const givenName = read('vpc-connector-name').trim();
    const name = givenName || `${service.slice(0, 26)}-egress`;
    if (!SERVICE_NAME.test(name)) {
      throw new InputError('vpc-connector-name', `\`${name}\` must be 4-40 letters, digits, hyphens or underscores.`);
    }
    connector = {
      kind: 'network',
      name,
      nameGiven: givenName !== '',
      subnets: [...subnets].sort(),
      securityGroups: [...groups].sort(),
    };
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

function parseWait(read: InputReader): Pick<DeployConfig, 'wait' | 'waitTimeoutSeconds'> {
  let wait = parseBoolean('wait', read('wait') || 'true');
  let waitTimeoutSeconds = parseInteger('wait-timeout', read('wait-timeout') || '1800', { min: 10, max: 21600 });
  // The official action's two inputs keep their meaning: stability false = do not wait; seconds = the timeout.
  const stability = read('wait-for-service-stability').trim();
  if (stability) wait = parseBoolean('wait-for-service-stability', stability);
  const seconds = read('wait-for-service-stability-seconds').trim();
  if (seconds) {
    waitTimeoutSeconds = parseInteger('wait-for-service-stability-seconds', seconds, { min: 10, max: 3600 });
    if (!stability) wait = true;
  }
  return { wait, waitTimeoutSeconds };
}
