import type { Service } from '@aws-sdk/client-apprunner';
import type { Clock } from '../../src/core/clock.ts';
import { parseSecretReference } from '../../src/core/inputs/secrets.ts';
import type { AppRunnerConfig } from '../../src/targets/apprunner/config.ts';
import { parseDeployableImage } from '../../src/targets/apprunner/inputs.ts';

export const ROLE = 'arn:aws:iam::123456789012:role/apprunner-ecr';
export const INSTANCE_ROLE = 'arn:aws:iam::123456789012:role/apprunner-instance';
export const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:v1';
export const SERVICE_ARN = `arn:aws:apprunner:eu-west-1:123456789012:service/web-app/${'1'.repeat(32)}`;
export const CONNECTOR_ARN = `arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/web-egress/1/${'2'.repeat(32)}`;
export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf';

/** What tests override: the image and secrets as the user writes them, parsed here as the parser would. */
export type ConfigOverrides = Partial<Omit<AppRunnerConfig, 'image' | 'secrets'>> & {
  image?: string;
  secrets?: Record<string, string>;
};

/** A parsed config as the parser answers when only `service` and `image` are given. */
export function config(overrides: ConfigOverrides = {}): AppRunnerConfig {
  const { image, secrets, ...rest } = overrides;
  const parsedSecrets = Object.fromEntries(
    Object.entries(secrets ?? {}).map(([name, value]) => [name, parseSecretReference('secrets', { name, value })]),
  );
  return {
    service: 'web-app',
    region: 'eu-west-1',
    accessRoleArn: ROLE,
    envVars: {},
    envUpdateStrategy: 'merge',
    healthCheck: {},
    autoDeployments: false,
    onCreateFailed: 'fail',
    onPaused: 'fail',
    onBusy: 'wait',
    preflight: true,
    dryRun: false,
    forceDeploy: false,
    wait: true,
    waitTimeoutSeconds: 1800,
    ...rest,
    image:
      'image' in overrides
        ? image === undefined
          ? undefined
          : parseDeployableImage(image)
        : parseDeployableImage(IMAGE),
    secrets: parsedSecrets,
  };
}

/** A RUNNING service as DescribeService answers. */
export function runningService(overrides: Partial<Service> = {}): Service {
  return {
    ServiceName: 'web-app',
    ServiceId: '1'.repeat(32),
    ServiceArn: SERVICE_ARN,
    ServiceUrl: 'abc123.eu-west-1.awsapprunner.com',
    Status: 'RUNNING',
    CreatedAt: new Date(0),
    UpdatedAt: new Date(0),
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: IMAGE,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: { Port: '8080', RuntimeEnvironmentVariables: { KEEP: '1', LOG: 'info' } },
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: { AccessRoleArn: ROLE },
    },
    InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
    HealthCheckConfiguration: {
      Protocol: 'TCP',
      Path: '/',
      Interval: 5,
      Timeout: 2,
      HealthyThreshold: 1,
      UnhealthyThreshold: 5,
    },
    NetworkConfiguration: {
      EgressConfiguration: { EgressType: 'DEFAULT' },
      IngressConfiguration: { IsPubliclyAccessible: true },
    },
    ...overrides,
  } as Service;
}

/** A clock that only moves when the code sleeps, so waits are instant and exact. */
export function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}
