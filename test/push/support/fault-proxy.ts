/**
 * A logging proxy in front of the test registry: counts requests by kind and injects faults (HTTP 500 answers,
 * connection resets in the middle of a blob upload, slow answers), and can make the registry answer chunk uploads the
 * way ECR does. Bound to 127.0.0.1, stopped by `stop()` or its lifetime timer.
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
  contentType?: string;
  /** Status the client got; -1 when the proxy cut the connection. */
  status?: number;
  /** The `Range` header of the answer, as the client got it. */
  range?: string;
  /** Body bytes passed on to the registry. */
  forwardedBytes: number;
}

export interface FaultRule {
  kind: RequestKind;
  /** Only requests whose path (and query) holds this, e.g. a blob digest. */
  pathIncludes?: string;
  /** How many matching requests get the fault. */
  times: number;
  /** Matching requests let through before the fault starts. */
  after?: number;
  /** Answer 500 (or this status) instead of forwarding. */
  status?: number;
  /** Forward, but cut both connections after this many body bytes. */
  resetAfterBytes?: number;
  /** Forward, but hold the registry's answer back this long. */
  delayMs?: number;
}

export interface FaultProxy {
  port: number;
  host: string;
  endpoint: string;
  requests: LoggedRequest[];
  faults: FaultRule[];
  /**
   * Answer like ECR (openai/tart#273, aws/containers-roadmap#2831): 201 instead of 202 to a chunk PATCH, and a `Range`
   * that stays at its first value for the rest of the upload session (on PATCH and status answers).
   */
  ecrQuirks: boolean;
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
  if (/\/blobs\/sha(256|512):/.test(pathname) && method === 'HEAD') return 'blob-head';
  if (/\/manifests\//.test(pathname)) return method === 'PUT' ? 'manifest-put' : 'manifest-get';
  return 'other';
}

type ProxyState = Omit<FaultProxy, 'port' | 'host' | 'endpoint' | 'stop'>;

function pickRule(proxy: ProxyState, logged: LoggedRequest): FaultRule | undefined {
  let rule: FaultRule | undefined;
  const matching = proxy.faults.filter(
    (f) =>
      f.kind === logged.kind && f.times > 0 && (f.pathIncludes === undefined || logged.path.includes(f.pathIncludes)),
  );
  for (const candidate of matching) {
    if (candidate.after) candidate.after--;
    else rule ??= candidate;
  }
  if (rule) rule.times--;
  return rule;
}

/** The answer's headers, rewritten as ECR would send them when the quirks are on. */
function ecrAnswer(logged: LoggedRequest, answer: http.IncomingMessage, frozen: Map<string, string>) {
  const headers = { ...answer.headers };
  let status = answer.statusCode ?? 502;
  const session = logged.path.split('?')[0].split('/').pop() ?? '';
  const range = headers.range;
  if (logged.kind === 'upload-patch' && status === 202) status = 201;
  if ((logged.kind === 'upload-patch' || logged.kind === 'upload-status') && typeof range === 'string') {
    if (!frozen.has(session) && logged.kind === 'upload-patch') frozen.set(session, range);
    headers.range = frozen.get(session) ?? range;
  }
  return { status, headers };
}

export async function startFaultProxy(upstreamPort: number, lifetimeMs = 600_000): Promise<FaultProxy> {
  const agent = new http.Agent({ keepAlive: true });
  const frozenRanges = new Map<string, string>();
  /** Answers held back by `delayMs`, dropped when the proxy stops. */
  const timers = new Set<NodeJS.Timeout>();
  const proxy: ProxyState = {
    requests: [],
    faults: [],
    ecrQuirks: false,
    uploadedBytes: 0,
    count: (kind) => proxy.requests.filter((r) => r.kind === kind).length,
    reset: () => {
      proxy.requests.length = 0;
      proxy.faults.length = 0;
      proxy.uploadedBytes = 0;
      proxy.ecrQuirks = false;
      frozenRanges.clear();
    },
  };
  const server = http.createServer((request, response) => {
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').replace(/^https?:\/\/[^/]+/, '');
    const logged: LoggedRequest = { method, kind: classify(method, path), path, forwardedBytes: 0 };
    if (request.headers['content-range']) logged.contentRange = request.headers['content-range'];
    if (request.headers['content-type']) logged.contentType = request.headers['content-type'];
    proxy.requests.push(logged);
    const rule = pickRule(proxy, logged);
    if (rule && rule.resetAfterBytes === undefined && rule.delayMs === undefined) {
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
        const { status, headers } = proxy.ecrQuirks
          ? ecrAnswer(logged, answer, frozenRanges)
          : { status: answer.statusCode ?? 502, headers: answer.headers };
        const reply = () => {
          logged.status = status;
          if (typeof headers.range === 'string') logged.range = headers.range;
          response.writeHead(status, headers);
          answer.pipe(response);
        };
        if (!rule?.delayMs) {
          reply();
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          reply();
        }, rule.delayMs);
        timers.add(timer);
      },
    );
    upstream.once('error', () => response.destroy());
    request.on('data', (chunk: Buffer) => {
      const limit = rule?.resetAfterBytes;
      if (limit !== undefined && logged.forwardedBytes + chunk.length > limit) {
        const part = chunk.subarray(0, Math.max(0, limit - logged.forwardedBytes));
        upstream.write(part);
        logged.forwardedBytes += part.length;
        logged.status = -1;
        // Give the partial bytes a moment to reach the registry, as on a real network drop.
        setTimeout(() => {
          upstream.destroy();
          request.socket.destroy();
        }, 20);
        request.pause();
        return;
      }
      logged.forwardedBytes += chunk.length;
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
        for (const timer of timers) clearTimeout(timer);
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
