import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.ts';
import { RegistryClient, registryMessage } from '../../src/push/registry-client.ts';
import { bypassesProxy, proxyFor } from '../../src/push/proxy.ts';
import { offsetFromRange } from '../../src/push/blob-upload.ts';

interface Seen {
  path: string;
  authorization?: string;
}

/** A registry stand-in that demands a Bearer token from its own token endpoint, as Docker Hub-style registries do. */
let server: http.Server;
let port: number;
let proxy: FaultProxy;
const seen: Seen[] = [];
let failures: number[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
    const status = failures.shift();
    if (status) {
      response.writeHead(status, { 'retry-after': '0' }).end();
      return;
    }
    if (request.url?.startsWith('/token')) {
      const ok = request.headers.authorization === `Basic ${Buffer.from('AWS:secret').toString('base64')}`;
      response.writeHead(ok ? 200 : 401).end(ok ? JSON.stringify({ token: 'tok-123' }) : '');
      return;
    }
    if (request.headers.authorization !== 'Bearer tok-123') {
      const realm = `http://127.0.0.1:${port}/token`;
      response.writeHead(401, {
        'www-authenticate': `Bearer realm="${realm}",service="test",scope="repository:app:pull,push"`,
        'content-type': 'application/json',
      });
      response.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    response.writeHead(200).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  proxy = await startFaultProxy(port);
});

afterAll(async () => {
  await proxy.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
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

describe('RegistryClient', () => {
  it('answers a Bearer challenge with a token fetched using the Basic credentials', async () => {
    seen.length = 0;
    const registry = client();
    await registry.request({ method: 'GET', url: '/v2/', expect: [200], repository: 'app' });
    await registry.request({ method: 'GET', url: '/v2/app/tags/list', expect: [200], repository: 'app' });
    registry.close();
    expect(seen.map((s) => s.path)).toEqual([
      '/v2/',
      '/token?service=test&scope=repository%3Aapp%3Apull%2Cpush',
      '/v2/',
      '/v2/app/tags/list',
    ]);
    expect(seen.map((s) => s.authorization?.split(' ')[0])).toEqual(['Basic', 'Basic', 'Bearer', 'Bearer']);
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
    registry.close();
  });

  it('goes through HTTP_PROXY unless NO_PROXY names the registry', async () => {
    proxy.reset();
    const viaProxy = client({ HTTP_PROXY: proxy.endpoint });
    await viaProxy.request({ method: 'GET', url: '/token', expect: [200] });
    viaProxy.close();
    expect(proxy.requests.map((r) => r.path)).toEqual(['/token']);
    proxy.reset();
    const direct = client({ HTTP_PROXY: proxy.endpoint, NO_PROXY: 'localhost,127.0.0.1' });
    await direct.request({ method: 'GET', url: '/token', expect: [200] });
    direct.close();
    expect(proxy.requests).toHaveLength(0);
  });
});

describe('proxy selection', () => {
  const ecr = new URL('https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/');
  it.each([
    [{ HTTPS_PROXY: 'http://proxy:3128' }, 'http://proxy:3128/'],
    [{ https_proxy: 'proxy:3128' }, 'http://proxy:3128/'],
    [{ HTTP_PROXY: 'http://proxy:3128' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.amazonaws.com' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '*' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'ecr.eu-west-1.amazonaws.com:443' }, undefined],
    [{ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'amazonaws.com:8443' }, 'http://proxy:3128/'],
    [{ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'example.com' }, 'http://proxy:3128/'],
  ])('%p', (env, expected) => {
    expect(proxyFor(ecr, env)?.href).toBe(expected);
  });

  it('matches NO_PROXY hosts exactly or as domain suffixes only', () => {
    expect(bypassesProxy(new URL('http://notamazonaws.com/'), { NO_PROXY: 'amazonaws.com' })).toBe(false);
    expect(bypassesProxy(new URL('http://127.0.0.1:5000/'), { NO_PROXY: '127.0.0.1' })).toBe(true);
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

describe('HTTPS through a CONNECT proxy', () => {
  it('tunnels TLS to the registry and sends the proxy credentials only to the proxy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tunnel-test-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const registryAuth: (string | undefined)[] = [];
    const tlsServer = https.createServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (request, response) => {
        registryAuth.push(request.headers['proxy-authorization'] ?? request.headers.authorization);
        response.writeHead(200).end('{}');
      },
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tlsServer.address() as AddressInfo).port;
    const connects: { target?: string; auth?: string }[] = [];
    const connectProxy = http.createServer();
    connectProxy.on('connect', (request: http.IncomingMessage, socket: Duplex) => {
      connects.push({ target: request.url, auth: request.headers['proxy-authorization'] });
      const upstream = net.connect(tlsPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket).pipe(upstream);
      });
    });
    await new Promise<void>((resolve) => connectProxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (connectProxy.address() as AddressInfo).port;
    const registry = new RegistryClient({
      endpoint: `https://127.0.0.1:${tlsPort}`,
      username: 'AWS',
      password: 'secret',
      env: { HTTPS_PROXY: `http://user:pass@127.0.0.1:${proxyPort}` },
      // The certificate is checked end to end through the tunnel, against the test's own CA.
      ca: readFileSync(join(dir, 'cert.pem')),
    });
    try {
      await registry.request({ method: 'GET', url: '/v2/', expect: [200] });
    } finally {
      registry.close();
      connectProxy.closeAllConnections();
      tlsServer.closeAllConnections();
      await new Promise((resolve) => connectProxy.close(resolve));
      await new Promise((resolve) => tlsServer.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
    expect(connects).toEqual([
      { target: `127.0.0.1:${tlsPort}`, auth: `Basic ${Buffer.from('user:pass').toString('base64')}` },
    ]);
    expect(registryAuth).toEqual([`Basic ${Buffer.from('AWS:secret').toString('base64')}`]);
  });
});
