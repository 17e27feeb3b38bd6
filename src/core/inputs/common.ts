import { TAG_MUTABILITIES, type CommonConfig, type PushConfig } from '../config.js';
import { InputError } from './errors.js';
import { parseImageSource } from './image-source.js';
import { IMAGE_TAG_PATTERN, REGION_PATTERN } from './patterns.js';
import { parseSecretReference, type SecretReference } from './secrets.js';
import { parseTags } from './tags.js';
import {
  lineSafeReader,
  parseBoolean,
  parseEnum,
  parseInteger,
  parseKeyValueLines,
  parseList,
  refuseControl,
} from './values.js';

/** Reads one input by name: '' when not given (as @actions/core's getInput answers). */
export type InputReader = (name: string) => string;
export type Environment = Record<string, string | undefined>;

/** What differs between targets in the inputs they share. */
export interface CommonRules {
  /** Checks the service name against the target's rule and answers it. */
  serviceName: (raw: string) => string;
  /** Variable names the target's platform reserves, e.g. App Runner's `AWSAPPRUNNER*`. */
  reservedEnv?: { pattern: RegExp; why: string };
}

/** The inputs every target takes. Pure: no AWS call, no I/O; the environment is passed in. */
export function parseCommonInputs(readRaw: InputReader, env: Environment, rules: CommonRules): CommonConfig {
  const read = lineSafeReader(readRaw);
  const optional = (name: string): string | undefined => read(name).trim() || undefined;
  const service = rules.serviceName(read('service').trim());
  const push = parsePush(read, env);
  return {
    service,
    region: parseRegion(optional('region'), env),
    push,
    ...parseEnvironment(read, env, rules),
    envUpdateStrategy: parseEnum('env-update-strategy', read('env-update-strategy') || 'merge', ['merge', 'overwrite']),
    tags: map(optional('tags'), parsePrintableTags),
    onBusy: parseEnum('on-busy', read('on-busy') || 'wait', ['wait', 'fail']),
    preflight: parseBoolean('preflight', read('preflight') || 'true'),
    dryRun: parseBoolean('dry-run', read('dry-run') || 'false'),
    forceDeploy: parseBoolean('force-deploy', read('force-deploy') || 'false'),
    wait: parseBoolean('wait', read('wait') || 'true'),
    waitTimeoutSeconds: parseInteger('wait-timeout', read('wait-timeout') || '1800', { min: 10, max: 21600 }),
    githubEnvironment: optional('github-environment'),
    githubToken: optional('github-token'),
  };
}

export function map<T>(value: string | undefined, parse: (raw: string) => T): T | undefined {
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
  if (!REGION_PATTERN.test(region)) throw new InputError('region', `\`${region}\` is not an AWS region.`);
  return region;
}

