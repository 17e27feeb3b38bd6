import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { RegistryClient, type RegistryClientOptions } from '../../src/core/push/registry-client.ts';
import { bypassesProxy, proxyFor } from '../../src/core/push/proxy.ts';
import { selfSignedCertificate, type Certificate } from './support/tls.ts';

/** Every server here: bound to 127.0.0.1, its sockets (tunnels included) destroyed at the end. */
interface Served {
  port: number;
  sockets: Set<Duplex>;
  server: http.Server;
}

async function serve(server: http.Server): Promise<Served> {
  const sockets = new Set<Duplex>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, sockets, server };
}

async function stop(served: Served | undefined): Promise<void> {
  if (!served) return;
  for (const socket of served.sockets) socket.destroy();
  await new Promise((resolve) => served.server.close(resolve));
}

interface ProxyLog {
  connects: { target?: string; auth?: string }[];
  forwarded: string[];
}

/** A forward proxy: CONNECT tunnels and absolute-form requests, over plain HTTP or TLS. */
function forwardProxy(log: ProxyLog, certificate?: Certificate): http.Server {
  const forward = (request: http.IncomingMessage, response: http.ServerResponse) => {
    log.forwarded.push(`${request.url} ${request.headers['proxy-authorization'] ?? '-'}`);
    const target = new URL(request.url ?? '');
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.once('error', () => response.destroy());
    request.pipe(upstream);
  };
  const server = certificate ? https.createServer(certificate, forward) : http.createServer(forward);
  server.on('connect', (request: http.IncomingMessage, socket: Duplex) => {
    log.connects.push({ target: request.url, auth: request.headers['proxy-authorization'] });
    const [host, port] = (request.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket).pipe(upstream);
    });
    upstream.once('error', () => socket.destroy());
    socket.once('error', () => upstream.destroy());
  });
  return server;
}

let certificate: Certificate;
let plain: Served;
let tlsRegistry: Served;
let httpProxy: Served;
let tlsProxy: Served;
let silentProxy: Served;
const plainSeen: string[] = [];
const tlsSeen: (string | undefined)[] = [];
const proxyLog: ProxyLog = { connects: [], forwarded: [] };

beforeAll(async () => {
  certificate = selfSignedCertificate();
  plain = await serve(
    http.createServer((request, response) => {
      plainSeen.push(request.url ?? '');
      if (request.url === '/hang') return;
      if (request.url === '/stall-body') {
        response.writeHead(200, { 'content-length': 100 });
        response.write('{"partial":');
        return;
      }
      if (request.url === '/trickle') {
        // A byte every 50 ms: slow, but never idle.
        response.writeHead(200, { 'content-length': 8 });
        let sent = 0;
        const timer = setInterval(() => {
          response.write('x');
          sent++;
          if (sent < 8) return;
          clearInterval(timer);
          response.end();
        }, 50);
        return;
      }
      response.writeHead(200).end('{}');
    }),
  );
  tlsRegistry = await serve(
    https.createServer(certificate, (request, response) => {
      tlsSeen.push(request.headers['proxy-authorization'] ?? request.headers.authorization);
      response.writeHead(200).end('{}');
    }),
  );
  httpProxy = await serve(forwardProxy(proxyLog));
  tlsProxy = await serve(forwardProxy(proxyLog, certificate));
  const silent = http.createServer();
  // Takes the CONNECT and never answers it.
  silent.on('connect', () => undefined);
  silentProxy = await serve(silent);
});

afterAll(async () => {
  for (const served of [plain, tlsRegistry, httpProxy, tlsProxy, silentProxy]) await stop(served);
});

beforeEach(() => {
  plainSeen.length = 0;
  tlsSeen.length = 0;
  proxyLog.connects.length = 0;
  proxyLog.forwarded.length = 0;
});

function client(options: Partial<RegistryClientOptions> = {}) {
  return new RegistryClient({
    endpoint: `http://127.0.0.1:${plain.port}`,
    username: 'AWS',
    password: 'secret',
    retryDelayMs: 1,
    env: {},
    ...options,
  });
}

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('idle timeout', () => {
  it('gives up on a registry that never answers, as a retryable ETIMEDOUT', async () => {
    const registry = client({ idleTimeoutMs: 150, attempts: 2 });
    const failure = registry.request({ method: 'GET', url: '/hang', expect: [200] });
    await expect(failure).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      message: expect.stringMatching(/no data for 0.15 s/),
    });
    expect(plainSeen).toEqual(['/hang', '/hang']);
    expect(registry.stats.retries).toBe(1);
    registry.close();
  }, 5000);

  it('gives up on a response body that stops arriving', async () => {
    const registry = client({ idleTimeoutMs: 150 });
    const failure = registry.request({ method: 'GET', url: '/stall-body', expect: [200], retry: false });
    await expect(failure).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    registry.close();
  }, 5000);

  it('lets a slow answer that keeps moving finish', async () => {
    // Idle limit well above the 50 ms between bytes, well below the 400 ms the whole answer takes.
    const registry = client({ idleTimeoutMs: 300 });
    const response = await registry.request({ method: 'GET', url: '/trickle', expect: [200], retry: false });
    expect(response.body.toString()).toBe('xxxxxxxx');
    registry.close();
  }, 5000);

  it('gives up on a proxy that takes the CONNECT and never answers', async () => {
    const registry = client({
      endpoint: `https://127.0.0.1:${tlsRegistry.port}`,
      env: { HTTPS_PROXY: `http://127.0.0.1:${silentProxy.port}` },
      idleTimeoutMs: 150,
      attempts: 1,
    });
    const failure = registry.request({ method: 'GET', url: '/v2/', expect: [200] });
    await expect(failure).rejects.toMatchObject({ code: 'ETIMEDOUT', message: expect.stringContaining('CONNECT') });
    expect(tlsSeen).toEqual([]);
    registry.close();
  }, 5000);
});

