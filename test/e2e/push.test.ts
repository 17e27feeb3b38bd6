import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOciImage } from '../push/support/oci-image.ts';
import { copyLocal, inspectImage } from '../push/support/skopeo.ts';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { SHA } from '../../tools/runner/run-action.ts';
import {
  accessRole,
  expectNoLeaks,
  expectSuccess,
  imageConfig,
  mutatingOperations,
  startHarness,
  type Harness,
} from './support/harness.ts';

/**
 * The issue "push to ECR", end to end: a real registry (CNCF distribution) stands in for ECR's registry API, the
 * emulator hands it out from GetAuthorizationToken and reads what was pushed for DescribeImages, and the bundle
 * pushes a local image and deploys exactly the digest it pushed. Each test starts from an emptied emulator and seeds
 * what it needs, so any one of them runs alone; the registry keeps what earlier tests pushed, under other tags.
 */

let harness: Harness;
let registry: TestRegistry;
let work: string;
let secrets: string[];

beforeAll(async () => {
  harness = await startHarness();
  registry = await startRegistry({ password: `e2eCanaryRegistryPassword${randomBytes(8).toString('hex')}` });
  // The password, and the base64 token ECR wraps it in.
  secrets = [registry.password, Buffer.from(`AWS:${registry.password}`).toString('base64')];
  work = mkdtempSync(join(tmpdir(), 'e2e-push-'));
}, 60_000);
afterAll(async () => {
  await registry?.stop();
  await harness?.emulator.stop();
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  harness.emulator.reset();
  harness.emulator.attachRegistry({ endpoint: registry.endpoint, username: 'AWS', password: registry.password });
});

const repositoryUri = () => `${harness.emulator.accountId}.dkr.ecr.${harness.emulator.region}.amazonaws.com/shop-web`;

/** A fresh OCI layout with random layers, so every image has a digest of its own. */
async function newLayout(name: string): Promise<string> {
  const dir = join(work, name);
  await writeOciImage(dir, { layers: [64 * 1024, 3000], gzip: true, ref: 'latest' });
  return dir;
}

/** The repository and a RUNNING service on an image of it, as an earlier deploy leaves them; returns that image. */
function seedDeployedService(): string {
  const { emulator } = harness;
  emulator.seedRepository('shop-web');
  const image = `${repositoryUri()}:previous`;
  emulator.seedService({ name: 'shop-web', config: imageConfig(emulator, { image }) });
  return image;
}

function expectDeployed(result: Awaited<ReturnType<Harness['run']>>, tag: string): void {
  expectSuccess(result);
  const digest = inspectImage(registry, `shop-web:${tag}`).Digest;
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  const uri = `${repositoryUri()}@${digest}`;
  expect(result.outputs['image-digest']).toBe(digest);
  expect(result.outputs['image-uri']).toBe(uri);
  const service = harness.emulator.service('shop-web');
  expect(service?.status).toBe('RUNNING');
  expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(uri);
  expectNoLeaks(result, secrets);
}

describe('push to ECR, then deploy the pushed digest', () => {
  it('pushes an OCI layout into a repository it creates, and creates the service on that digest', async () => {
    const layout = await newLayout('layout-create');
    const result = await harness.run({
      service: 'shop-web',
      image: `oci:${layout}`,
      'ecr-repository': 'shop-web',
      'access-role-arn': accessRole(harness.emulator),
    });

    // No image-tags: the commit SHA is the tag.
    expectDeployed(result, SHA);
    const calls = harness.emulator.calls();
    expect(mutatingOperations(calls)).toEqual(['CreateRepository', 'CreateService']);
    expect(calls.find((call) => call.operation === 'CreateRepository')?.input).toMatchObject({
      repositoryName: 'shop-web',
      imageScanningConfiguration: { scanOnPush: true },
    });
  });

  it('pushes an oci-archive and updates the service to the new digest', async () => {
    seedDeployedService();
    const layout = await newLayout('layout-oci-archive');
    const archive = join(work, 'image.oci.tar');
    copyLocal(`oci:${layout}:latest`, `oci-archive:${archive}:release`);
    const result = await harness.run({
      service: 'shop-web',
      image: `oci-archive:${archive}:release`,
      'ecr-repository': 'shop-web',
      'image-tags': 'oci-archive-run, release',
    });

    expectDeployed(result, 'oci-archive-run');
    expect(inspectImage(registry, 'shop-web:release').Digest).toBe(result.outputs['image-digest']);
    expect(mutatingOperations(harness.emulator.calls())).toEqual(['UpdateService']);
  });

  it('pushes a docker-archive (skopeo-written) and deploys its digest', async () => {
    seedDeployedService();
    const layout = await newLayout('layout-docker-archive');
    const archive = join(work, 'image.docker.tar');
    copyLocal(`oci:${layout}:latest`, `docker-archive:${archive}:shop/web:1`);
    const result = await harness.run({
      service: 'shop-web',
      image: `docker-archive:${archive}`,
      'ecr-repository': 'shop-web',
      'image-tags': 'docker-archive-run',
    });

    expectDeployed(result, 'docker-archive-run');
  });

  it('pushes nothing and deploys nothing in a dry run', async () => {
    const layout = await newLayout('layout-dry');
    const deployed = seedDeployedService();
    const result = await harness.run({
      service: 'shop-web',
      image: `oci:${layout}`,
      'ecr-repository': 'shop-web',
      'image-tags': 'dry-run-tag',
      'dry-run': 'true',
    });

    expectSuccess(result);
    expect(result.stdout).toContain(`Would push oci:${layout} to ECR repository shop-web`);
    const calls = harness.emulator.calls();
    expect(mutatingOperations(calls)).toEqual([]);
    expect(calls.map((call) => call.operation)).not.toContain('GetAuthorizationToken');
    expect(() => inspectImage(registry, 'shop-web:dry-run-tag')).toThrow();
    expect(harness.emulator.service('shop-web')?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(
      deployed,
    );
    expectNoLeaks(result, secrets);
  });
});
