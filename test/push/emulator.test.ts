import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, TEST_CREDENTIALS, type Emulator } from '../../tools/emulator/index.ts';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { mockWorkflow } from './support/workflow-mock.ts';
import { writeOciImage } from './support/oci-image.ts';
import { inspectImage } from './support/skopeo.ts';
import { pushConfig } from './support/push-config.ts';

const log = mockWorkflow();
const { pushImage } = await import('../../src/core/push/index.ts');

let registry: TestRegistry;
let emulator: Emulator;
let ecr: ECRClient;
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  emulator = await startEmulator();
  emulator.attachRegistry({ endpoint: registry.endpoint, username: 'AWS', password: registry.password });
  ecr = new ECRClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: TEST_CREDENTIALS });
  work = mkdtempSync(join(tmpdir(), 'push-emulator-test-'));
});

afterAll(async () => {
  ecr?.destroy();
  await emulator?.stop();
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('pushImage through the AWS emulator with a real ECRClient', () => {
  it('creates the repository, pushes with the token it hands out, and ECR sees the image', async () => {
    const image = await writeOciImage(join(work, 'layout'), { layers: [20_000, 300] });
    const result = await pushImage(
      pushConfig({
        source: `oci:${join(work, 'layout')}`,
        repository: 'team/web',
        tags: ['sha-abc'],
        createRepository: true,
        concurrency: 2,
        tagMutability: 'IMMUTABLE',
      }),
      { ecr },
    );
    const repositoryUri = `${emulator.accountId}.dkr.ecr.${emulator.region}.amazonaws.com/team/web`;
    expect(result).toEqual({
      repositoryUri,
      registry: registry.host,
      digest: image.manifest.digest,
      imageUri: `${repositoryUri}@${image.manifest.digest}`,
      tags: ['sha-abc'],
    });
    const operations = emulator.calls().map((c) => c.operation);
    expect(operations).toEqual(['DescribeRepositories', 'CreateRepository', 'GetAuthorizationToken']);
    const create = emulator.calls()[1].input as Record<string, unknown>;
    expect(create).toMatchObject({
      repositoryName: 'team/web',
      imageScanningConfiguration: { scanOnPush: true },
      imageTagMutability: 'IMMUTABLE',
    });
    const described = await ecr.send(
      new DescribeImagesCommand({ repositoryName: 'team/web', imageIds: [{ imageTag: 'sha-abc' }] }),
    );
    expect(described.imageDetails?.[0].imageDigest).toBe(image.manifest.digest);
    expect(inspectImage(registry, 'team/web:sha-abc').Digest).toBe(image.manifest.digest);
    expect(log.secrets).toContain(registry.password);
  });

  it('refuses a missing repository when create-repository is false', async () => {
    await expect(
      pushImage(
        pushConfig({
          source: `oci:${join(work, 'layout')}`,
          repository: 'absent',
          tags: ['x'],
          createRepository: false,
          concurrency: 2,
        }),
        { ecr },
      ),
    ).rejects.toThrow('ECR repository "absent" does not exist');
  });
});
