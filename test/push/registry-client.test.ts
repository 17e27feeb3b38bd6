import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegistryClient, registryMessage } from '../../src/core/push/registry-client.ts';
import { offsetFromRange } from '../../src/core/push/blob-upload.ts';

interface Seen {
  path: string;
  authorization?: string;
  status: number;
}

/**
 * A registry stand-in that demands Bearer tokens from its own token endpoint, as Docker Hub-style registries do. A
 * token is good for the one scope it was issued for (`tok:<scope>#<serial>`): `/v2/<repo>/...` takes only a token for
 * push and pull on that repository, and none with a serial up to `revokedUpTo` (expired).
 */
let server: http.Server;
let port: number;
const seen: Seen[] = [];
let failures: number[] = [];
const settings = { tokenField: 'token', challengeScope: true, issued: 0, revokedUpTo: 0 };

const BASIC = `Basic ${Buffer.from('AWS:secret').toString('base64')}`;

function answer(request: http.IncomingMessage, response: http.ServerResponse): number {
  const url = new URL(request.url ?? '/', 'http://registry');
  const status = failures.shift();
  if (status) {
    response.writeHead(status, { 'retry-after': '0' }).end();
    return status;
  }
  if (url.pathname === '/token') {
    const ok = request.headers.authorization === BASIC;
    const scope = url.searchParams.get('scope') ?? '';
    const token = `tok:${scope}#${++settings.issued}`;
    response.writeHead(ok ? 200 : 401).end(ok ? JSON.stringify({ [settings.tokenField]: token }) : '');
    return ok ? 200 : 401;
  }
  const repository = /^\/v2\/(.+)\/(tags|blobs|manifests)\//.exec(url.pathname)?.[1];
  const needed = repository ? `Bearer tok:repository:${repository}:pull,push#` : 'Bearer tok:';
  const authorization = request.headers.authorization ?? '';
  const serial = Number(authorization.split('#')[1] ?? 0);
  if (!authorization.startsWith(needed) || serial <= settings.revokedUpTo) {
    const scope = settings.challengeScope && repository ? `,scope="repository:${repository}:pull,push"` : '';
    response.writeHead(401, {
      'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test"${scope}`,
      'content-type': 'application/json',
    });
    response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    return 401;
  }
  response.writeHead(200).end('{}');
  return 200;
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const entry: Seen = { path: request.url ?? '', authorization: request.headers.authorization, status: 0 };
    seen.push(entry);
    entry.status = answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  failures = [];
  Object.assign(settings, { tokenField: 'token', challengeScope: true, issued: 0, revokedUpTo: 0 });
});

function client(env: NodeJS.ProcessEnv = {}) {
  return new RegistryClient({
    endpoint: `http://127.0.0.1:${port}`,
    username: 'AWS',
    password: 'secret',
    retryDelayMs: 1,
    env,
  });
}

const scopeQuery = (repository: string) => `scope=${encodeURIComponent(`repository:${repository}:pull,push`)}`;

describe('RegistryClient', () => {
  it('answers a Bearer challenge with a token fetched using the Basic credentials', async () => {
    const registry = client();
    await registry.request({ method: 'GET', url: '/v2/', expect: [200], repository: 'app' });
    await registry.request({ method: 'GET', url: '/v2/app/tags/list', expect: [200], repository: 'app' });
    registry.close();
    expect(seen.map((s) => s.path)).toEqual([
      '/v2/',
      `/token?service=test&${scopeQuery('app')}`,
      '/v2/',
      '/v2/app/tags/list',
    ]);
    expect(seen.map((s) => s.authorization?.split(' ')[0])).toEqual(['Basic', 'Basic', 'Bearer', 'Bearer']);
  });

  it('takes the token from access_token when the token service sends only that', async () => {
    settings.tokenField = 'access_token';
    const registry = client();
    await registry.request({ method: 'GET', url: '/v2/app/tags/list', expect: [200], repository: 'app' });
    registry.close();
    expect(seen.map((s) => `${s.status} ${s.authorization}`)).toEqual([
      `401 ${BASIC}`,
      `200 ${BASIC}`,
      '200 Bearer tok:repository:app:pull,push#1',
    ]);
  });

  it('asks for push and pull on the repository when the challenge names no scope', async () => {
    settings.challengeScope = false;
    const registry = client();
    await registry.request({ method: 'GET', url: '/v2/team/web/tags/list', expect: [200], repository: 'team/web' });
    registry.close();
    expect(seen[1].path).toBe(`/token?service=test&${scopeQuery('team/web')}`);
    expect(seen[2]).toMatchObject({ status: 200, authorization: 'Bearer tok:repository:team/web:pull,push#1' });
  });

  it('keeps one token per scope, so alternating repositories never earn another 401', async () => {
    const registry = client();
    for (const repository of ['a', 'b', 'a', 'b']) {
      await registry.request({ method: 'GET', url: `/v2/${repository}/tags/list`, expect: [200], repository });
    }
    registry.close();
    expect(seen.map((s) => `${s.status} ${s.path}`)).toEqual([
      '401 /v2/a/tags/list',
      `200 /token?service=test&${scopeQuery('a')}`,
      '200 /v2/a/tags/list',
      // The realm is known by now: the token for the new scope is fetched before the request, not after a 401.
      `200 /token?service=test&${scopeQuery('b')}`,
      '200 /v2/b/tags/list',
      '200 /v2/a/tags/list',
      '200 /v2/b/tags/list',
    ]);
  });

  it('fetches a new token when the one it holds has expired', async () => {
    const registry = client();
    await registry.request({ method: 'GET', url: '/v2/a/tags/list', expect: [200], repository: 'a' });
    settings.revokedUpTo = settings.issued;
    seen.length = 0;
    await registry.request({ method: 'GET', url: '/v2/a/tags/list', expect: [200], repository: 'a' });
    registry.close();
    expect(seen.map((s) => `${s.status} ${s.authorization?.split(':').pop()}`)).toEqual([
      '401 pull,push#1',
      `200 ${BASIC.split(':').pop()}`,
      '200 pull,push#2',
    ]);
  });

  it('retries 5xx and 429 answers, then succeeds', async () => {
    failures = [500, 429, 503];
    const registry = client();
    await registry.request({ method: 'GET', url: '/token', expect: [200] });
    expect(registry.stats.retries).toBe(3);
    registry.close();
  });

  it('gives up after the allowed attempts with the status in the message', async () => {
    failures = [502, 502, 502, 502, 502];
    const registry = client();
    await expect(registry.request({ method: 'GET', url: '/token', expect: [200] })).rejects.toThrow(
      `Registry 127.0.0.1:${port} answered 502 to GET /token`,
    );
    expect(seen).toHaveLength(5);
    registry.close();
  });
});

describe('registry answers', () => {
  it('extracts errors[].code and message', () => {
    const body = Buffer.from(JSON.stringify({ errors: [{ code: 'DENIED', message: 'not allowed' }] }));
    expect(registryMessage(body)).toEqual({ code: 'DENIED', message: 'DENIED: not allowed' });
    expect(registryMessage(Buffer.from('<html>Bad gateway</html>')).message).toBe('<html>Bad gateway</html>');
    expect(registryMessage(Buffer.alloc(0)).message).toBe('(empty body)');
  });

  it('reads the resume offset from a Range header', () => {
    expect(offsetFromRange('0-1048575')).toBe(1048576);
    expect(offsetFromRange('bytes=0-99')).toBe(100);
    expect(offsetFromRange('0-0')).toBe(0);
    expect(offsetFromRange(undefined)).toBe(0);
  });
});