describe('stopping requests', () => {
  it('close() ends a request in flight, which is not retried, and refuses new ones', async () => {
    const registry = client({ attempts: 5 });
    const pending = registry.request({ method: 'GET', url: '/hang', expect: [200] });
    while (plainSeen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    registry.close();
    await expect(pending).rejects.toThrow(`The client of registry 127.0.0.1:${plain.port} is closed.`);
    await expect(registry.request({ method: 'GET', url: '/ok', expect: [200] })).rejects.toThrow('is closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(plainSeen).toEqual(['/hang']);
  }, 5000);

  it('an aborted signal stops a request without a retry', async () => {
    const registry = client({ attempts: 5 });
    const stopper = new AbortController();
    const pending = registry.request({ method: 'GET', url: '/hang', expect: [200], signal: stopper.signal });
    while (plainSeen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    stopper.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(plainSeen).toEqual(['/hang']);
    registry.close();
  }, 5000);
});

describe('proxies', () => {
  it('goes through HTTP_PROXY unless NO_PROXY names the registry', async () => {
    const viaProxy = client({ env: { HTTP_PROXY: `http://127.0.0.1:${httpProxy.port}` } });
    await viaProxy.request({ method: 'GET', url: '/ok?a=b/c~', expect: [200] });
    viaProxy.close();
    expect(proxyLog.forwarded).toEqual([`http://127.0.0.1:${plain.port}/ok?a=b/c~ -`]);
    proxyLog.forwarded.length = 0;
    const env = { HTTP_PROXY: `http://127.0.0.1:${httpProxy.port}`, NO_PROXY: 'localhost,127.0.0.1' };
    const direct = client({ env });
    await direct.request({ method: 'GET', url: '/ok', expect: [200] });
    direct.close();
    expect(proxyLog.forwarded).toEqual([]);
    expect(plainSeen).toEqual(['/ok?a=b/c~', '/ok']);
  });

  it.each([
    ['http', () => httpProxy],
    ['https', () => tlsProxy],
  ])('tunnels TLS to the registry through an %s:// proxy, its credentials for the proxy only', async (scheme, via) => {
    const registry = client({
      endpoint: `https://127.0.0.1:${tlsRegistry.port}`,
      env: { HTTPS_PROXY: `${scheme}://user:p%40ss@127.0.0.1:${via().port}` },
      // Checked end to end through the tunnel (and to the TLS proxy) against the test's own CA, on top of Node's.
      ca: certificate.cert,
    });
    try {
      await registry.request({ method: 'GET', url: '/v2/', expect: [200] });
    } finally {
      registry.close();
    }
    expect(proxyLog.connects).toEqual([{ target: `127.0.0.1:${tlsRegistry.port}`, auth: basic('user:p@ss') }]);
    expect(tlsSeen).toEqual([basic('AWS:secret')]);
  });

  it('sends plain-HTTP registry requests through an https:// proxy over TLS', async () => {
    const registry = client({ env: { HTTP_PROXY: `https://u:p@127.0.0.1:${tlsProxy.port}` }, ca: certificate.cert });
    await registry.request({ method: 'GET', url: '/ok', expect: [200] });
    registry.close();
    expect(proxyLog.forwarded).toEqual([`http://127.0.0.1:${plain.port}/ok ${basic('u:p')}`]);
  });

  it('refuses a proxy scheme it cannot speak, without printing the proxy credentials', async () => {
    const registry = client({ env: { HTTP_PROXY: 'socks5://user:hunter2@127.0.0.1:1080' } });
    const failure = registry.request({ method: 'GET', url: '/ok', expect: [200] });
    await expect(failure).rejects.toThrow(
      'HTTP_PROXY uses a socks5:// proxy, which is not supported: use an http:// or https:// proxy.',
    );
    await expect(failure).rejects.not.toThrow('hunter2');
    expect(plainSeen).toEqual([]);
    registry.close();
  });
});

describe('proxy selection', () => {
  const ecr = new URL('https://123456789012.dkr.ecr.eu-west-1.amazonaws.com/v2/');
  it.each([
    [{ HTTPS_PROXY: 'http://proxy:3128' }, 'http://proxy:3128/'],
    [{ HTTPS_PROXY: 'https://proxy:3129' }, 'https://proxy:3129/'],
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
