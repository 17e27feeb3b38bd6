import { InputError } from './errors.js';

/** ARN and identifier shapes, checked before any AWS call. Partitions: aws, aws-cn, aws-us-gov. */

const PARTITION = 'arn:aws(?:-cn|-us-gov)?';
const REGION = '[a-z]{2}(?:-gov)?-[a-z]+-\\d';
const ACCOUNT = '\\d{12}';
/** App Runner configurations may be named by name alone (latest revision), name/revision, or the full ARN. */
const APPRUNNER_RESOURCE = (kind: string, partial = false) =>
  new RegExp(
    `^${PARTITION}:apprunner:${REGION}:${ACCOUNT}:${kind}/[A-Za-z0-9][A-Za-z0-9-_]{3,39}` +
      (partial ? '(?:/\\d+(?:/[0-9a-f]{32})?)?$' : '/\\d+/[0-9a-f]{32}$'),
  );

const SHAPES = {
  role: {
    pattern: new RegExp(`^${PARTITION}:iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`),
    example: 'arn:aws:iam::123456789012:role/NAME',
  },
  vpcConnector: {
    pattern: APPRUNNER_RESOURCE('vpcconnector'),
    example: 'arn:aws:apprunner:REGION:ACCOUNT:vpcconnector/NAME/REVISION/ID',
  },
  autoScaling: {
    pattern: APPRUNNER_RESOURCE('autoscalingconfiguration', true),
    example: 'arn:aws:apprunner:REGION:ACCOUNT:autoscalingconfiguration/NAME/REVISION/ID',
  },
  observability: {
    pattern: APPRUNNER_RESOURCE('observabilityconfiguration', true),
    example: 'arn:aws:apprunner:REGION:ACCOUNT:observabilityconfiguration/NAME/REVISION/ID',
  },
  kmsKey: {
    pattern: new RegExp(`^${PARTITION}:kms:${REGION}:${ACCOUNT}:key/[A-Za-z0-9-]{1,128}$`),
    example: 'arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
  },
} as const;

export type ArnKind = keyof typeof SHAPES;

export function parseArn(input: string, raw: string, kind: ArnKind): string {
  const shape = SHAPES[kind];
  if (!shape.pattern.test(raw)) throw new InputError(input, `\`${raw}\` is not an ARN of the form ${shape.example}.`);
  return raw;
}

/** A secret ARN, optionally naming a JSON key, stage and version (`…:secret:name-AbCdEf:key:AWSCURRENT:`). */
const SECRET_ARN = new RegExp(
  `^${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:[\\w/+=.@-]{1,512}(?::[^:]*:[^:]*:[^:]*)?$`,
);
const PARAMETER_ARN = new RegExp(`^${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/[\\w./-]{1,2048}$`);
const PARAMETER_NAME = /^\/?[\w.-]+(?:\/[\w.-]+)*$/;

/** A runtime secret: a Secrets Manager secret ARN, an SSM parameter ARN, or a same-region SSM parameter name. */
export function parseSecretReference(input: string, raw: { name: string; value: string }): string {
  const value = raw.value;
  if (SECRET_ARN.test(value) || PARAMETER_ARN.test(value)) return value;
  if (!value.startsWith('arn:') && PARAMETER_NAME.test(value) && value.length <= 2048) return value;
  // The value is not echoed: a secret's value pasted here by mistake must not reach the log.
  throw new InputError(
    input,
    `\`${raw.name}\` must be a Secrets Manager secret ARN, an SSM parameter ARN or a same-region SSM parameter name.`,
  );
}

export type SecretReference =
  | { store: 'secretsmanager'; id: string; region: string; account: string }
  | { store: 'ssm'; name: string; region?: string; account?: string };

/** Which store a validated reference points at, and in which region (a bare parameter name is in ours). */
export function describeSecretReference(value: string): SecretReference {
  if (!value.startsWith('arn:')) return { store: 'ssm', name: value };
  const [, , service, region, account, ...rest] = value.split(':');
  if (service === 'secretsmanager') {
    // DescribeSecret takes the secret's own ARN: the first seven fields, without a JSON key, stage or version.
    return { store: 'secretsmanager', id: value.split(':').slice(0, 7).join(':'), region, account };
  }
  const resource = rest.join(':').slice('parameter'.length);
  // `parameter/a/b` names the hierarchical parameter `/a/b`; `parameter/a` names the flat parameter `a`.
  const name = resource.split('/').length > 2 ? resource : resource.slice(1);
  return { store: 'ssm', name, region, account };
}

export const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;
export const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
