/**
 * A logging proxy in front of the test registry: counts requests by kind and injects faults (HTTP 500 answers,
 * connection resets in the middle of a blob upload). Bound to 127.0.0.1, stopped by `stop()` or its lifetime timer.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type RequestKind =
  | 'ping'
  | 'blob-head'
  | 'upload-start'
  | 'upload-patch'
  | 'upload-put'
  | 'upload-status'
  | 'manifest-put'
  | 'manifest-get'
  | 'other';

export interface LoggedRequest {
  method: string;
  kind: RequestKind;
  path: string;
  contentRange?: string;
  status?: number;
}

export interface FaultRule {
  kind: RequestKind;
  /** How many matching requests get the fault. */
  times: number;
  /** Matching requests let through before the fault starts. */
  after?: number;
  /** Answer 500 (or this status) instead of forwarding. */
  status?: number;
  /** Forward, but cut both connections after this many body bytes. */
  resetAfterBytes?: number;
}

export interface FaultProxy {
  port: number;
  host: string;
  endpoint: string;
  requests: LoggedRequest[];
  faults: FaultRule[];
  count(kind: RequestKind): number;
  /** Bytes of blob data that reached the registry through PATCH and PUT bodies. */
  uploadedBytes: number;
  reset(): void;
  stop(): Promise<void>;
}

export function classify(method: string, path: string): RequestKind {
  const pathname = path.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
  if (pathname === '/v2/' || pathname === '/v2') return 'ping';
  if (/\/blobs\/uploads\/?$/.test(pathname) && method === 'POST') return 'upload-start';
  if (/\/blobs\/uploads\/[^/]+$/.test(pathname)) {
    if (method === 'PATCH') return 'upload-patch';
    if (method === 'PUT') return 'upload-put';
    if (method === 'GET') return 'upload-status';
  }
  if (/\/blobs\/sha256:/.test(pathname) && method === 'HEAD') return 'blob-head';
  if (/\/manifests\//.test(pathname)) return method === 'PUT' ? 'manifest-put' : 'manifest-get';
  return 'other';
}

export async function startFaultProxy(upstreamPort: number, lifetimeMs = 600_000): Promise<FaultProxy> {
  const agent = new http.Agent({ keepAlive: true });
  const proxy: Omit<FaultProxy, 'port' | 'host' | 'endpoint' | 'stop'> = {
    requests: [],
    faults: [],
    uploadedBytes: 0,
    count: (kind) => proxy.requests.filter((r) => r.kind === kind).length,
    reset: () => {
      proxy.requests.length = 0;
      proxy.faults.length = 0;
      proxy.uploadedBytes = 0;
    },
  };
  const server = http.createServer((request, response) => {
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').replace(/^https?:\/\/[^/]+/, '');
    const logged: LoggedRequest = { method, kind: classify(method, path), path };
    if (request.headers['content-range']) logged.contentRange = request.headers['content-range'];
    proxy.requests.push(logged);
    let rule: FaultRule | undefined;
    for (const candidate of proxy.faults.filter((f) => f.kind === logged.kind && f.times > 0)) {
      if (candidate.after) candidate.after--;
      else rule ??= candidate;
    }
    if (rule) rule.times--;
    if (rule && rule.resetAfterBytes === undefined) {
      request.resume();
      request.once('end', () => {
        logged.status = rule.status ?? 500;
        response.writeHead(logged.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ code: 'UNKNOWN', message: 'injected fault' }] }));
      });
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: upstreamPort, method, path, headers: request.headers, agent },
      (answer) => {
        logged.status = answer.statusCode;
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.once('error', () => response.destroy());
    let forwarded = 0;
    request.on('data', (chunk: Buffer) => {
      if (rule?.resetAfterBytes !== undefined && forwarded + chunk.length > rule.resetAfterBytes) {
        upstream.write(chunk.subarray(0, Math.max(0, rule.resetAfterBytes - forwarded)));
        forwarded = rule.resetAfterBytes;
        logged.status = -1;
        // Give the partial bytes a moment to reach the registry, as on a real network drop.
        setTimeout(() => {
          upstream.destroy();
          request.socket.destroy();
        }, 20);
        request.pause();
        return;
      }
      forwarded += chunk.length;
      if (logged.kind === 'upload-patch' || logged.kind === 'upload-put') proxy.uploadedBytes += chunk.length;
      if (!upstream.write(chunk)) {
        request.pause();
        upstream.once('drain', () => request.resume());
      }
    });
    request.once('end', () => {
      if (logged.status !== -1) upstream.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const lifetime = setTimeout(() => server.close(), lifetimeMs);
  lifetime.unref();
  return Object.assign(proxy, {
    port,
    host: `127.0.0.1:${port}`,
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
