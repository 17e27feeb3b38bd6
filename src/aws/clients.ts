import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';

/**
 * One client per service, made on first use so a run that never reads logs never builds a logs client. Every client
 * uses the SDK's standard retry strategy (throttling, 5xx and resets with backoff), so no call site loops by hand.
 * Endpoints and credentials come from the SDK's own chain (AWS_ENDPOINT_URL_*, OIDC credentials, proxies).
 */
export interface Clients {
  readonly apprunner: AppRunnerClient;
  readonly ecr: ECRClient;
  readonly secretsManager: SecretsManagerClient;
  readonly ssm: SSMClient;
  readonly logs: CloudWatchLogsClient;
}

/** More than the SDK's 3: a deploy that polls for half an hour should ride out a burst of throttling. */
const DEFAULT_MAX_ATTEMPTS = 5;

export function createClients(region: string, env: Record<string, string | undefined> = process.env): Clients {
  const maxAttempts = Number(env.AWS_MAX_ATTEMPTS) || DEFAULT_MAX_ATTEMPTS;
  const options = { region, maxAttempts, retryMode: 'standard' as const };
  const cache = new Map<string, unknown>();
  const lazy = <T>(name: string, make: () => T): T => {
    if (!cache.has(name)) cache.set(name, make());
    return cache.get(name) as T;
  };
  return {
    get apprunner() {
      return lazy('apprunner', () => new AppRunnerClient(options));
    },
    get ecr() {
      return lazy('ecr', () => new ECRClient(options));
    },
    get secretsManager() {
      return lazy('secretsManager', () => new SecretsManagerClient(options));
    },
    get ssm() {
      return lazy('ssm', () => new SSMClient(options));
    },
    get logs() {
      return lazy('logs', () => new CloudWatchLogsClient(options));
    },
  };
}
