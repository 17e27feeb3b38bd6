/**
 * An in-memory registry of just the blob upload API, for what CNCF distribution cannot show: it answers with
 * *relative* Locations, hands out signed-looking upload state that must come back byte for byte, and, unlike
 * distribution (which voids a session whose size no longer matches its state), keeps the bytes of a cut-off PATCH
 * and reports them through `Range` so a client can resume mid-chunk. Bound to 127.0.0.1; `stop()` or its lifetime
 * timer ends it.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRegistry {
  port: number;
  endpoint: string;
  /** Committed blobs by digest. */
  blobs: Map<string, Buffer>;
  /** Request lines as received (`PATCH /v2/...?...`), raw. */
  requests: string[];
  /** Requests refused because their upload state was not the one handed out, byte for byte. */
  alteredState: string[];
  stop(): Promise<void>;
}

interface Session {
  chunks: Buffer[];
  size: number;
  /** The query the client must send back next, exactly. */
  query: string;
  step: number;
}

function sendError(response: http.ServerResponse, status: number, code: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ errors: [{ code, message: code.toLowerCase().replace(/_/g, ' ') }] }));
}

/**
 * Upload state with the characters a URLSearchParams round trip changes (`/`, `~`, `'`, a bare `=` in a value) and
 * an escape it must not decode (`%2F`).
 */
function newQuery(id: string, step: number): string {
  return `_state=${id}/${step}~k='v'=&sig=AbC%2Fd+e*${step}`;
}

export async function startFakeRegistry(lifetimeMs = 120_000): Promise<FakeRegistry> {
  const sessions = new Map<string, Session>();
  const registry: Omit<FakeRegistry, 'port' | 'endpoint' | 'stop'> = {
    blobs: new Map(),
    requests: [],
    alteredState: [],
  };

  function advance(session: Session, id: string, response: http.ServerResponse, status: number): void {
    session.step++;
    session.query = newQuery(id, session.step);
    const range = session.size > 0 ? `0-${session.size - 1}` : '0-0';
    // Relative to the request URL `/v2/<repo>/blobs/uploads/<id>`: resolves back to the same path.
    response.writeHead(status, { location: `../uploads/${id}?${session.query}`, range, 'content-length': 0 });
    response.end();
  }

  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    registry.requests.push(`${request.method} ${url}`);
    const [path, query = ''] = url.split(/\?(.*)/s);
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(path);
    const upload = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(path);
    if (path === '/v2/') {
      response.writeHead(200).end('{}');
    } else if (blob && request.method === 'HEAD') {
      response.writeHead(registry.blobs.has(blob[2]) ? 200 : 404).end();
    } else if (upload && upload[2] === '' && request.method === 'POST') {
      const id = randomUUID();
      const session: Session = { chunks: [], size: 0, query: newQuery(id, 0), step: 0 };
      sessions.set(id, session);
      // Relative to `/v2/<repo>/blobs/uploads/`: no leading slash.
      response.writeHead(202, { location: `${id}?${session.query}`, range: '0-0', 'content-length': 0 }).end();
    } else if (upload && sessions.has(upload[2])) {
      const id = upload[2];
      const session = sessions.get(id) as Session;
      const expected = request.method === 'PUT' ? `${session.query}&digest=` : session.query;
      const matches = request.method === 'PUT' ? query.startsWith(expected) : query === expected;
      if (!matches) {
        registry.alteredState.push(url);
        request.resume();
        sendError(response, 400, 'BLOB_UPLOAD_INVALID');
        return;
      }
      if (request.method === 'GET') {
        advance(session, id, response, 204);
        return;
      }
      const start = Number(/^(\d+)-/.exec(request.headers['content-range'] ?? '')?.[1] ?? session.size);
      if (start !== session.size) {
        request.resume();
        sendError(response, 416, 'RANGE_INVALID');
        return;
      }
      // Bytes are kept as they arrive: a connection cut mid-body leaves them in the session.
      request.on('data', (chunk: Buffer) => {
        session.chunks.push(chunk);
        session.size += chunk.length;
      });
      request.once('end', () => {
        if (request.method === 'PATCH') {
          advance(session, id, response, 202);
          return;
        }
        const digest = decodeURIComponent(query.slice(expected.length));
        const data = Buffer.concat(session.chunks);
        if (`sha256:${createHash('sha256').update(data).digest('hex')}` !== digest) {
          sendError(response, 400, 'DIGEST_INVALID');
          return;
        }
        registry.blobs.set(digest, data);
        sessions.delete(id);
        response.writeHead(201, { location: `/v2/${upload[1]}/blobs/${digest}`, 'content-length': 0 }).end();
      });
    } else {
      request.resume();
      sendError(response, 404, upload ? 'BLOB_UPLOAD_UNKNOWN' : 'NOT_FOUND');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const lifetime = setTimeout(() => server.close(), lifetimeMs);
  lifetime.unref();
  return Object.assign(registry, {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        clearTimeout(lifetime);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
