/**
 * A minimal client of the OCI distribution API (`/v2/`): Basic auth (what ECR uses), a Bearer token when the
 * registry challenges for one, retries of replayable requests, and errors that carry the registry's own message.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Writable } from 'node:stream';
import { proxyAuthorization, proxyFor, TunnelAgent } from './proxy.js';

export interface RegistryClientOptions {
  endpoint: string;
  username: string;
  password: string;
  /** Sockets kept open to the registry; at least the upload concurrency. */
  maxSockets?: number;
  /** Attempts for a replayable request (default 5). */
  attempts?: number;
  /** First retry delay, doubled each time (default 250 ms). */
  retryDelayMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Extra trusted CA certificates (PEM) for a registry with a private CA. */
  ca?: string | Buffer;
}

export interface RegistryRequest {
  method: string;
  /** Absolute URL or a path on the registry (`/v2/...`). */
  url: string;
  headers?: http.OutgoingHttpHeaders;
  /** A Buffer is replayed on retry; a body writer runs once, without automatic retry, and must not end the sink. */
  body?: Buffer | BodyWriter;
  contentLength?: number;
  /** Status codes that count as success; anything else throws a RegistryError. */
  expect: number[];
  /** Repository the request acts on, for the Bearer token scope. */
  repository?: string;
  /** Retry 5xx, 429 and connection errors (default true for requests without a stream body). */
  retry?: boolean;
}

/** Writes a request body, honouring the sink's write callbacks; the client ends the request after it resolves. */
export type BodyWriter = (sink: Writable) => Promise<void>;

export interface RegistryResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'EAI_AGAIN']);

export class RegistryError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(message: string, status: number, code?: string) {
    super(message);
    this.name = 'RegistryError';
    this.status = status;
    this.code = code;
  }
}

/** Whether a failed request is worth another attempt: server errors, throttling and dropped connections. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof RegistryError) return error.status >= 500 || error.status === 429;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code !== undefined && RETRYABLE_CODES.has(code)) || /socket hang up|aborted/i.test(String(error));
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `errors[].code: message` from a registry error body, or a short excerpt of a non-JSON body. */
export function registryMessage(body: Buffer): { code?: string; message: string } {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string; detail?: unknown }[] };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      const parts = parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': '));
      return { code: parsed.errors[0].code, message: parts.join('; ') };
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return { message: text.trim().slice(0, 200) || '(empty body)' };
}

function parseChallenge(header: string | undefined): Record<string, string> | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  for (const match of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[match[1].toLowerCase()] = match[2];
  return params.realm ? params : undefined;
}

export class RegistryClient {
  readonly endpoint: URL;
  private readonly options: RegistryClientOptions;
  private readonly agents = new Map<string, http.Agent>();
  private readonly env: NodeJS.ProcessEnv;
  private bearer: string | undefined;
  /** Counters the summary and the benchmark read. */
  readonly stats = { requests: 0, retries: 0 };

  constructor(options: RegistryClientOptions) {
    this.options = options;
    this.endpoint = new URL(options.endpoint);
    this.env = options.env ?? process.env;
  }

