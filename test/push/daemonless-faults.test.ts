import { describe, expect, it } from '@jest/globals';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { mockWorkflow } from './support/workflow-mock.ts';
import { writeOciImage } from './support/oci-image.ts';
import { pushHarness } from './support/push-harness.ts';
import { blobStatus, inspectImage } from './support/skopeo.ts';

const log = mockWorkflow();
const { pushDaemonless } = await import('../../src/core/push/daemonless.ts');
const harness = pushHarness(log);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function corrupt(file: string, position: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.from('X'), 0, 1, position);
  closeSync(fd);
}

describe('daemonless push under faults', () => {
  it('completes with the right digest despite 500s and connection resets mid-blob', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'faulty');
    const image = await writeOciImage(dir, { layers: [400 * 1024, 200 * 1024], ref: 'app' });
    proxy.faults.push(
      { kind: 'upload-start', times: 1, status: 500 },
      { kind: 'upload-patch', times: 1, status: 503 },
      { kind: 'upload-patch', times: 2, resetAfterBytes: 20 * 1024 },
      { kind: 'upload-put', times: 1, status: 500 },
      { kind: 'manifest-put', times: 1, status: 429 },
    );
    const result = await pushDaemonless(
      harness.options({ source: { kind: 'oci', path: dir }, repository: 'faulty', concurrency: 2 }),
    );
    expect(proxy.faults.every((f) => f.times === 0)).toBe(true);
    expect(result.digest).toBe(image.manifest.digest);
    const inspected = inspectImage(registry, 'faulty:v1');
    expect(inspected.Digest).toBe(image.manifest.digest);
    expect(inspected.Layers).toEqual(image.layers.map((l) => l.digest));
    expect(log.lines.some((l) => /retr(y|ies)\)/.test(l))).toBe(true);
    expect(result.retries).toBeGreaterThanOrEqual(6);
  });

  it('after a chunk cut off mid-body, asks where the upload stands and starts over when the registry voided it', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'resume');
    const image = await writeOciImage(dir, { layers: [200 * 1024] });
    proxy.faults.push({ kind: 'upload-patch', times: 1, after: 1, resetAfterBytes: 20 * 1024 });
    const result = await pushDaemonless(
      harness.options({ source: { kind: 'oci', path: dir }, repository: 'resume', concurrency: 1 }),
    );
    expect(result.digest).toBe(image.manifest.digest);
    const patches = proxy.requests.filter((r) => r.kind === 'upload-patch');
    expect(patches.slice(0, 3).map((r) => `${r.contentRange} ${r.status} ${r.forwardedBytes}`)).toEqual([
      '0-65535 202 65536',
      // 20 KiB of the second chunk reached the registry before the connection dropped...
      '65536-131071 -1 20480',
      // ...so its session no longer matched its state: distribution voids it, and the upload starts again from 0.
      '0-65535 202 65536',
    ]);
    const status = proxy.requests.filter((r) => r.kind === 'upload-status');
    expect(status.map((r) => r.status)).toEqual([404]);
    expect(proxy.count('upload-start')).toBe(3);
    expect(inspectImage(registry, 'resume:v1').Layers).toEqual([image.layers[0].digest]);
  });

  it('pushes through ECR-style chunk answers: 201 to PATCH and a Range frozen after the first chunk', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'ecr-quirks');
    const image = await writeOciImage(dir, { layers: [250 * 1024] });
    proxy.ecrQuirks = true;
    const result = await pushDaemonless(
      harness.options({ source: { kind: 'oci', path: dir }, repository: 'ecr-quirks', concurrency: 1 }),
    );
    expect(result.digest).toBe(image.manifest.digest);
    const patches = proxy.requests.filter((r) => r.kind === 'upload-patch');
    expect(patches.map((r) => `${r.contentRange} ${r.status} ${r.range}`)).toEqual([
      '0-65535 201 0-65535',
      '65536-131071 201 0-65535',
      '131072-196607 201 0-65535',
      `196608-${image.layers[0].size - 1} 201 0-65535`,
    ]);
    expect(result.retries).toBe(0);
    expect(inspectImage(registry, 'ecr-quirks:v1').Layers).toEqual([image.layers[0].digest]);
  });

  it('resumes from what the registry acknowledged, not from a frozen Range, after a failed chunk', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'ecr-resume');
    const image = await writeOciImage(dir, { layers: [250 * 1024] });
    proxy.ecrQuirks = true;
    proxy.faults.push({ kind: 'upload-patch', times: 1, after: 2, status: 500 });
    const result = await pushDaemonless(
      harness.options({ source: { kind: 'oci', path: dir }, repository: 'ecr-resume', concurrency: 1 }),
    );
    expect(result.digest).toBe(image.manifest.digest);
    const patches = proxy.requests.filter((r) => r.kind === 'upload-patch');
    expect(patches.map((r) => `${r.contentRange} ${r.status}`)).toEqual([
      '0-65535 201',
      '65536-131071 201',
      '131072-196607 500',
      // The status answer said 0-65535; resuming there would re-send two chunks the registry holds.
      '131072-196607 201',
      `196608-${image.layers[0].size - 1} 201`,
    ]);
    expect(proxy.requests.filter((r) => r.kind === 'upload-status').map((r) => `${r.status} ${r.range}`)).toEqual([
      '204 0-65535',
    ]);
    // One session for the layer, one for the config: nothing started over.
    expect(proxy.count('upload-start')).toBe(2);
    expect(inspectImage(registry, 'ecr-resume:v1').Layers).toEqual([image.layers[0].digest]);
  });

  it('names the file whose content does not match its digest, and commits nothing', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'corrupt');
    const image = await writeOciImage(dir, { layers: [150 * 1024] });
    const layerFile = join(dir, 'blobs', 'sha256', image.layers[0].digest.slice(7));
    corrupt(layerFile, 100 * 1024);
    await expect(
      pushDaemonless(harness.options({ source: { kind: 'oci', path: dir }, repository: 'corrupt' })),
    ).rejects.toThrow(`Digest mismatch: ${layerFile} has sha256:`);
    expect(await blobStatus(registry, `corrupt/blobs/${image.layers[0].digest}`)).toBe(404);
    const layerQuery = `digest=${encodeURIComponent(image.layers[0].digest)}`;
    expect(proxy.requests.filter((r) => r.path.endsWith(layerQuery) && r.status === 201)).toHaveLength(0);
    expect(proxy.count('manifest-put')).toBe(0);
  });

  it.each([
    ['the tail of a chunked upload', 140 * 1024, 2],
    ['a blob sent whole', 8000, 0],
  ])('catches a corrupt last byte that goes out in the closing PUT (%s) before it commits', async (_, size, chunks) => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, `corrupt-tail-${size}`);
    const image = await writeOciImage(dir, { layers: [size] });
    const layer = image.layers[0];
    const layerFile = join(dir, 'blobs', 'sha256', layer.digest.slice(7));
    corrupt(layerFile, layer.size - 1);
    await expect(
      pushDaemonless(harness.options({ source: { kind: 'oci', path: dir }, repository: 'corrupt-tail' })),
    ).rejects.toThrow(`Digest mismatch: ${layerFile} has sha256:`);
    // The chunks before the tail went out; the check fires while reading the tail, before the PUT sends a byte of
    // it, so the registry never gets to commit (nor to judge the digest itself: the error names the file).
    const tail = layer.size - chunks * 64 * 1024;
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThanOrEqual(16 * 1024);
    expect(proxy.requests.filter((r) => r.kind === 'upload-patch').map((r) => r.status)).toEqual(
      Array(chunks).fill(202),
    );
    const layerQuery = `digest=${encodeURIComponent(layer.digest)}`;
    expect(proxy.requests.filter((r) => r.path.endsWith(layerQuery) && r.status === 201)).toHaveLength(0);
    expect(await blobStatus(registry, `corrupt-tail/blobs/${layer.digest}`)).toBe(404);
    expect(proxy.count('manifest-put')).toBe(0);
  });

  it('stops the other uploads when one blob fails, and settles only once nothing more reaches the registry', async () => {
    const { proxy, registry } = harness;
    const dir = join(harness.work, 'one-fails');
    const image = await writeOciImage(dir, { layers: [8000, 300 * 1024] });
    const [bad, big] = image.layers;
    corrupt(join(dir, 'blobs', 'sha256', bad.digest.slice(7)), bad.size - 1);
    // The big layer's first chunk is answered late, and the small layer fails only once that chunk is in flight.
    proxy.faults.push(
      { kind: 'upload-patch', times: 10, delayMs: 3000 },
      { kind: 'blob-head', times: 1, pathIncludes: bad.digest, delayMs: 500 },
    );
    const started = performance.now();
    const failure = await pushDaemonless(
      harness.options({ source: { kind: 'oci', path: dir }, repository: 'one-fails', concurrency: 3 }),
    ).then(
      () => new Error('it succeeded'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).toMatch(/^Digest mismatch: .* expected sha256:/);
    // The chunk in flight was stopped, not waited out.
    expect(performance.now() - started).toBeLessThan(2000);
    const atRejection = proxy.requests.length;
    await sleep(800);
    expect(proxy.requests.length).toBe(atRejection);
    const bigQuery = `digest=${encodeURIComponent(big.digest)}`;
    expect(proxy.requests.filter((r) => r.path.endsWith(bigQuery))).toHaveLength(0);
    expect(proxy.count('upload-patch')).toBe(1);
    expect(await blobStatus(registry, `one-fails/blobs/${big.digest}`)).toBe(404);
  });
});
