import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { lazy } from '../lazy.js';
import { checkEndpointVariables, requestTracker } from './requests.js';

/**
 * The clients every target may use, one per service, each made on first use (see lazy.ts for why). A target adds
 * its own main client, which every run needs, to these.
 * Every client uses the SDK's adaptive retry strategy (throttling, 5xx and resets with backoff), so no call site
 * loops by hand; every request ends within 30 s and by the run's deadline. Endpoints and credentials come from the
 * SDK's own chain (AWS_ENDPOINT_URL_*, OIDC, proxies).
 */
export interface Clients {
  ecr(): Promise<ECRClient>;
  secretsManager(): Promise<SecretsManagerClient>;
  ssm(): Promise<SSMClient>;
  logs(): Promise<CloudWatchLogsClient>;
}

/**
 * More than the SDK's 3: many runs of a matrix against one account share its request rate, and a throttled call
 * (a write too) must be retried while the run has time. With throttling's backoff (0.5 s doubling, capped at 20 s,
 * full jitter) 10 attempts span about a minute; a connection refused still fails within seconds (0.1 s base). The
 * run's deadline (deadline.ts) bounds it all.
 */
const DEFAULT_MAX_ATTEMPTS = 10;

export type ClientOptions = ReturnType<typeof clientOptions>;

/** What every SDK client of a run is made with. Refuses an unusable `AWS_ENDPOINT_URL*` before any call. */
export function clientOptions(region: string, env: Record<string, string | undefined> = process.env) {
  checkEndpointVariables(env);
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS;
  // A request that gets no answer is cut (and retried) after 30 s: without `throwOnRequestTimeout` the SDK only logs
  // a warning and the request waits for ever.
  const requestHandler = { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true };
  // Adaptive: the standard retries plus a client-side rate that slows down when throttled, so that runs sharing an
  // account's rate leave room for each other instead of all retrying at once.
  return { region, maxAttempts, retryMode: 'adaptive' as const, requestHandler, extensions: [requestTracker(env)] };
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
