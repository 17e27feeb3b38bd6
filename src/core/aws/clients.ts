import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { lazy } from '../lazy.js';

/**
 * The clients every target may use, one per service, each made on first use (see lazy.ts for why). A target adds
 * its own main client, which every run needs, to these.
 * Every client uses the SDK's standard retry strategy (throttling, 5xx and resets with backoff), so no call site
 * loops by hand. Endpoints and credentials come from the SDK's own chain (AWS_ENDPOINT_URL_*, OIDC, proxies).
 */
export interface Clients {
  ecr(): Promise<ECRClient>;
  secretsManager(): Promise<SecretsManagerClient>;
  ssm(): Promise<SSMClient>;
  logs(): Promise<CloudWatchLogsClient>;
}

/** More than the SDK's 3: a deploy that polls for half an hour should ride out a burst of throttling. */
const DEFAULT_MAX_ATTEMPTS = 5;

export type ClientOptions = ReturnType<typeof clientOptions>;

/** What every SDK client of a run is made with. */
export function clientOptions(region: string, env: Record<string, string | undefined> = process.env) {
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS;
  // A request that gets no answer is cut and retried rather than left to hang the job.
  const requestHandler = { connectionTimeout: 5_000, requestTimeout: 30_000 };
  return { region, maxAttempts, retryMode: 'standard' as const, requestHandler };
}

export function createClients(options: ClientOptions): Clients {
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(name: string, make: () => Promise<T>): Promise<T> => {
    if (!cache.has(name)) cache.set(name, make());
    return cache.get(name) as Promise<T>;
  };
  return {
    ecr: () => once('ecr', async () => new (await lazy.ecrClient()).ECRClient(options)),
    secretsManager: () => once('sm', async () => new (await lazy.secretsManagerClient()).SecretsManagerClient(options)),
    ssm: () => once('ssm', async () => new (await lazy.ssmClient()).SSMClient(options)),
    logs: () => once('logs', async () => new (await lazy.logsClient()).CloudWatchLogsClient(options)),
  };
}
