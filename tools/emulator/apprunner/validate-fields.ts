/**
 * App Runner member rules the API model does not state. The model's own constraints (patterns, lengths, ranges,
 * enums) are checked for every request by the emulator's front end (../model/check.ts); the helpers here that check a
 * single value against a model shape serve what arrives without a request (seeds), and read the same model.
 */
import { constraintViolation, invalidRequest } from '../errors.ts';
import { checkShape } from '../model/check.ts';
import type { Place } from './model.ts';

/** One value against its model shape, refused as the front end refuses a request. */
const checkModel = (shape: string, path: string, value: string): void =>
  checkShape({ service: 'apprunner', shape, path, value });

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

/** A constraint given by the caller, for names the served operations' models do not carry (seeded configurations). */
export function checkPattern(init: { path: string; value: string; pattern: RegExp; min?: number; max?: number }): void {
  const { path, value } = init;
  const refuse = (constraint: string): never => {
    throw constraintViolation({ path, value, constraint });
  };
  if (init.min !== undefined && value.length < init.min)
    refuse(`Member must have length greater than or equal to ${init.min}`);
  if (init.max !== undefined && value.length > init.max)
    refuse(`Member must have length less than or equal to ${init.max}`);
  const source = init.pattern.source.replace(/^\^|\$$/g, '');
  if (!init.pattern.test(value)) refuse(`Member must satisfy regular expression pattern: ${source}`);
}

/** Service and VPC connector names, by the model shape of the member `path` names. */
export function checkName(path: string, value: string): void {
  checkModel(path === 'vpcConnectorName' ? 'VpcConnectorName' : 'ServiceName', path, value);
}

export function checkAppRunnerArn(path: string, value: string): void {
  checkModel('AppRunnerResourceArn', path, value);
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

/** The model takes a role in any partition; the service only one in its own. */
export function checkRoleArn(init: { path: string; value: string; place: Place }): void {
  if (!init.value.startsWith(`arn:${init.place.partition}:`)) {
    throw invalidRequest(`${init.path} is not a role in partition ${init.place.partition}: ${init.value}`);
  }
}

/** The model takes a key in any region; the service only one in its own. */
export function checkKmsKeyArn(init: { path: string; value: string; place: Place }): void {
  const { partition, region } = init.place;
  if (!init.value.startsWith(`arn:${partition}:kms:${region}:`)) {
    throw invalidRequest(`${init.path} must be a KMS key in ${region} (partition ${partition}): ${init.value}`);
  }
}

/** Which registry a (model-valid) image identifier names, for the cross-check with ImageRepositoryType. */
export const imageKind = (value: string): 'ECR' | 'ECR_PUBLIC' =>
  value.startsWith('public.ecr.aws/') ? 'ECR_PUBLIC' : 'ECR';

/**
 * The model declares Port a string of at most 51200 characters; the service then wants a port number. Its refusal
 * follows the wording App Runner uses for values it cannot use ("... you specified isn't valid").
 */
export function checkPort(_path: string, value: string): void {
  const port = Number(value);
  if (!/^[0-9]{1,5}$/.test(value) || port < 1 || port > 65535) {
    throw invalidRequest(
      `The port you specified isn't valid. Port: '${value}'. Specify a port number from 1 to 65535.`,
    );
  }
}

/** The model leaves Tag.Key optional; a tag without a key is still nothing the service can store. */
export function checkTag(init: { path: string; key: string | undefined; value: string | undefined }): void {
  if (init.key === undefined) throw invalidRequest(`${init.path}.key must be specified`);
  checkModel('TagKey', `${init.path}.key`, init.key);
  if (init.value !== undefined) checkModel('TagValue', `${init.path}.value`, init.value);
}

/** CPU in units; the model's pattern takes more spellings than the service has sizes (e.g. "0.25 vCPU" only). */
export function normalizeCpu(path: string, value: string): string {
  checkModel('Cpu', path, value);
  const units = CPU_UNITS[value];
  if (units === undefined) throw invalidRequest(`Invalid value for ${path}: '${value}'`);
  return units;
}

export function normalizeMemory(path: string, value: string): string {
  checkModel('Memory', path, value);
  const mb = MEMORY_MB[value];
  if (mb === undefined) throw invalidRequest(`Invalid value for ${path}: '${value}'`);
  return mb;
}
