/**
 * A minimal client of the OCI distribution API (`/v2/`): Basic auth (what ECR uses), Bearer tokens per scope when the
 * registry challenges for them, retries of replayable requests, an idle timeout on every request, and errors that
 * carry the registry's own message.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';
import { exchange, type BodyWriter, type HttpResponse } from './http-exchange.js';
import { proxyAuthorization, proxyFor, TunnelAgent } from './proxy.js';
import { BearerTokens, parseChallenge, scopeOf } from './registry-auth.js';
import { closedError, delay, isRetryable, RegistryError, registryMessage } from './registry-errors.js';
import { realmMayReceiveCredentials, requestTarget, sameOrigin } from './registry-url.js';

export type { BodyWriter } from './http-exchange.js';
export { delay, isRetryable, RegistryError, registryMessage } from './registry-errors.js';

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
  /** A request (or a proxy CONNECT) with no byte moving either way for this long fails as ETIMEDOUT (default 60 s). */
  idleTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Extra trusted CA certificates (PEM), added to Node's own, for a registry or proxy with a private CA. */
  ca?: string | Buffer;
}

export interface RegistryRequest {
  method: string;
  /** Absolute URL or a path on the registry (`/v2/...`); sent as given, query byte for byte. */
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
  /** Stops the request (and its retries) at once, e.g. when another upload of the push failed. */
  signal?: AbortSignal;
}

export type RegistryResponse = HttpResponse;

/** Every 2xx: registries differ in which success code they send (ECR answers 201 to a chunk PATCH, not 202). */
export const ANY_2XX: number[] = Array.from({ length: 100 }, (_, i) => 200 + i);

export class RegistryClient {
  readonly endpoint: URL;
  private readonly options: RegistryClientOptions;
  private readonly agents = new Map<string, http.Agent>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly tokens: BearerTokens;
  private readonly closing = new AbortController();
  /** Counters the summary and the benchmark read. */
  readonly stats = { requests: 0, retries: 0 };

  constructor(options: RegistryClientOptions) {
    this.options = options;
    this.endpoint = new URL(options.endpoint);
    this.env = options.env ?? process.env;
    this.tokens = new BearerTokens(async (url) => {
      const tokenRequest = { method: 'GET', url, expect: [200] };
      // A realm elsewhere over plain http gets an anonymous token request: the credentials would travel in cleartext.
      const basic = realmMayReceiveCredentials(new URL(url), this.endpoint) ? this.basicAuthorization() : undefined;
      const answer = this.check(tokenRequest, await this.once(tokenRequest, basic));
      return JSON.parse(answer.body.toString('utf8')) as unknown;
    });
  }

  get registry(): string {
    return this.endpoint.host;
  }

  /** Ends requests in flight and refuses new ones: nothing may reach the registry after the push gave up. */
  close(): void {
    this.closing.abort(closedError(this.registry));
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  async request(req: RegistryRequest): Promise<RegistryResponse> {
    const attempts = req.retry === false || typeof req.body === 'function' ? 1 : (this.options.attempts ?? 5);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.authorized(req);
      } catch (error) {
        if (attempt >= attempts || !isRetryable(error) || this.closing.signal.aborted) throw error;
        this.stats.retries++;
        await delay(this.retryDelay(attempt, error), req.signal);
      }
    }
  }

  retryDelay(attempt: number, error?: unknown): number {
    const retryAfter = (error as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retryAfter !== undefined) return Math.min(retryAfter, 30) * 1000;
    return Math.min((this.options.retryDelayMs ?? 250) * 2 ** (attempt - 1), 10_000);
  }

  private async authorized(req: RegistryRequest): Promise<RegistryResponse> {
    // Registry credentials go to the registry's own scheme, host and port only: not to object storage a Location
    // points at, and never over http when the registry is https.
    if (!sameOrigin(new URL(req.url, this.endpoint), this.endpoint)) return this.check(req, await this.once(req));
    const scope = scopeOf(req.repository);
    const token = await this.tokens.token(scope);
    const response = await this.once(req, token ? `Bearer ${token}` : this.basicAuthorization());
    // A first challenge, or an expired token: fetch a token for this scope and try once more.
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers['www-authenticate'] as string | undefined);
      if (challenge) {
        const renewed = await this.tokens.renew(scope, challenge);
        return this.check(req, await this.once(req, `Bearer ${renewed}`));
      }
    }
    return this.check(req, response);
  }

  private basicAuthorization(): string {
    const basic = Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64');
    return `Basic ${basic}`;
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

  private tlsOptions(): https.AgentOptions {
    // `ca` alone would replace Node's trusted roots; a private CA is meant to come on top of them.
    const ca = this.options.ca ? [...rootCertificates, this.options.ca.toString()] : undefined;
    return { keepAlive: true, maxSockets: this.options.maxSockets ?? 8, ...(ca ? { ca } : {}) };
  }

  /** The agent for a target, and the proxy a plain-HTTP target is reached through (absolute-form requests). */
  private agentFor(url: URL): { agent: http.Agent; proxy?: URL } {
    const proxy = proxyFor(url, this.env);
    const key = `${url.protocol}${proxy?.href ?? ''}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const tls = this.tlsOptions();
      const idleTimeoutMs = this.idleTimeoutMs;
      if (url.protocol === 'https:')
        agent = proxy ? new TunnelAgent({ proxy, tls, idleTimeoutMs }) : new https.Agent(tls);
      else agent = proxy?.protocol === 'https:' ? new https.Agent(tls) : new http.Agent(tls);
      this.agents.set(key, agent);
    }
    return url.protocol === 'http:' && proxy ? { agent, proxy } : { agent };
  }

  private get idleTimeoutMs(): number {
    return this.options.idleTimeoutMs ?? 60_000;
  }

  /** One HTTP exchange: no retry, no status check. */
  private once(req: RegistryRequest, authorization?: string): Promise<RegistryResponse> {
    if (this.closing.signal.aborted) return Promise.reject(closedError(this.registry));
    const target = requestTarget(req.url, this.endpoint);
    const { url } = target;
    const { agent, proxy } = this.agentFor(url);
    const headers: http.OutgoingHttpHeaders = { ...req.headers };
    if (authorization) headers.authorization = authorization;
    if (Buffer.isBuffer(req.body)) headers['content-length'] = req.body.length;
    else if (req.contentLength !== undefined) headers['content-length'] = req.contentLength;
    else if (req.body === undefined && ['PUT', 'POST', 'PATCH'].includes(req.method)) headers['content-length'] = 0;
    const proxyAuth = proxy ? proxyAuthorization(proxy) : undefined;
    if (proxyAuth) headers['proxy-authorization'] = proxyAuth;
    const via = proxy ?? url;
    const secure = via.protocol === 'https:';
    this.stats.requests++;
    return exchange({
      request: {
        method: req.method,
        agent,
        headers,
        host: via.hostname,
        port: via.port || (secure ? 443 : 80),
        // Absolute form through a plain-HTTP proxy; the path is the caller's string, not a re-serialised URL.
        path: proxy ? `${url.origin}${target.path}` : target.path,
      },
      secure,
      body: req.body,
      label: `${req.method} ${url.host}${url.pathname}`,
      idleTimeoutMs: this.idleTimeoutMs,
      stops: [this.closing.signal, req.signal],
    });
  }
}
