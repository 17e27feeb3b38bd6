import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOciImage } from '../push/support/oci-image.ts';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { expectSuccess, imageConfig, mutatingOperations, startHarness, type Harness } from './support/harness.ts';

/**
 * ECR repositories with IMMUTABLE tags, end to end: the registry refuses any PUT under an immutable tag that exists,
 * the same image included, as ECR does. A re-run of the same workflow must still succeed; another image under the
 * same tag must fail before any service change.
 */

let harness: Harness;
let registry: TestRegistry;
let work: string;

beforeAll(async () => {
  harness = await startHarness();
  registry = await startRegistry({ immutableTags: true });
  work = mkdtempSync(join(tmpdir(), 'e2e-push-immutable-'));
}, 60_000);
afterAll(async () => {
  await registry?.stop();
  await harness?.emulator.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  harness.emulator.reset();
  harness.emulator.attachRegistry(registry);
});

function seed(): void {
  const { emulator } = harness;
  emulator.seedRepository('shop-web', { tagMutability: 'IMMUTABLE' });
  const image = `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/shop-web:previous`;
  emulator.seedService({ name: 'shop-web', config: imageConfig(emulator, { image }) });
}

const inputs = (layout: string, tag: string) => ({
  service: 'shop-web',
  image: `oci:${layout}`,
  'ecr-repository': 'shop-web',
  'image-tags': tag,
});

describe('push to an ECR repository with immutable tags', () => {
  it('succeeds when a re-run pushes the same image under the same tag', async () => {
    const layout = join(work, 'same');
    await writeOciImage(layout, { layers: [4096, 300], gzip: true, ref: 'latest' });
    seed();
    const first = await harness.run(inputs(layout, 'release-1'));
    expectSuccess(first);
    harness.emulator.reset();
    harness.emulator.attachRegistry(registry);
    seed();
    const again = await harness.run(inputs(layout, 'release-1'));
    expectSuccess(again);
    expect(again.outputs['image-digest']).toBe(first.outputs['image-digest']);
  });

  it('fails before any service change when another image would take an immutable tag', async () => {
    const first = join(work, 'first');
    const second = join(work, 'second');
    await writeOciImage(first, { layers: [4096], gzip: true, ref: 'latest' });
    await writeOciImage(second, { layers: [5000], gzip: true, ref: 'latest' });
    seed();
    const pushed = await harness.run(inputs(first, 'release-2'));
    expectSuccess(pushed);
    const existing = pushed.outputs['image-digest'];
    harness.emulator.reset();
    harness.emulator.attachRegistry(registry);
    seed();
    const result = await harness.run(inputs(second, 'release-2'));
    expect(result.exitCode).not.toBe(0);
    const error = result.stdout.split('\n').find((line) => line.startsWith('::error'));
    expect(error).toContain('release-2');
    expect(error).toContain(existing);
    expect(error).toMatch(/this image is sha256:[0-9a-f]{64}/);
    expect(mutatingOperations(harness.emulator.calls())).toEqual([]);
  });
});
