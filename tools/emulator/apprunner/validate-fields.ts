/**
 * App Runner member constraints from the API model (apprunner-2020-05-15): patterns, lengths and ranges. AWS anchors
 * model patterns (the service validates whole values), so every pattern here is anchored too.
 */
import { constraintViolation, invalidRequest } from '../errors.ts';
import type { Place } from './model.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9\-_]{3,39}$/;
const APP_RUNNER_ARN = /^arn:aws(-[\w]+)*:[a-z0-9\-\\.]{0,63}:[a-z0-9\-\\.]{0,63}:[0-9]{12}:(\w|\/|-){1,1011}$/;
const ROLE_ARN =
  /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::[0-9]{12}:(role|role\/service-role)\/[\w+=,.@\-/]{1,1000}$/;
const KMS_KEY_ARN =
  /^arn:aws(-[\w]+)*:kms:[a-z-]+-[0-9]{1}:[0-9]{12}:key\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REPO_PATH = String.raw`((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(:([\w\d+\-=._:\/@])+|@([\w\d\:]+))?`;
const PRIVATE_ECR_IMAGE = new RegExp(
  String.raw`^[0-9]{12}\.dkr\.ecr\.[a-z\-]+-[0-9]{1}\.amazonaws\.com\/${REPO_PATH}$`,
);
const PUBLIC_ECR_IMAGE = new RegExp(String.raw`^public\.ecr\.aws\/.+\/${REPO_PATH}$`);
const NO_LINE_BREAK = /^[^\n\r]+$/;

export const CPU_UNITS: Record<string, string> = {
  '256': '256',
  '512': '512',
  '1024': '1024',
  '2048': '2048',
  '4096': '4096',
  '0.25 vCPU': '256',
  '0.5 vCPU': '512',
  '1 vCPU': '1024',
  '2 vCPU': '2048',
  '4 vCPU': '4096',
};

const MEMORY_GB = ['0.5', '1', '2', '3', '4', '6', '8', '10', '12'];
export const MEMORY_MB: Record<string, string> = Object.fromEntries([
  ...['512', '1024', '2048', '3072', '4096', '6144', '8192', '10240', '12288'].map((mb) => [mb, mb]),
  ...MEMORY_GB.map((gb) => [`${gb} GB`, String(Number(gb) * 1024)]),
]);

/** Memory (MB) each CPU size (units) can run with. */
export const VALID_PAIRS: Record<string, string[]> = {
  '256': ['512', '1024'],
  '512': ['1024'],
  '1024': ['2048', '3072', '4096'],
  '2048': ['4096', '6144'],
  '4096': ['8192', '10240', '12288'],
};

function check(ok: boolean, init: { path: string; value: unknown; constraint: string }): void {
  if (!ok) throw constraintViolation(init);
}

export function checkPattern(init: { path: string; value: string; pattern: RegExp; min?: number; max?: number }): void {
  const { path, value } = init;
  if (init.min !== undefined && value.length < init.min) {
    throw constraintViolation({
      path,
      value,
      constraint: `Member must have length greater than or equal to ${init.min}`,
    });
  }
  if (init.max !== undefined && value.length > init.max) {
    throw constraintViolation({ path, value, constraint: `Member must have length less than or equal to ${init.max}` });
  }
  const source = init.pattern.source.replace(/^\^|\$$/g, '');
  check(init.pattern.test(value), {
    path,
    value,
    constraint: `Member must satisfy regular expression pattern: ${source}`,
  });
}

export function checkRange(init: { path: string; value: number; min: number; max: number }): void {
  const { path, value, min, max } = init;
  check(value >= min, { path, value, constraint: `Member must have value greater than or equal to ${min}` });
  check(value <= max, { path, value, constraint: `Member must have value less than or equal to ${max}` });
}

export function checkName(path: string, value: string): void {
  checkPattern({ path, value, pattern: NAME, min: 4, max: 40 });
}

export function checkAppRunnerArn(path: string, value: string): void {
  checkPattern({ path, value, pattern: APP_RUNNER_ARN, min: 1, max: 1011 });
}

