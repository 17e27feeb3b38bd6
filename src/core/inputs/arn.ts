import { InputError } from './errors.js';
import { ACCOUNT, PARTITION, REGION } from './patterns.js';

/** ARN shapes, checked before any AWS call. Partitions: aws, aws-cn, aws-us-gov. */

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
  connection: {
    pattern: new RegExp(
      `^${PARTITION}:apprunner:${REGION}:${ACCOUNT}:connection/[A-Za-z0-9][A-Za-z0-9-_]{3,31}/[0-9a-f]{32}$`,
    ),
    example: 'arn:aws:apprunner:REGION:ACCOUNT:connection/NAME/ID',
  },
  kmsKey: {
    pattern: new RegExp(`^${PARTITION}:kms:${REGION}:${ACCOUNT}:key/[A-Za-z0-9-]{1,128}$`),
    example: 'arn:aws:kms:REGION:ACCOUNT:key/KEY-ID',
  },
  ecsCluster: {
    pattern: new RegExp(`^${PARTITION}:ecs:${REGION}:${ACCOUNT}:cluster/[A-Za-z0-9_-]{1,255}$`),
    example: 'arn:aws:ecs:REGION:ACCOUNT:cluster/NAME',
  },
} as const;

export type ArnKind = keyof typeof SHAPES;

export function parseArn(input: string, raw: string, kind: ArnKind): string {
  const shape = SHAPES[kind];
  if (!shape.pattern.test(raw)) throw new InputError(input, `\`${raw}\` is not an ARN of the form ${shape.example}.`);
  return raw;
}

/** The account an ARN belongs to (`arn:PARTITION:SERVICE:REGION:ACCOUNT:...`), if it names one. */
export function accountOf(arn: string | undefined): string | undefined {
  return /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1];
}
