/** SDK clients pointed at an emulator, and small waiting helpers for the fidelity suites. */
import { AppRunnerClient, DescribeServiceCommand, type Service } from '@aws-sdk/client-apprunner';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { TEST_CREDENTIALS, type Emulator } from './index.ts';

export interface Clients {
  apprunner: AppRunnerClient;
  ecr: ECRClient;
  secrets: SecretsManagerClient;
  ssm: SSMClient;
  logs: CloudWatchLogsClient;
  destroy(): void;
}

export function sdkClients(
  emulator: Emulator,
  options: {
    maxAttempts?: number;
    credentials?: { accessKeyId: string; secretAccessKey: string };
    region?: string;
  } = {},
): Clients {
  const config = {
    endpoint: emulator.endpoint,
    region: options.region ?? emulator.region,
    credentials: options.credentials ?? TEST_CREDENTIALS,
    maxAttempts: options.maxAttempts ?? 3,
  };
  const made = {
    apprunner: new AppRunnerClient(config),
    ecr: new ECRClient(config),
    secrets: new SecretsManagerClient(config),
    ssm: new SSMClient(config),
    logs: new CloudWatchLogsClient(config),
  };
  return { ...made, destroy: () => Object.values(made).forEach((client) => client.destroy()) };
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls DescribeService until the service leaves OPERATION_IN_PROGRESS. */
export async function settled(apprunner: AppRunnerClient, serviceArn: string, timeoutMs = 10_000): Promise<Service> {
  return waitFor(async () => {
    const { Service: service } = await apprunner.send(new DescribeServiceCommand({ ServiceArn: serviceArn }));
    return service?.Status === 'OPERATION_IN_PROGRESS' ? undefined : service;
  }, timeoutMs);
}

export const roleArn = (emulator: Emulator, name: string): string => `arn:aws:iam::${emulator.accountId}:role/${name}`;

export const ecrImage = (emulator: Emulator, reference: string): string =>
  `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/${reference}`;

/** A CreateService input for a private ECR image that AWS would accept. */
export function privateImageService(emulator: Emulator, name: string) {
  return {
    ServiceName: name,
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: ecrImage(emulator, 'app:v1'),
        ImageRepositoryType: 'ECR' as const,
        ImageConfiguration: { Port: '8080', RuntimeEnvironmentVariables: { MODE: 'one' } },
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: { AccessRoleArn: roleArn(emulator, 'AppRunnerECRAccessRole') },
    },
  };
}
