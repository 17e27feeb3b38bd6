import { withDeadline } from '../deadline.js';
import { InputError } from '../inputs/errors.js';

/**
 * What the run's SDK requests went to: every client's HTTP handler is wrapped (a client extension, see clients.ts) so
 * that each request honours the run's deadline, and so that a network failure or a hang can be told in words that name
 * the endpoint, where it came from and what to check; the SDK's own errors (`connect ECONNREFUSED 127.0.0.1:1`) do not.
 */

/** Each API the action calls: its X-Amz-Target prefix, its name in messages and its `AWS_ENDPOINT_URL_*` suffix. */
const APIS: { prefix: string; host: string; name: string; variable: string }[] = [
  { prefix: 'AppRunner', host: 'apprunner', name: 'App Runner', variable: 'APPRUNNER' },
  { prefix: 'AmazonEC2ContainerServiceV20141113', host: 'ecs', name: 'ECS', variable: 'ECS' },
  { prefix: 'AmazonEC2ContainerRegistry_V20150921', host: 'api.ecr', name: 'ECR', variable: 'ECR' },
  { prefix: 'secretsmanager', host: 'secretsmanager', name: 'Secrets Manager', variable: 'SECRETS_MANAGER' },
  { prefix: 'AmazonSSM', host: 'ssm', name: 'SSM', variable: 'SSM' },
  { prefix: 'Logs_20140328', host: 'logs', name: 'CloudWatch Logs', variable: 'CLOUDWATCH_LOGS' },
];

export interface RequestInfo {
  /** `App Runner ListServices`, or the host when the request names no known API. */
  call: string;
  /** `https://apprunner.eu-west-1.amazonaws.com`: scheme, host and port the SDK used. */
  endpoint: string;
  /** `AWS_ENDPOINT_URL_APPRUNNER`, `AWS_ENDPOINT_URL`, or undefined for the region's default endpoint. */
  variable?: string;
  startedAt: number;
}

interface HttpRequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
  headers?: Record<string, string | undefined>;
}

interface HttpHandlerLike {
  handle(request: HttpRequestLike, options?: { abortSignal?: unknown }): Promise<unknown>;
}

const inFlight = new Set<RequestInfo>();
let lastFailure: (RequestInfo & { error: unknown }) | undefined;

function describe(request: HttpRequestLike, env: Record<string, string | undefined>): RequestInfo {
  const target = request.headers?.['x-amz-target'] ?? request.headers?.['X-Amz-Target'] ?? '';
  const [prefix, operation = ''] = target.split('.');
  const host = request.hostname ?? '';
  const api = APIS.find((candidate) => candidate.prefix === prefix) ?? APIS.find((a) => host.startsWith(`${a.host}.`));
  const port = request.port ? `:${request.port}` : '';
  const named = api ? `AWS_ENDPOINT_URL_${api.variable}` : undefined;
  const variable = named && env[named] ? named : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
  return {
    call: api ? `${api.name}${operation ? ` ${operation}` : ''}` : host,
    endpoint: `${request.protocol ?? 'https:'}//${host}${port}`,
    variable,
    startedAt: Date.now(),
  };
}

/**
 * A client extension (the SDK's `extensions` option): each request of the client is bounded by the run's deadline and
 * recorded while it is in flight, and its network failure kept for `explain()`.
 */
export function requestTracker(env: Record<string, string | undefined> = process.env) {
  return {
    configure(config: { httpHandler(): HttpHandlerLike }): void {
      const handler = config.httpHandler();
      const handle = handler.handle.bind(handler);
      handler.handle = async (request, options = {}) => {
        const info = describe(request, env);
        inFlight.add(info);
        try {
          const signal = withDeadline(options.abortSignal instanceof AbortSignal ? options.abortSignal : undefined);
          return await handle(request, { ...options, abortSignal: signal ?? options.abortSignal });
        } catch (error) {
          lastFailure = { ...info, error };
          throw error;
        } finally {
          inFlight.delete(info);
        }
      };
    },
  };
}

/** The oldest request still waiting for an answer, if any. */
export function oldestInFlight(): RequestInfo | undefined {
  return [...inFlight].sort((a, b) => a.startedAt - b.startedAt)[0];
}

/** The last request that failed below HTTP (no answer at all), if `error` is its failure. */
export function failedRequest(error: unknown): RequestInfo | undefined {
  if (!lastFailure) return undefined;
  const seen = new Set<unknown>();
  for (let cause: unknown = error; cause && !seen.has(cause); cause = (cause as { cause?: unknown }).cause) {
    if (cause === lastFailure.error) return lastFailure;
    seen.add(cause);
  }
  return undefined;
}

/** `https://host (from AWS_ENDPOINT_URL_ECR)` or `https://host (the region's default endpoint)`. */
export function describeEndpoint(info: RequestInfo): string {
  return `${info.endpoint} (${info.variable ? `from ${info.variable}` : "the region's default endpoint"})`;
}

/**
 * Refuses an `AWS_ENDPOINT_URL*` variable the SDK cannot use, before the first call: without a scheme the SDK fails
 * every request with "UnknownError", naming neither the variable nor the value.
 */
export function checkEndpointVariables(env: Record<string, string | undefined>): void {
  if (/^true$/i.test(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '')) return;
  for (const [name, value] of Object.entries(env)) {
    if (!/^AWS_ENDPOINT_URL(_[A-Z0-9_]+)?$/.test(name) || !value) continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || !url.hostname) {
      // Refused before any call, like an input; the variable is not an input, so the message names it as what it is.
      const error = new InputError(name, '');
      // Whatever precedes an `@` may be credentials: it is not shown.
      const shown = value.replace(/^.*@/, '…@');
      error.message =
        `Environment variable ${name} is \`${shown}\`, not a URL the AWS SDK can call (no request was sent): ` +
        'give the scheme and host, e.g. `https://apprunner.eu-west-1.amazonaws.com` or `http://localhost:4566`, or unset it.';
      throw error;
    }
  }
}