const REPOSITORY_NAME = /^(?=.{2,256}$)[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

function parsePush(read: InputReader, env: Environment): PushConfig | undefined {
  const repository = read('ecr-repository').trim();
  if (repository === '') {
    for (const name of ['image-tags', 'repository-tag-mutability', 'repository-tag-mutability-exclusions']) {
      if (read(name).trim() !== '') throw new InputError(name, 'goes with `ecr-repository`, which is not set.');
    }
    return undefined;
  }
  if (!REPOSITORY_NAME.test(repository)) {
    throw new InputError(
      'ecr-repository',
      `\`${repository}\` is not an ECR repository name (lowercase letters, digits, . _ - and /).`,
    );
  }
  const sourceName = read('image').trim();
  if (sourceName === '')
    throw new InputError('image', 'is required with `ecr-repository`: name the local image to push.');
  let source;
  try {
    source = parseImageSource(sourceName);
  } catch (error) {
    throw new InputError('image', (error as Error).message);
  }
  const mutability = read('repository-tag-mutability').trim();
  const tagMutability = mutability ? parseEnum('repository-tag-mutability', mutability, TAG_MUTABILITIES) : undefined;
  return {
    source,
    sourceName,
    repository,
    tags: parseImageTags(read('image-tags'), env),
    createRepository: parseBoolean('create-repository', read('create-repository') || 'true'),
    concurrency: parseInteger('push-concurrency', read('push-concurrency') || '4', { min: 1, max: 16 }),
    tagMutability,
    tagMutabilityExclusions: parseExclusions(read('repository-tag-mutability-exclusions'), tagMutability),
  };
}

/** ECR's WILDCARD exclusion filters: 1-5 of `[0-9a-zA-Z._*-]{1,128}`, only with a `*_WITH_EXCLUSION` mutability. */
function parseExclusions(raw: string, mutability: PushConfig['tagMutability']): string[] | undefined {
  const name = 'repository-tag-mutability-exclusions';
  const filters = parseList(raw);
  const needs = mutability?.endsWith('_WITH_EXCLUSION') ?? false;
  if (filters.length === 0) {
    if (needs)
      throw new InputError(name, `is required with \`${mutability}\`: name 1-5 tag filters, e.g. \`latest, dev-*\`.`);
    return undefined;
  }
  if (!needs) {
    throw new InputError(
      name,
      'goes with `repository-tag-mutability: IMMUTABLE_WITH_EXCLUSION` or `MUTABLE_WITH_EXCLUSION`.',
    );
  }
  if (filters.length > 5) throw new InputError(name, `has ${filters.length} filters; ECR takes 1 to 5.`);
  const bad = filters.find((filter) => !/^[0-9a-zA-Z._*-]{1,128}$/.test(filter));
  if (bad !== undefined) {
    throw new InputError(name, `\`${bad}\` is not a tag filter (1-128 of letters, digits, . _ - and the wildcard *).`);
  }
  return filters;
}

function parseImageTags(raw: string, env: Environment): [string, ...string[]] {
  const tags = parseList(raw);
  if (tags.length === 0 && env.GITHUB_SHA) tags.push(env.GITHUB_SHA);
  const [first, ...rest] = tags;
  if (first === undefined)
    throw new InputError('image-tags', 'is empty and GITHUB_SHA is not set; name at least one tag.');
  for (const tag of tags) {
    if (!IMAGE_TAG_PATTERN.test(tag)) throw new InputError('image-tags', `\`${tag}\` is not a valid image tag.`);
  }
  return [first, ...rest];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The JSON form's escapes (`\u2028`, `\n`) get past the reader's check of the raw text; tags are printed in the plan. */
function parsePrintableTags(raw: string): Record<string, string> {
  const tags = parseTags(raw);
  for (const [key, value] of Object.entries(tags)) refuseControl('tags', `${key}${value}`);
  return tags;
}

function parseEnvironment(
  read: InputReader,
  env: Environment,
  rules: CommonRules,
): Pick<CommonConfig, 'envVars' | 'secrets'> {
  const envVars = parseKeyValueLines('env-vars', read('env-vars'));
  const secretValues = parseKeyValueLines('secrets', read('secrets'));
  // Which input each name came from, so that an error names the input the user has to change.
  const origin = new Map<string, string>();
  for (const name of Object.keys(envVars)) origin.set(name, 'env-vars');
  for (const name of Object.keys(secretValues)) origin.set(name, 'secrets');
  for (const [input, target] of [
    ['copy-env-vars', envVars],
    ['copy-secret-env-vars', secretValues],
  ] as const) {
    for (const name of parseList(read(input))) {
      // Checked before the lookup, whose error names it: a name with a line break must not reach the log.
      if (!ENV_NAME.test(name)) throw new InputError(input, 'names a variable with characters a name cannot have.');
      const value = env[name];
      if (value === undefined) throw new InputError(input, `the runner has no environment variable \`${name}\`.`);
      target[name] = value;
      origin.set(name, input);
    }
  }
  for (const [name, input] of origin) {
    if (!ENV_NAME.test(name)) throw new InputError(input, `\`${name}\` is not a valid environment variable name.`);
    if (rules.reservedEnv?.pattern.test(name)) throw new InputError(input, `\`${name}\`: ${rules.reservedEnv.why}`);
  }
  const secrets: Record<string, SecretReference> = {};
  for (const [name, value] of Object.entries(secretValues)) {
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

/** Names that say the value is a secret; such a value belongs in `secrets`, not in a plain variable. */
const SECRET_LIKE_NAME = /SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL/i;

/**
 * Plain variables whose names look like secrets: a warning for each (its name, never its value) and the values to
 * mask in the log. A multi-line value is also masked line by line, as the runner masks each log line on its own.
 * Values of one or two characters are not masked: the runner would turn every such letter pair in the log into
 * `***`, and a value that short is no secret anyway.
 */
export function plainSecrets(envVars: Record<string, string>): { masks: string[]; warnings: string[] } {
  const masks: string[] = [];
  const warnings: string[] = [];
  for (const [name, value] of Object.entries(envVars)) {
    if (!SECRET_LIKE_NAME.test(name)) continue;
    const lines = value.includes('\n') ? value.split(/\r?\n/) : [];
    masks.push(...[value, ...lines].filter((text) => text.trim().length > 2));
    warnings.push(
      `\`${name}\` (from \`env-vars\` or \`copy-env-vars\`) looks like a secret but is a plain variable: the service ` +
        'configuration stores it in clear text, readable by anyone who can describe the service. Its value is masked ' +
        'in this log; store it in Secrets Manager or SSM Parameter Store and pass it with `secrets` instead.',
    );
  }
  return { masks, warnings };
}
