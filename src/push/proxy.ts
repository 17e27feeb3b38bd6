/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the registry client: peer actions ignore them and users behind corporate
 * proxies cannot push (amazon-ecr-login #812). Plain-HTTP targets go through the proxy in absolute form; HTTPS targets
 * through a CONNECT tunnel.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';

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
  const value = target.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY') : envValue(env, 'HTTP_PROXY');
  if (!value || bypassesProxy(target, env)) return undefined;
  return new URL(value.includes('://') ? value : `http://${value}`);
}

export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

type ConnectCallback = (error: Error | null, socket?: Duplex) => void;

/** An https agent whose sockets are TLS sessions inside CONNECT tunnels through `proxy`. */
export class TunnelAgent extends https.Agent {
  private readonly proxy: URL;

  constructor(proxy: URL, options: https.AgentOptions) {
    super(options);
    this.proxy = proxy;
  }

  override createConnection(options: tls.ConnectionOptions & { host?: string; port?: number }, callback?: unknown) {
    const done = callback as ConnectCallback;
    const target = `${options.host}:${options.port ?? 443}`;
    const headers: http.OutgoingHttpHeaders = { host: target };
    const authorization = proxyAuthorization(this.proxy);
    if (authorization) headers['proxy-authorization'] = authorization;
    const connect = http.request({
      host: this.proxy.hostname,
      port: defaultPort(this.proxy),
      method: 'CONNECT',
      path: target,
      headers,
    });
    connect.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy();
        done(new Error(`Proxy ${this.proxy.host} refused CONNECT to ${target}: HTTP ${response.statusCode}`));
        return;
      }
      done(null, tls.connect({ ...options, socket, servername: options.servername ?? options.host }));
    });
    connect.once('error', (error) => done(error));
    connect.end();
    return undefined as unknown as Duplex;
  }
}