  get registry(): string {
    return this.endpoint.host;
  }

  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  async request(req: RegistryRequest): Promise<RegistryResponse> {
    const attempts = req.retry === false || typeof req.body === 'function' ? 1 : (this.options.attempts ?? 5);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.authorized(req);
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error)) throw error;
        this.stats.retries++;
        await delay(this.retryDelay(attempt, error));
      }
    }
  }

  retryDelay(attempt: number, error?: unknown): number {
    const retryAfter = (error as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retryAfter !== undefined) return Math.min(retryAfter, 30) * 1000;
    return Math.min((this.options.retryDelayMs ?? 250) * 2 ** (attempt - 1), 10_000);
  }

  private async authorized(req: RegistryRequest): Promise<RegistryResponse> {
    // Never send registry credentials to another host (e.g. a blob redirect to object storage).
    const sameHost = new URL(req.url, this.endpoint).host === this.endpoint.host;
    const response = await this.once(req, sameHost ? this.authorization() : undefined);
    // A first challenge, or an expired token: fetch a token and try once more.
    if (response.status === 401 && sameHost) {
      const challenge = parseChallenge(response.headers['www-authenticate'] as string | undefined);
      if (challenge) {
        this.bearer = await this.fetchToken(challenge, req.repository);
        return this.check(req, await this.once(req, this.authorization()));
      }
    }
    return this.check(req, response);
  }

  private authorization(): string {
    return this.bearer ? `Bearer ${this.bearer}` : this.basicAuthorization();
  }

  private basicAuthorization(): string {
    const basic = Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64');
    return `Basic ${basic}`;
  }

  private async fetchToken(challenge: Record<string, string>, repository?: string): Promise<string> {
    const url = new URL(challenge.realm);
    if (challenge.service) url.searchParams.set('service', challenge.service);
    const scope = challenge.scope ?? (repository ? `repository:${repository}:pull,push` : undefined);
    if (scope) url.searchParams.set('scope', scope);
    const tokenRequest = { method: 'GET', url: url.href, expect: [200] };
    const answer = this.check(tokenRequest, await this.once(tokenRequest, this.basicAuthorization()));
    const token = (JSON.parse(answer.body.toString('utf8')) as { token?: string; access_token?: string }).token;
    if (!token) throw new Error(`Token service ${url.host} returned no token.`);
    return token;
  }

  private check(req: RegistryRequest, response: RegistryResponse): RegistryResponse {
    if (req.expect.includes(response.status)) return response;
    const { code, message } = registryMessage(response.body);
    const path = new URL(req.url, this.endpoint).pathname;
    const hint = response.status === 401 ? ' (check the registry credentials)' : '';
    const error = new RegistryError(
      `Registry ${this.registry} answered ${response.status} to ${req.method} ${path}: ${message}${hint}`,
      response.status,
      code,
    );
    const retryAfter = Number(response.headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter >= 0) Object.assign(error, { retryAfterSeconds: retryAfter });
    throw error;
  }

  private agentFor(url: URL): { agent: http.Agent; proxy?: URL } {
    const proxy = proxyFor(url, this.env);
    const key = `${url.protocol}${proxy?.href ?? ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: this.options.maxSockets ?? 8 };
      const tls = this.options.ca ? { ...options, ca: this.options.ca } : options;
      if (url.protocol === 'https:') agent = proxy ? new TunnelAgent(proxy, tls) : new https.Agent(tls);
      else agent = new http.Agent(options);
      this.agents.set(key, agent);
    }
    return url.protocol === 'http:' && proxy ? { agent, proxy } : { agent };
  }

  /** One HTTP exchange: no retry, no status check. */
  private once(req: RegistryRequest, authorization: string | undefined): Promise<RegistryResponse> {
    const url = new URL(req.url, this.endpoint);
    const { agent, proxy } = this.agentFor(url);
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    if (authorization) headers.authorization = authorization;
    if (Buffer.isBuffer(req.body)) headers['content-length'] = req.body.length;
    else if (req.contentLength !== undefined) headers['content-length'] = req.contentLength;
    else if (req.body === undefined && ['PUT', 'POST', 'PATCH'].includes(req.method)) headers['content-length'] = 0;
    const proxyAuth = proxy ? proxyAuthorization(proxy) : undefined;
    if (proxyAuth) headers['proxy-authorization'] = proxyAuth;
    const transport = url.protocol === 'https:' ? https : http;
    this.stats.requests++;
    return new Promise<RegistryResponse>((resolve, reject) => {
      const request = transport.request(
        {
          method: req.method,
          agent,
          headers,
          host: proxy ? proxy.hostname : url.hostname,
          port: proxy ? proxy.port || 80 : url.port || (url.protocol === 'https:' ? 443 : 80),
          path: proxy ? url.href : `${url.pathname}${url.search}`,
          servername: url.hostname,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
          });
          response.once('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.once('error', reject);
        },
      );
      // A failure of the body (e.g. a digest mismatch) explains the aborted request better than the socket error.
      let bodyError: unknown;
      request.once('error', (error) => reject(bodyError ?? error));
      if (typeof req.body === 'function') {
        req.body(request).then(
          () => request.end(),
          (error: unknown) => {
            bodyError = error;
            request.destroy(error as Error);
            reject(error);
          },
        );
      } else {
        request.end(req.body);
      }
    });
  }
}
