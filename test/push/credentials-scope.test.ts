/**
 * Where registry credentials may go. They once followed a `Location: http://…` handed out by an https registry (Basic
 * credentials in cleartext) and a Bearer realm on another scheme or host. Now: credentials only to the registry's own
 * scheme, host and port; never over http when the registry is https; Basic credentials to a token realm only on the
 * registry's own host or over https.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate, type Certificate } from './support/tls.ts';

const { RegistryClient } = await import('../../src/core/push/registry-client.ts');
const { BlobUpload } = await import('../../src/core/push/blob-upload.ts');

interface Seen {
  server: string;
  method: string;
  url: string;
  authorization?: string;
}

const seen: Seen[] = [];
let certificate: Certificate;
let plain: http.Server;
let secure: https.Server;
let securePort: number;
let plainPort: number;
/** One port that speaks both TLS and plain HTTP (by the first byte), so `http://` and `https://` share host:port. */
let dual: net.Server;
let dualPort: number;
/** What the https registry answers: a Location on plain http, or a Bearer realm somewhere. */
let behaviour: { location?: string; realm?: string } = {};

const BASIC = `Basic ${Buffer.from('AWS:s3cret').toString('base64')}`;

function handler(server: string) {
  return (request: http.IncomingMessage, response: http.ServerResponse) => {
    seen.push({
      server,
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
    });
    request.resume();
    request.once('end', () => {
      const url = request.url ?? '';
      if (url.startsWith('/token')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"tok"}');
      } else if (server === 'https' && behaviour.realm && !request.headers.authorization?.startsWith('Bearer')) {
        response.writeHead(401, { 'www-authenticate': `Bearer realm="${behaviour.realm}",service="test"` }).end();
      } else if (url.endsWith('/blobs/uploads/') && request.method === 'POST') {
        response.writeHead(202, { location: behaviour.location ?? '/v2/app/blobs/uploads/1', 'content-length': 0 });
        response.end();
      } else if (request.method === 'HEAD') {
        response.writeHead(404).end();
      } else if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        response.writeHead(201, { 'content-length': 0 }).end();
      }
    });
  };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  certificate = selfSignedCertificate();
  secure = https.createServer(certificate, handler('https'));
  plain = http.createServer(handler('http'));
  securePort = await listen(secure);
  plainPort = await listen(plain);
  dual = net.createServer((socket) => {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      // 0x16: a TLS handshake record.
      (first[0] === 0x16 ? secure : plain).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  dualPort = await listen(dual as unknown as http.Server);
});
afterAll(async () => {
  for (const server of [secure, plain]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await new Promise((resolve) => dual.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
  behaviour = {};
});

function client(port = securePort) {
  return new RegistryClient({
    endpoint: `https://127.0.0.1:${port}`,
    username: 'AWS',
    password: 's3cret',
    ca: certificate.cert,
    attempts: 1,
    retryDelayMs: 1,
    idleTimeoutMs: 5000,
  });
}

async function uploadOneBlob(port?: number): Promise<void> {
  const registry = client(port);
  const { writeFileSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createHash } = await import('node:crypto');
  const path = join(mkdtempSync(join(tmpdir(), 'cred-')), 'blob');
  writeFileSync(path, 'hello');
  const digest = `sha256:${createHash('sha256').update('hello').digest('hex')}`;
  const blob = { digest, size: 5, role: 'layer' as const, file: { path, offset: 0, size: 5, label: 'blob' } };
  try {
    await new BlobUpload(blob, {
      client: registry,
      repository: 'app',
      chunkSize: 1 << 20,
      monolithicMax: 1 << 20,
      attempts: 1,
    }).run();
  } finally {
    registry.close();
  }
}

describe('registry credentials stay with the registry', () => {
  it('sends no credentials to an upload Location on plain http, same host and port, from an https registry', async () => {
    behaviour.location = `http://127.0.0.1:${dualPort}/v2/app/blobs/uploads/1?_state=x`;
    await uploadOneBlob(dualPort);
    const leaked = seen.filter((s) => s.server === 'http');
    expect(leaked.map((s) => s.method)).toEqual(['PUT']);
    expect(leaked[0].authorization).toBeUndefined();
    // The registry itself still got them.
    expect(seen.find((s) => s.server === 'https' && s.method === 'POST')?.authorization).toBe(BASIC);
  });

  it('sends no credentials to an upload Location on the same host but another port', async () => {
    behaviour.location = `http://127.0.0.1:${plainPort}/v2/app/blobs/uploads/1`;
    await uploadOneBlob();
    const elsewhere = seen.filter((s) => s.server === 'http');
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(elsewhere.every((s) => s.authorization === undefined)).toBe(true);
  });

  it('does not send Basic credentials to a token realm on plain http on the registry host and port', async () => {
    behaviour.realm = `http://127.0.0.1:${dualPort}/token`;
    const registry = client(dualPort);
    try {
      await registry.request({ method: 'GET', url: '/v2/', expect: [200] });
    } finally {
      registry.close();
    }
    const token = seen.find((s) => s.url.startsWith('/token'));
    expect(token?.server).toBe('http');
    expect(token?.authorization).toBeUndefined();
  });

  it('does not send Basic credentials to a token realm on plain http on another port', async () => {
    behaviour.realm = `http://127.0.0.1:${plainPort}/token`;
    const registry = client();
    try {
      await registry.request({ method: 'GET', url: '/v2/', expect: [200] });
    } finally {
      registry.close();
    }
    const token = seen.find((s) => s.url.startsWith('/token'));
    expect(token?.server).toBe('http');
    expect(token?.authorization).toBeUndefined();
  });

  it('sends Basic credentials to a token realm on the registry itself', async () => {
    behaviour.realm = `https://127.0.0.1:${securePort}/token`;
    const registry = client();
    try {
      await registry.request({ method: 'GET', url: '/v2/', expect: [200] });
    } finally {
      registry.close();
    }
    expect(seen.find((s) => s.url.startsWith('/token'))?.authorization).toBe(BASIC);
  });
});
