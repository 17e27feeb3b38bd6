import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../support/registry.ts';
import { mockCore } from './support/core-mock.ts';
import { writeOciImage } from './support/oci-image.ts';
import { inspectImage } from './support/skopeo.ts';

const log = mockCore();
const { pushImage, parseImageSource } = await import('../../src/push/index.ts');

let registry: TestRegistry;
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'push-image-test-'));
});

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('pushImage', () => {
  it('creates the repository, pushes daemonless and returns the digest App Runner deploys', async () => {
    const dir = join(work, 'layout');
    const image = await writeOciImage(dir, { layers: [4096, 100] });
    const ecr = mockClient(ECRClient);
    ecr.on(DescribeRepositoriesCommand).rejects(new RepositoryNotFoundException({ message: 'missing', $metadata: {} }));
    ecr.on(CreateRepositoryCommand).resolves({ repository: { repositoryUri: `${registry.host}/api` } });
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from(`AWS:${registry.password}`).toString('base64'),
          proxyEndpoint: registry.endpoint,
        },
      ],
    });
    const result = await pushImage(
      { source: `oci:${dir}`, repository: 'api', tags: ['abc123', 'latest'], createRepository: true, concurrency: 4 },
      { ecr: ecr as unknown as ECRClient },
    );
    expect(result).toEqual({
      repositoryUri: `${registry.host}/api`,
      registry: registry.host,
      digest: image.manifest.digest,
      imageUri: `${registry.host}/api@${image.manifest.digest}`,
      tags: ['abc123', 'latest'],
    });
    expect(inspectImage(registry, 'api:abc123').Digest).toBe(image.manifest.digest);
    expect(log.secrets).toContain(registry.password);
    expect(log.lines.join('\n')).not.toContain(registry.password);
    ecr.restore();
  });

  it('validates the source before any AWS call', async () => {
    const ecr = mockClient(ECRClient);
    await expect(
      pushImage(
        { source: 'dir:/tmp/x', repository: 'api', tags: [], createRepository: true, concurrency: 4 },
        { ecr: ecr as unknown as ECRClient },
      ),
    ).rejects.toThrow('transport "dir:" is not supported');
    expect(ecr.calls()).toHaveLength(0);
    expect(parseImageSource('oci:x').kind).toBe('oci');
    ecr.restore();
  });
});
