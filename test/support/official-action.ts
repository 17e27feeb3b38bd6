/** awslabs/amazon-app-runner-deploy (v2), the action users migrate from: its inputs and outputs. */

/** Its image-mode inputs, each of which must mean the same here. */
export const OFFICIAL_IMAGE_INPUTS = [
  'service',
  'image',
  'access-role-arn',
  'instance-role-arn',
  'region',
  'cpu',
  'memory',
  'port',
  'tags',
  'auto-scaling-config-arn',
  'copy-env-vars',
  'copy-secret-env-vars',
  'wait-for-service-stability',
  'wait-for-service-stability-seconds',
] as const;

/** Its source-code-mode inputs, each of which must mean the same here too. */
export const OFFICIAL_SOURCE_INPUTS = [
  'source-connection-arn',
  'repo',
  'branch',
  'runtime',
  'build-command',
  'start-command',
] as const;

export const OFFICIAL_OUTPUTS = ['service-id', 'service-arn', 'service-url'] as const;
