import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';

/**
 * One client per service, made on first use. Only App Runner is needed on every run; the others are loaded with a
 * dynamic import when a run first needs them, so that the action's start does not pay for SDK code it may never run
 * (the bundle keeps them in the same file and evaluates them on demand).
 * Every client uses the SDK's standard retry strategy (throttling, 5xx and resets with backoff), so no call site
 * loops by hand. Endpoints and credentials come from the SDK's own chain (AWS_ENDPOINT_URL_*, OIDC, proxies).
 */
export interface Clients {
  readonly apprunner: AppRunnerClient;
  ecr(): Promise<ECRClient>;
  secretsManager(): Promise<SecretsManagerClient>;
  ssm(): Promise<SSMClient>;
  logs(): Promise<CloudWatchLogsClient>;
}

/** More than the SDK's 3: a deploy that polls for half an hour should ride out a burst of throttling. */
const DEFAULT_MAX_ATTEMPTS = 5;

export function createClients(region: string, env: Record<string, string | undefined> = process.env): Clients {
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS;
  // A request that gets no answer is cut and retried rather than left to hang the job.
  const requestHandler = { connectionTimeout: 5_000, requestTimeout: 30_000 };
  const options = { region, maxAttempts, retryMode: 'standard' as const, requestHandler };
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(name: string, make: () => Promise<T>): Promise<T> => {
    if (!cache.has(name)) cache.set(name, make());
    return cache.get(name) as Promise<T>;
  };
  return {
    apprunner: new AppRunnerClient(options),
    ecr: () => once('ecr', async () => new (await import('@aws-sdk/client-ecr')).ECRClient(options)),
    secretsManager: () =>
      once('sm', async () => new (await import('@aws-sdk/client-secrets-manager')).SecretsManagerClient(options)),
    ssm: () => once('ssm', async () => new (await import('@aws-sdk/client-ssm')).SSMClient(options)),
    logs: () =>
      once('logs', async () => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(options)),
  };
}
