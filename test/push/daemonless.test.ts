import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../support/registry.ts';
import { mockCore } from './support/core-mock.ts';
import { startFaultProxy, type FaultProxy } from './support/fault-proxy.ts';
import { addImage, addIndex, sha256, writeBlob, writeLayoutIndex, writeOciImage } from './support/oci-image.ts';
import { blobStatus, inspect, inspectImage } from './support/skopeo.ts';

const log = mockCore();
const { pushDaemonless } = await import('../../src/push/daemonless.ts');
type Options = Parameters<typeof pushDaemonless>[0];

let registry: TestRegistry;
let proxy: FaultProxy;
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy(registry.port);
  work = mkdtempSync(join(tmpdir(), 'push-test-'));
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  proxy.reset();
  log.lines.length = 0;
});

function options(overrides: Partial<Options> & Pick<Options, 'source' | 'repository'>): Options {
  return {
    tags: ['v1'],
    credentials: {
      endpoint: proxy.endpoint,
      registry: proxy.host,
      username: registry.username,
      password: registry.password,
    },
    concurrency: 3,
    // Small chunks so that test-sized layers exercise the chunked PATCH path and its resume.
    chunkSize: 64 * 1024,
    monolithicMax: 16 * 1024,
    retryDelayMs: 10,
    ...overrides,
  };
}

