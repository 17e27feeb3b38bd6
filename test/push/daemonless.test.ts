import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockWorkflow } from './support/workflow-mock.ts';
import { addImage, addIndex, sha256, writeBlob, writeLayoutIndex, writeOciImage } from './support/oci-image.ts';
import { pushHarness } from './support/push-harness.ts';
import { inspect, inspectImage } from './support/skopeo.ts';

const log = mockWorkflow();
const { pushDaemonless } = await import('../../src/core/push/daemonless.ts');
const harness = pushHarness(log);

// Every test writes and pushes its own image: none relies on what an earlier one left in the registry.
describe('daemonless push of an OCI layout', () => {
  it('pushes every blob and the manifest under each tag, verified by skopeo', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'simple');
    const image = await writeOciImage(dir, { layers: [300 * 1024, 5000, 1], ref: 'app' });
    const result = await pushDaemonless(
      harness.options({
        source: { kind: 'oci', path: dir, reference: 'app' },
        repository: 'simple',
        tags: ['v1', 'v2'],
      }),
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
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'unchanged');
    await writeOciImage(dir, { layers: [40 * 1024, 100], ref: 'app' });
    const source = { kind: 'oci', path: dir, reference: 'app' } as const;
    await pushDaemonless(harness.options({ source, repository: 'unchanged', tags: ['v1'] }));
    proxy.reset();
    const result = await pushDaemonless(harness.options({ source, repository: 'unchanged', tags: ['v2'] }));
    expect(result.tally.counts).toEqual({ uploaded: 0, mounted: 0, skipped: 3 });
    expect(proxy.count('upload-start') + proxy.count('upload-patch') + proxy.count('upload-put')).toBe(0);
    expect(proxy.count('blob-head')).toBe(3);
    expect(inspectImage(registry, 'unchanged:v2').Digest).toBe(result.digest);
  });

  it('mounts blobs seen in another repository of the registry instead of uploading them', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'mountable');
    await writeOciImage(dir, { layers: [30 * 1024, 200], ref: 'app' });
    const source = { kind: 'oci', path: dir } as const;
    await pushDaemonless(harness.options({ source, repository: 'mount-source' }));
    proxy.reset();
    const result = await pushDaemonless(harness.options({ source, repository: 'mount-target' }));
    expect(result.tally.counts).toEqual({ uploaded: 0, mounted: 3, skipped: 0 });
    const mounts = proxy.requests.filter((r) => r.path.includes('mount=') && r.path.includes('from=mount-source'));
    expect(mounts.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(proxy.uploadedBytes).toBe(0);
    expect(inspectImage(registry, 'mount-target:v1').Digest).toBe(result.digest);
  });

  it('pushes an image index with every child manifest before the index', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'multi');
    const amd = await addImage(dir, { layers: [70 * 1024, 100], architecture: 'amd64' });
    const arm = await addImage(dir, { layers: [2000], architecture: 'arm64' });
    const index = await addIndex(dir, [amd, arm]);
    await writeLayoutIndex(dir, { multi: index.descriptor });
    const result = await pushDaemonless(harness.options({ source: { kind: 'oci', path: dir }, repository: 'multi' }));
    expect(result.digest).toBe(index.descriptor.digest);
    const manifestPuts = proxy.requests.filter((r) => r.kind === 'manifest-put').map((r) => r.path.split('/').pop());
    expect(manifestPuts).toEqual([amd.manifest.digest, arm.manifest.digest, 'v1']);
    expect(sha256(Buffer.from(inspect(registry, 'multi:v1', ['--raw'])))).toBe(index.descriptor.digest);
    const armInspected = inspectImage(registry, `multi@${arm.manifest.digest}`);
    expect(armInspected.Layers).toEqual(arm.layers.map((l) => l.digest));
  });

  it('sends the manifest with its own mediaType when index.json says otherwise', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'mislabelled');
    const image = await addImage(dir, { layers: [1000] });
    const dockerType = 'application/vnd.docker.distribution.manifest.v2+json';
    await writeLayoutIndex(dir, { app: { ...image.manifest, mediaType: dockerType } });
    const result = await pushDaemonless(
      harness.options({ source: { kind: 'oci', path: dir }, repository: 'mislabelled' }),
    );
    expect(result.digest).toBe(image.manifest.digest);
    const puts = proxy.requests.filter((r) => r.kind === 'manifest-put');
    expect(puts.map((r) => `${r.status} ${r.contentType}`)).toEqual(['201 application/vnd.oci.image.manifest.v1+json']);
    expect(inspectImage(registry, 'mislabelled:v1').Digest).toBe(image.manifest.digest);
  });

  it('refuses sha512 digests before any request, since ECR takes sha256 only', async () => {
    const { proxy } = harness;
    const dir = join(harness.work, 'sha512');
    const image = await addImage(dir, { layers: [500] });
    const layer = randomBytes(700);
    const hex = createHash('sha512').update(layer).digest('hex');
    mkdirSync(join(dir, 'blobs', 'sha512'), { recursive: true });
    writeFileSync(join(dir, 'blobs', 'sha512', hex), layer);
    const document = JSON.parse(image.manifestBytes.toString()) as { layers: object[] };
    document.layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: `sha512:${hex}`, size: 700 });
    const bytes = Buffer.from(JSON.stringify(document));
    const manifest = { mediaType: image.manifest.mediaType, digest: await writeBlob(dir, bytes), size: bytes.length };
    await writeLayoutIndex(dir, { app: manifest });
    await expect(
      pushDaemonless(harness.options({ source: { kind: 'oci', path: dir }, repository: 'sha512' })),
    ).rejects.toThrow(
      `Layer sha512:${hex.slice(0, 12)}… in ${dir} has a sha512 digest, but ECR takes sha256 digests only`,
    );
    expect(proxy.requests).toHaveLength(0);
  });

  it('reports the registry own error message', async () => {
    // A non-distributable layer is not uploaded, and this registry accepts no foreign URLs: it refuses the manifest.
    const dir = join(harness.work, 'foreign');
    const image = await addImage(dir, { layers: [1000] });
    const foreign = { ...image.layers[0], urls: ['https://example.invalid/layer'], digest: sha256('elsewhere') };
    const bytes = Buffer.from(JSON.stringify({ ...JSON.parse(image.manifestBytes.toString()), layers: [foreign] }));
    const manifest = { mediaType: image.manifest.mediaType, digest: await writeBlob(dir, bytes), size: bytes.length };
    await writeLayoutIndex(dir, { foreign: manifest });
    await expect(
      pushDaemonless(harness.options({ source: { kind: 'oci', path: dir }, repository: 'foreign' })),
    ).rejects.toThrow(
      // distribution 2.8 answers this with a 500, so the push retries it before giving up.
      /answered 500 to PUT \/v2\/foreign\/manifests\/v1: .*MANIFEST_BLOB_UNKNOWN: blob unknown to registry/,
    );
  });

  it('fails with a clear message on a wrong password, before any blob request', async () => {
    const { proxy } = harness;
    const dir = join(harness.work, 'denied');
    await writeOciImage(dir, { layers: [1000] });
    const options = harness.options({ source: { kind: 'oci', path: dir }, repository: 'denied' });
    options.credentials = { ...options.credentials, password: 'wrong-password' };
    await expect(pushDaemonless(options)).rejects.toThrow(/answered 401 to GET \/v2\/: UNAUTHORIZED.*credentials/);
    expect(proxy.requests.map((r) => r.kind)).toEqual(['ping']);
  });

  it('refuses a layout with a missing layer file before any request', async () => {
    const { proxy } = harness;
    const dir = join(harness.work, 'missing');
    const image = await writeOciImage(dir, { layers: [1000, 2000] });
    rmSync(join(dir, 'blobs', 'sha256', image.layers[1].digest.slice(7)));
    await expect(
      pushDaemonless(harness.options({ source: { kind: 'oci', path: dir }, repository: 'missing' })),
    ).rejects.toThrow(`Layer ${image.layers[1].digest} is missing from ${dir}`);
    expect(proxy.requests).toHaveLength(0);
  });
});
