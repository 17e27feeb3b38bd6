import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobUpload } from '../../src/core/push/blob-upload.ts';
import type { BlobToPush } from '../../src/core/push/plan.ts';
import { RegistryClient } from '../../src/core/push/registry-client.ts';
import { requestTarget, resolveLocation, withDigest } from '../../src/core/push/registry-url.ts';
import { startFakeRegistry, type FakeRegistry } from './support/fake-registry.ts';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.ts';
import { sha256 } from './support/oci-image.ts';

let registry: FakeRegistry;
let proxy: FaultProxy;
let work: string;

beforeAll(async () => {
  registry = await startFakeRegistry();
  proxy = await startFaultProxy(registry.port);
  work = mkdtempSync(join(tmpdir(), 'blob-upload-test-'));
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  proxy.reset();
  registry.requests.length = 0;
  registry.alteredState.length = 0;
});

function blobFile(name: string, size: number): { blob: BlobToPush; data: Buffer } {
  const data = randomBytes(size);
  const path = join(work, name);
  writeFileSync(path, data);
  return { data, blob: { digest: sha256(data), size, role: 'layer', file: { path, offset: 0, size, label: path } } };
}

function upload(blob: BlobToPush, endpoint: string) {
  const client = new RegistryClient({ endpoint, username: 'AWS', password: 'pw', retryDelayMs: 5 });
  const result = new BlobUpload(blob, {
    client,
    repository: 'team/app',
    chunkSize: 64 * 1024,
    monolithicMax: 16 * 1024,
    attempts: 3,
  }).run();
  return result.finally(() => client.close());
}

describe('upload URLs from the registry', () => {
  it('resolves relative Locations against the request and sends the upload state back byte for byte', async () => {
    const { blob, data } = blobFile('relative.bin', 150 * 1024);
    const result = await upload(blob, registry.endpoint);
    expect(result.outcome).toBe('uploaded');
    expect(registry.alteredState).toEqual([]);
    expect(registry.blobs.get(blob.digest)?.equals(data)).toBe(true);
    const uploads = registry.requests.filter((line) => line.includes('/blobs/uploads/'));
    expect(uploads.map((line) => line.split(' ')[0])).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH', 'PUT']);
    // Every request after the POST went to the session's own path, not to the registry root.
    for (const line of uploads.slice(1)) expect(line).toMatch(/^\w+ \/v2\/team\/app\/blobs\/uploads\/[0-9a-f-]{36}\?/);
    const put = uploads[uploads.length - 1];
    expect(put.endsWith(`*3&digest=${encodeURIComponent(blob.digest)}`)).toBe(true);
    expect(put).toContain("~k='v'=&sig=AbC%2Fd+e*3");
  });

  it('helpers keep the query as it came', () => {
    const base = 'https://r.example/v2/app/blobs/uploads/';
    expect(resolveLocation("id?_state=a/b~c='d'=&x=%2F", base)).toBe(
      "https://r.example/v2/app/blobs/uploads/id?_state=a/b~c='d'=&x=%2F",
    );
    expect(resolveLocation('/v2/app/blobs/uploads/id#frag', base)).toBe('https://r.example/v2/app/blobs/uploads/id');
    expect(resolveLocation('https://s3.example/up?X-Amz-Signature=a%2Fb', base)).toBe(
      'https://s3.example/up?X-Amz-Signature=a%2Fb',
    );
    expect(withDigest('https://r.example/u/id?_state=a/b~=', 'sha256:ab')).toBe(
      'https://r.example/u/id?_state=a/b~=&digest=sha256%3Aab',
    );
    expect(withDigest('https://r.example/u/id', 'sha256:ab')).toBe('https://r.example/u/id?digest=sha256%3Aab');
    expect(withDigest('https://r.example/u/id?a=1&', 'sha256:ab')).toBe(
      'https://r.example/u/id?a=1&digest=sha256%3Aab',
    );
    const target = requestTarget("http://r.example:5000/u/id?s=a/b~'c'", new URL('http://r.example:5000'));
    expect(target.path).toBe("/u/id?s=a/b~'c'");
    expect(target.url.port).toBe('5000');
  });
});

describe('resuming a chunked upload', () => {
  it('resumes mid-chunk from the Range the registry reports after bytes of a cut-off PATCH landed', async () => {
    const { blob, data } = blobFile('resume.bin', 200 * 1024);
    proxy.faults.push({ kind: 'upload-patch', times: 1, after: 1, resetAfterBytes: 20 * 1024 });
    const result = await upload(blob, proxy.endpoint);
    expect(result.outcome).toBe('uploaded');
    expect(result.retries).toBe(1);
    expect(registry.blobs.get(blob.digest)?.equals(data)).toBe(true);
    const patches = proxy.requests.filter((r) => r.kind === 'upload-patch');
    expect(patches.map((r) => `${r.contentRange} ${r.status} ${r.forwardedBytes}`)).toEqual([
      '0-65535 202 65536',
      '65536-131071 -1 20480',
      // 64 KiB + the 20 KiB that got through: nothing re-sent, nothing skipped.
      '86016-151551 202 65536',
      '151552-204799 202 53248',
    ]);
    const status = proxy.requests.filter((r) => r.kind === 'upload-status');
    expect(status.map((r) => `${r.status} ${r.range}`)).toEqual(['204 0-86015']);
    expect(proxy.count('upload-start')).toBe(1);
    const put = proxy.requests.find((r) => r.kind === 'upload-put');
    expect(put?.forwardedBytes).toBe(0);
  });
});