describe('daemonless push of an OCI layout', () => {
  const layout = () => join(work, 'simple');

  it('pushes every blob and the manifest under each tag, verified by skopeo', async () => {
    const image = await writeOciImage(layout(), { layers: [300 * 1024, 5000, 1], ref: 'app' });
    const result = await pushDaemonless(
      options({ source: { kind: 'oci', path: layout(), reference: 'app' }, repository: 'simple', tags: ['v1', 'v2'] }),
    );
    expect(result.digest).toBe(image.manifest.digest);
    expect(result.digest).toBe(sha256(image.manifestBytes));
    expect(result.tally.counts).toEqual({ uploaded: 4, mounted: 0, skipped: 0 });
    expect(result.retries).toBe(0);
    const inspected = inspectImage(registry, 'simple:v1');
    expect(inspected.Digest).toBe(image.manifest.digest);
    expect(inspected.RepoTags.sort()).toEqual(['v1', 'v2']);
    expect(inspected.Layers).toEqual(image.layers.map((l) => l.digest));
    expect(inspectImage(registry, 'simple:v2').Digest).toBe(image.manifest.digest);
    expect(proxy.count('upload-patch')).toBeGreaterThanOrEqual(5);
    expect(log.lines.filter((l) => / uploaded in .* s \(/.test(l))).toHaveLength(4);
    expect(log.lines.some((l) => l.includes(`Pushed ${proxy.host}/simple@${image.manifest.digest}`))).toBe(true);
  });

  it('re-pushes an unchanged image without uploading a single blob', async () => {
    const result = await pushDaemonless(
      options({ source: { kind: 'oci', path: layout(), reference: 'app' }, repository: 'simple', tags: ['v3'] }),
    );
    expect(result.tally.counts).toEqual({ uploaded: 0, mounted: 0, skipped: 4 });
    expect(proxy.count('upload-start') + proxy.count('upload-patch') + proxy.count('upload-put')).toBe(0);
    expect(proxy.count('blob-head')).toBe(4);
    expect(inspectImage(registry, 'simple:v3').Digest).toBe(result.digest);
  });

  it('mounts blobs seen in another repository of the registry instead of uploading them', async () => {
    const result = await pushDaemonless(
      options({ source: { kind: 'oci', path: layout(), reference: 'app' }, repository: 'copy' }),
    );
    expect(result.tally.counts).toEqual({ uploaded: 0, mounted: 4, skipped: 0 });
    expect(proxy.requests.filter((r) => r.path.includes('mount=') && r.path.includes('from=simple'))).toHaveLength(4);
    expect(proxy.uploadedBytes).toBe(0);
    expect(inspectImage(registry, 'copy:v1').Digest).toBe(result.digest);
  });

  it('pushes an image index with every child manifest before the index', async () => {
    const dir = join(work, 'multi');
    const amd = await addImage(dir, { layers: [70 * 1024, 100], architecture: 'amd64' });
    const arm = await addImage(dir, { layers: [2000], architecture: 'arm64' });
    const index = await addIndex(dir, [amd, arm]);
    await writeLayoutIndex(dir, { multi: index.descriptor });
    const result = await pushDaemonless(options({ source: { kind: 'oci', path: dir }, repository: 'multi' }));
    expect(result.digest).toBe(index.descriptor.digest);
    const manifestPuts = proxy.requests.filter((r) => r.kind === 'manifest-put').map((r) => r.path.split('/').pop());
    expect(manifestPuts).toEqual([amd.manifest.digest, arm.manifest.digest, 'v1']);
    expect(sha256(Buffer.from(inspect(registry, 'multi:v1', ['--raw'])))).toBe(index.descriptor.digest);
    const armInspected = inspectImage(registry, `multi@${arm.manifest.digest}`);
    expect(armInspected.Layers).toEqual(arm.layers.map((l) => l.digest));
  });

  it('reports the registry own error message', async () => {
    // A non-distributable layer is not uploaded, and this registry accepts no foreign URLs: it refuses the manifest.
    const dir = join(work, 'foreign');
    const image = await addImage(dir, { layers: [1000] });
    const foreign = { ...image.layers[0], urls: ['https://example.invalid/layer'], digest: sha256('elsewhere') };
    const bytes = Buffer.from(JSON.stringify({ ...JSON.parse(image.manifestBytes.toString()), layers: [foreign] }));
    const manifest = { mediaType: image.manifest.mediaType, digest: await writeBlob(dir, bytes), size: bytes.length };
    await writeLayoutIndex(dir, { foreign: manifest });
    await expect(
      pushDaemonless(options({ source: { kind: 'oci', path: dir }, repository: 'foreign' })),
    ).rejects.toThrow(
      // distribution 2.8 answers this with a 500, so the push retries it before giving up.
      /answered 500 to PUT \/v2\/foreign\/manifests\/v1: .*MANIFEST_BLOB_UNKNOWN: blob unknown to registry/,
    );
  });
});

describe('daemonless push under faults', () => {
  it('completes with the right digest despite 500s and connection resets mid-blob', async () => {
    const dir = join(work, 'faulty');
    const image = await writeOciImage(dir, { layers: [400 * 1024, 200 * 1024], ref: 'app' });
    proxy.faults.push(
      { kind: 'upload-start', times: 1, status: 500 },
      { kind: 'upload-patch', times: 1, status: 503 },
      { kind: 'upload-patch', times: 2, resetAfterBytes: 20 * 1024 },
      { kind: 'upload-put', times: 1, status: 500 },
      { kind: 'manifest-put', times: 1, status: 429 },
    );
    const result = await pushDaemonless(
      options({ source: { kind: 'oci', path: dir }, repository: 'faulty', concurrency: 2 }),
    );
    expect(proxy.faults.every((f) => f.times === 0)).toBe(true);
    expect(result.digest).toBe(image.manifest.digest);
    const inspected = inspectImage(registry, 'faulty:v1');
    expect(inspected.Digest).toBe(image.manifest.digest);
    expect(inspected.Layers).toEqual(image.layers.map((l) => l.digest));
    expect(log.lines.some((l) => /retr(y|ies)\)/.test(l))).toBe(true);
    expect(result.retries).toBeGreaterThanOrEqual(6);
  });

  it('resumes an upload from the offset the registry reports after a failed chunk', async () => {
    const dir = join(work, 'resume');
    const image = await writeOciImage(dir, { layers: [200 * 1024] });
    proxy.faults.push({ kind: 'upload-patch', times: 1, status: 500, after: 1 });
    const result = await pushDaemonless(
      options({ source: { kind: 'oci', path: dir }, repository: 'resume', concurrency: 1 }),
    );
    expect(result.digest).toBe(image.manifest.digest);
    const patches = proxy.requests.filter((r) => r.kind === 'upload-patch').map((r) => `${r.contentRange} ${r.status}`);
    expect(patches).toEqual(['0-65535 202', '65536-131071 500', '65536-131071 202', '131072-196607 202']);
    expect(proxy.requests.filter((r) => r.kind === 'upload-status').map((r) => r.status)).toEqual([204]);
    expect(proxy.count('upload-start')).toBe(2);
    expect(inspectImage(registry, 'resume:v1').Layers).toEqual([image.layers[0].digest]);
  });

  it('fails with a clear message on a wrong password, before any blob request', async () => {
    const dir = join(work, 'simple');
    const opts = options({ source: { kind: 'oci', path: dir, reference: 'app' }, repository: 'denied' });
    opts.credentials = { ...opts.credentials, password: 'wrong-password' };
    await expect(pushDaemonless(opts)).rejects.toThrow(/answered 401 to GET \/v2\/: UNAUTHORIZED.*credentials/);
    expect(proxy.requests.map((r) => r.kind)).toEqual(['ping']);
  });

  it('refuses a layout with a missing layer file before any request', async () => {
    const dir = join(work, 'missing');
    const image = await writeOciImage(dir, { layers: [1000, 2000] });
    rmSync(join(dir, 'blobs', 'sha256', image.layers[1].digest.slice(7)));
    await expect(
      pushDaemonless(options({ source: { kind: 'oci', path: dir }, repository: 'missing' })),
    ).rejects.toThrow(`Layer ${image.layers[1].digest} is missing from ${dir}`);
    expect(proxy.requests).toHaveLength(0);
  });

  it('names the file whose content does not match its digest, and commits nothing', async () => {
    const dir = join(work, 'corrupt');
    const image = await writeOciImage(dir, { layers: [150 * 1024] });
    const layerFile = join(dir, 'blobs', 'sha256', image.layers[0].digest.slice(7));
    const fd = openSync(layerFile, 'r+');
    writeSync(fd, Buffer.from('X'), 0, 1, 100 * 1024);
    closeSync(fd);
    await expect(
      pushDaemonless(options({ source: { kind: 'oci', path: dir }, repository: 'corrupt' })),
    ).rejects.toThrow(`Digest mismatch: ${layerFile} has sha256:`);
    expect(await blobStatus(registry, `corrupt/blobs/${image.layers[0].digest}`)).toBe(404);
    const layerQuery = `digest=${encodeURIComponent(image.layers[0].digest)}`;
    expect(proxy.requests.filter((r) => r.path.endsWith(layerQuery) && r.status === 201)).toHaveLength(0);
    expect(proxy.count('manifest-put')).toBe(0);
  });
});
