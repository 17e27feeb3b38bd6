import { InputError } from './errors.js';
import { ACCOUNT, PARTITION, REGION } from './patterns.js';

/**
 * A runtime secret as the user named it, parsed once: `value` is what the service is given (App Runner's
 * RuntimeEnvironmentSecrets value, ECS's `valueFrom`), the rest is where preflight looks it up.
 */
export type SecretReference = { value: string } & (
  | { store: 'secretsmanager'; id: string; region: string; account: string }
  | { store: 'ssm'; name: string; region?: string; account?: string }
);

/** A secret ARN, optionally naming a JSON key, stage and version (`…:secret:name-AbCdEf:key:AWSCURRENT:`). */
const SECRET_ARN = new RegExp(
  `^${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[\\w/+=.@-]{1,512}(?::[^:]*:[^:]*:[^:]*)?$`,
);
const PARAMETER_ARN = new RegExp(`^${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/[\\w./-]{1,2048}$`);
const PARAMETER_NAME = /^\/?[\w.-]+(?:\/[\w.-]+)*$/;

/** A Secrets Manager secret ARN, an SSM parameter ARN, or a same-region SSM parameter name. */
export function parseSecretReference(input: string, raw: { name: string; value: string }): SecretReference {
  const value = raw.value;
  if (SECRET_ARN.test(value) || PARAMETER_ARN.test(value)) return locate(value);
  if (!value.startsWith('arn:') && PARAMETER_NAME.test(value) && value.length <= 2048) {
    return { value, store: 'ssm', name: value };
  }
  // The value is not echoed: a secret's value pasted here by mistake must not reach the log.
  throw new InputError(
    input,
    `\`${raw.name}\` must be a Secrets Manager secret ARN, an SSM parameter ARN or a same-region SSM parameter name.`,
  );
}

/** Which store a valid ARN points at, and in which region and account. */
function locate(value: string): SecretReference {
  const [, , service, region, account, ...rest] = value.split(':');
  if (service === 'secretsmanager') {
    // DescribeSecret takes the secret's own ARN: the first seven fields, without a JSON key, stage or version.
    return { value, store: 'secretsmanager', id: value.split(':').slice(0, 7).join(':'), region, account };
  }
  const resource = rest.join(':').slice('parameter'.length);
  // `parameter/a/b` names the hierarchical parameter `/a/b`; `parameter/a` names the flat parameter `a`.
  const name = resource.split('/').length > 2 ? resource : resource.slice(1);
  return { value, store: 'ssm', name, region, account };
}

/** The references as the service stores them: name → value. */
export function secretValues(secrets: Record<string, SecretReference>): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets).map(([name, reference]) => [name, reference.value]));
}
