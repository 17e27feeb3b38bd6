/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the registry client: peer actions ignore them and users behind corporate
 * proxies cannot push (amazon-ecr-login #812). Plain-HTTP targets go through the proxy in absolute form; HTTPS targets
 * through a CONNECT tunnel. The proxy itself may be `http://` or `https://` (TLS to the proxy, then TLS to the
 * registry inside the tunnel); any other scheme is refused.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import { idleTimeoutError } from './registry-errors.js';

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name] ?? env[name.toLowerCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** True when NO_PROXY names the target's host (exact, domain suffix, `*`, with optional port). */
export function bypassesProxy(target: URL, env: NodeJS.ProcessEnv): boolean {
  const noProxy = envValue(env, 'NO_PROXY');
  if (!noProxy) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = defaultPort(target);
  return noProxy
    .split(/[,\s]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const [name, entryPort] = entry.toLowerCase().split(/:(?=\d+$)/);
      if (entryPort && entryPort !== port) return false;
      const bare = name.replace(/^\*?\./, '');
      return host === bare || host.endsWith(`.${bare}`);
    });
}

/** The proxy to use for a target URL, or undefined for a direct connection. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv): URL | undefined {
  const name = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
  const value = envValue(env, name);
  if (!value || bypassesProxy(target, env)) return undefined;
  const proxy = new URL(value.includes('://') ? value : `http://${value}`);
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    // Only the scheme: the URL may hold proxy credentials.
    throw new Error(
      `${name} uses a ${proxy.protocol}// proxy, which is not supported: use an http:// or https:// proxy.`,
    );
  }
  return proxy;
}

export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

/**
 * SNI carries host names only (RFC 6066): '' for an IP address, which also stops Node from deriving one from the Host
 * header (the CONNECT's Host is the registry, not the proxy). Certificates are still checked against the host.
 */
function serverName(host: string | undefined): string {
  return host && isIP(host) === 0 ? host : '';
}

type ConnectCallback = (error: Error | null, socket?: Duplex) => void;

export interface TunnelAgentOptions {
  proxy: URL;
  /** Options of the TLS sessions: to the registry inside the tunnel, and to an `https://` proxy. */
  tls: https.AgentOptions;
  /** How long the proxy may stay silent while setting up the tunnel. */
  idleTimeoutMs: number;
}

/** An https agent whose sockets are TLS sessions inside CONNECT tunnels through a proxy. */
export class TunnelAgent extends https.Agent {
  private readonly proxy: URL;
  private readonly tlsOptions: https.AgentOptions;
  private readonly idleTimeoutMs: number;

  constructor(options: TunnelAgentOptions) {
    super(options.tls);
    this.proxy = options.proxy;
    this.tlsOptions = options.tls;
    this.idleTimeoutMs = options.idleTimeoutMs;
  }

  override createConnection(options: tls.ConnectionOptions & { host?: string; port?: number }, callback?: unknown) {
    let called = false;
    const done: ConnectCallback = (error, socket) => {
      if (called) return;
      called = true;
      (callback as ConnectCallback)(error, socket);
    };
    const target = `${options.host}:${options.port ?? 443}`;
    const headers: http.OutgoingHttpHeaders = { host: target };
    const authorization = proxyAuthorization(this.proxy);
    if (authorization) headers['proxy-authorization'] = authorization;
    const request: https.RequestOptions = {
      host: this.proxy.hostname,
      port: defaultPort(this.proxy),
      method: 'CONNECT',
      path: target,
      headers,
      agent: false,
    };
    const connect =
      this.proxy.protocol === 'https:'
        ? https.request({ ...request, ca: this.tlsOptions.ca, servername: serverName(this.proxy.hostname) })
        : http.request(request);
    connect.setTimeout(this.idleTimeoutMs, () =>
      connect.destroy(idleTimeoutError(`Proxy ${this.proxy.host} (CONNECT ${target})`, this.idleTimeoutMs)),
    );
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        done(new Error(`Proxy ${this.proxy.host} refused CONNECT to ${target}: HTTP ${response.statusCode}`));
        return;
      }
      // From here the request using the tunnel watches the connection for idleness.
      socket.setTimeout(0);
      done(null, tls.connect({ ...options, socket, servername: options.servername || serverName(options.host) }));
    });
    connect.once('error', (error) => done(error));
    connect.end();
    return undefined as unknown as Duplex;
  }
}