/** An App Runner resource of `kind` in this account and region; returns the part after `<kind>/`. */
export function checkOwnArn(init: { path: string; value: string; kind: string; place: Place }): string {
  checkAppRunnerArn(init.path, init.value);
  const { place } = init;
  const prefix = `arn:${place.partition}:apprunner:${place.region}:${place.accountId}:${init.kind}/`;
  if (!init.value.startsWith(prefix)) {
    throw invalidRequest(
      `${init.path} must be an App Runner ${init.kind} ARN in ${place.region} of account ${place.accountId}: ${init.value}`,
    );
  }
  return init.value.slice(prefix.length);
}

export function checkRoleArn(init: { path: string; value: string; place: Place }): void {
  checkPattern({ path: init.path, value: init.value, pattern: ROLE_ARN, min: 29, max: 1024 });
  if (!init.value.startsWith(`arn:${init.place.partition}:`)) {
    throw invalidRequest(`${init.path} is not a role in partition ${init.place.partition}: ${init.value}`);
  }
}

export function checkKmsKeyArn(init: { path: string; value: string; place: Place }): void {
  checkPattern({ path: init.path, value: init.value, pattern: KMS_KEY_ARN, min: 0, max: 256 });
  const { partition, region } = init.place;
  if (!init.value.startsWith(`arn:${partition}:kms:${region}:`)) {
    throw invalidRequest(`${init.path} must be a KMS key in ${region} (partition ${partition}): ${init.value}`);
  }
}

export function checkImageIdentifier(path: string, value: string): 'ECR' | 'ECR_PUBLIC' {
  checkPattern({
    path,
    value,
    pattern: new RegExp(`${PRIVATE_ECR_IMAGE.source}|${PUBLIC_ECR_IMAGE.source}`),
    min: 1,
    max: 1024,
  });
  return PUBLIC_ECR_IMAGE.test(value) ? 'ECR_PUBLIC' : 'ECR';
}

export function checkCommand(path: string, value: string): void {
  checkPattern({ path, value, pattern: NO_LINE_BREAK });
}

/**
 * The model declares Port a string of at most 51200 characters; the service then wants a port number. Its refusal
 * follows the wording App Runner uses for values it cannot use ("... you specified isn't valid").
 */
export function checkPort(path: string, value: string): void {
  checkPattern({ path, value, pattern: /^.*$/s, min: 0, max: 51200 });
  const port = Number(value);
  if (!/^[0-9]{1,5}$/.test(value) || port < 1 || port > 65535) {
    throw invalidRequest(
      `The port you specified isn't valid. Port: '${value}'. Specify a port number from 1 to 65535.`,
    );
  }
}

export function checkTag(init: { path: string; key: string | undefined; value: string | undefined }): void {
  if (init.key === undefined) throw invalidRequest(`${init.path}.key must be specified`);
  checkPattern({ path: `${init.path}.key`, value: init.key, pattern: /^(?!aws:).+$/s, min: 1, max: 128 });
  if (init.value !== undefined) {
    checkPattern({ path: `${init.path}.value`, value: init.value, pattern: /^.*$/s, min: 0, max: 256 });
  }
}

export function normalizeCpu(path: string, value: string): string {
  const units = CPU_UNITS[value];
  if (units === undefined) {
    checkPattern({ path, value, pattern: /^(256|512|1024|2048|4096|(0.25|0.5|1|2|4) vCPU)$/, min: 3, max: 9 });
    throw invalidRequest(`Invalid value for ${path}: '${value}'`);
  }
  return units;
}

export function normalizeMemory(path: string, value: string): string {
  const mb = MEMORY_MB[value];
  if (mb === undefined) {
    checkPattern({
      path,
      value,
      pattern: /^(512|1024|2048|3072|4096|6144|8192|10240|12288|(0.5|1|2|3|4|6|8|10|12) GB)$/,
      min: 3,
      max: 6,
    });
    throw invalidRequest(`Invalid value for ${path}: '${value}'`);
  }
  return mb;
}
