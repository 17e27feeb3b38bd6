/** SDK clients pointed at an emulator, and small waiting helpers for the fidelity suites. */
import { AppRunnerClient, DescribeServiceCommand, type Service } from '@aws-sdk/client-apprunner';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS, type Emulator } from './index.ts';
import { NodeSha256 } from './sigv4.ts';

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

/**
 * A raw POST signed like the SDK signs it, for what the SDK would not send: members the model lacks, unknown
 * targets, another signing service. `body` goes on the wire exactly as given.
 */
export async function signedFetch(
  emulator: Emulator,
  init: { target: string; service: string; body?: string; jsonVersion?: '1.0' | '1.1' },
): Promise<Response> {
  const url = new URL(emulator.endpoint);
  const signer = new SignatureV4({
    credentials: TEST_CREDENTIALS,
    region: emulator.region,
    service: init.service,
    sha256: NodeSha256,
  });
  const body = init.body ?? '{}';
  const contentType = `application/x-amz-json-${init.jsonVersion ?? '1.0'}`;
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': contentType, 'x-amz-target': init.target },
    body,
  });
  return fetch(emulator.endpoint, { method: 'POST', headers: signed.headers, body });
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
