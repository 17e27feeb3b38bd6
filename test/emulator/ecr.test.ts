import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  ImageNotFoundException,
  InvalidParameterException,
  RepositoryAlreadyExistsException,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { CreateServiceCommand } from '@aws-sdk/client-apprunner';
import { startEmulator, type Emulator } from '../../tools/emulator/index.ts';
import { sdkClients, settled, type Clients } from '../../tools/emulator/helpers.ts';
import { pushImage, startRegistry, type RunningRegistry } from './registry-fixture.ts';

let emulator: Emulator;
let aws: Clients;
let registry: RunningRegistry;

beforeAll(async () => {
  [emulator, registry] = await Promise.all([startEmulator({ lifetimeMs: 60_000 }), startRegistry()]);
  aws = sdkClients(emulator);
});
afterAll(async () => {
  aws.destroy();
  await Promise.all([emulator.stop(), registry.stop()]);
});
beforeEach(() => emulator.reset());

describe('ECR repositories', () => {
  it('creates a repository with the real URI shape and refuses a second one', async () => {
    const { repository } = await aws.ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'team/app', imageScanningConfiguration: { scanOnPush: true } }),
    );
    expect(repository).toMatchObject({
      repositoryName: 'team/app',
      registryId: '123456789012',
      repositoryUri: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app',
      repositoryArn: 'arn:aws:ecr:eu-west-1:123456789012:repository/team/app',
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'AES256' },
    });
    expect(repository?.createdAt).toBeInstanceOf(Date);
    await expect(aws.ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/app' }))).rejects.toBeInstanceOf(
      RepositoryAlreadyExistsException,
    );
    await expect(aws.ecr.send(new CreateRepositoryCommand({ repositoryName: 'Bad_Name' }))).rejects.toBeInstanceOf(
      InvalidParameterException,
    );
  });

  it('takes the *_WITH_EXCLUSION tag mutabilities with their filters, and refuses them without', async () => {
    const exclusions = [{ filterType: 'WILDCARD' as const, filter: 'latest*' }];
    const { repository } = await aws.ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'mostly-frozen',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: exclusions,
      }),
    );
    expect(repository).toMatchObject({
      imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      imageTagMutabilityExclusionFilters: exclusions,
    });
    emulator.seedImage('mostly-frozen', { tag: 'latest-dev', manifest: '{"a":1}' });
    emulator.seedImage('mostly-frozen', { tag: 'latest-dev', manifest: '{"a":2}' });
    emulator.seedImage('mostly-frozen', { tag: 'v1', manifest: '{"a":1}' });
    expect(() => emulator.seedImage('mostly-frozen', { tag: 'v1', manifest: '{"a":2}' })).toThrow(/immutable/);
    await aws.ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'mostly-thawed',
        imageTagMutability: 'MUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'release-*' }],
      }),
    );
    emulator.seedImage('mostly-thawed', { tag: 'release-1', manifest: '{"a":1}' });
    expect(() => emulator.seedImage('mostly-thawed', { tag: 'release-1', manifest: '{"a":2}' })).toThrow(/immutable/);
    const bare = aws.ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'no-filters', imageTagMutability: 'MUTABLE_WITH_EXCLUSION' }),
    );
    await expect(bare).rejects.toBeInstanceOf(InvalidParameterException);
    const stray = aws.ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'stray-filters',
        imageTagMutability: 'MUTABLE',
        imageTagMutabilityExclusionFilters: exclusions,
      }),
    );
    await expect(stray).rejects.toBeInstanceOf(InvalidParameterException);
    const badFilter = aws.ecr.send(
      new CreateRepositoryCommand({
        repositoryName: 'bad-filter',
        imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
        imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'a/b' }],
      }),
    );
    await expect(badFilter).rejects.toThrow(/regular expression pattern/);
  });

  it('describes named repositories and answers RepositoryNotFoundException for a missing one', async () => {
    emulator.seedRepository('present');
    const { repositories } = await aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['present'] }));
    expect(repositories?.map((item) => item.repositoryName)).toEqual(['present']);
    const missing = aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: ['present', 'absent'] }));
    await expect(missing).rejects.toBeInstanceOf(RepositoryNotFoundException);
    await expect(missing).rejects.toThrow(
      "The repository with name 'absent' does not exist in the registry with id '123456789012'",
    );
  });

  it('finds seeded images by tag or digest and answers ImageNotFoundException otherwise', async () => {
    const seeded = emulator.seedImage('seeded', { tag: 'v1', sizeInBytes: 1234 });
    const byTag = await aws.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'seeded', imageIds: [{ imageTag: 'v1' }] }),
    );
    expect(byTag.imageDetails?.[0]).toMatchObject({
      imageDigest: seeded.digest,
      imageTags: ['v1'],
      imageSizeInBytes: 1234,
    });
    const byDigest = await aws.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'seeded', imageIds: [{ imageDigest: seeded.digest }] }),
    );
    expect(byDigest.imageDetails?.[0].imageTags).toEqual(['v1']);
    const missing = aws.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'seeded', imageIds: [{ imageTag: 'v2' }] }),
    );
    await expect(missing).rejects.toBeInstanceOf(ImageNotFoundException);
    const noRepo = aws.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'nowhere', imageIds: [{ imageTag: 'v1' }] }),
    );
    await expect(noRepo).rejects.toBeInstanceOf(RepositoryNotFoundException);
  });
});

describe('ECR against an attached real registry', () => {
  it('hands out the registry as proxyEndpoint and AWS:<password> as token', async () => {
    emulator.attachRegistry({ endpoint: registry.endpoint, username: 'AWS', password: registry.password });
    const { authorizationData } = await aws.ecr.send(new GetAuthorizationTokenCommand({}));
    const [data] = authorizationData ?? [];
    expect(data.proxyEndpoint).toBe(registry.endpoint);
    expect(Buffer.from(data.authorizationToken as string, 'base64').toString('utf8')).toBe(`AWS:${registry.password}`);
    expect((data.expiresAt as Date).getTime() - Date.now()).toBeGreaterThan(11 * 3600_000);
  });

  it('sees what was pushed with that token through DescribeImages and BatchGetImage', async () => {
    emulator.attachRegistry({ endpoint: registry.endpoint, username: 'AWS', password: registry.password });
    await aws.ecr.send(new CreateRepositoryCommand({ repositoryName: 'pushed/app' }));
    const { authorizationData } = await aws.ecr.send(new GetAuthorizationTokenCommand({}));
    const auth = `Basic ${authorizationData?.[0].authorizationToken}`;
    const pushed = await pushImage({
      endpoint: registry.endpoint,
      auth,
      repository: 'pushed/app',
      tag: 'v1',
      layer: 'hello',
    });
    await pushImage({ endpoint: registry.endpoint, auth, repository: 'pushed/app', tag: 'stable', layer: 'hello' });

    const byTag = await aws.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'pushed/app', imageIds: [{ imageTag: 'v1' }] }),
    );
    const [detail] = byTag.imageDetails ?? [];
    expect(detail.imageDigest).toBe(pushed.digest);
    expect([...(detail.imageTags ?? [])].sort()).toEqual(['stable', 'v1']);
    expect(detail.imageSizeInBytes).toBe(pushed.size);
    expect(detail.imageManifestMediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect(detail.imagePushedAt).toBeInstanceOf(Date);

    const batch = await aws.ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'pushed/app',
        imageIds: [{ imageDigest: pushed.digest }, { imageTag: 'v404' }],
      }),
    );
    expect(batch.images?.[0].imageManifest).toBe(pushed.manifest);
    expect(batch.failures).toEqual([
      { imageId: { imageTag: 'v404' }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' },
    ]);
    const missing = aws.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'pushed/app', imageIds: [{ imageTag: 'v404' }] }),
    );
    await expect(missing).rejects.toBeInstanceOf(ImageNotFoundException);
  });

  it('lets App Runner deploy an image pushed to the registry by digest, and fails a digest never pushed', async () => {
    emulator.attachRegistry({ endpoint: registry.endpoint, username: 'AWS', password: registry.password });
    emulator.seedRepository('deployed');
    const auth = `Basic ${Buffer.from(`AWS:${registry.password}`).toString('base64')}`;
    const pushed = await pushImage({
      endpoint: registry.endpoint,
      auth,
      repository: 'deployed',
      tag: 'sha-1',
      layer: 'deploy me',
    });
    const service = (name: string, reference: string) => ({
      ServiceName: name,
      SourceConfiguration: {
        ImageRepository: {
          ImageIdentifier: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/deployed${reference}`,
          ImageRepositoryType: 'ECR' as const,
        },
        AuthenticationConfiguration: { AccessRoleArn: 'arn:aws:iam::123456789012:role/Access' },
      },
    });
    const good = await aws.apprunner.send(new CreateServiceCommand(service('by-digest', `@${pushed.digest}`)));
    const bad = await aws.apprunner.send(new CreateServiceCommand(service('bad-digest', `@sha256:${'0'.repeat(64)}`)));
    expect((await settled(aws.apprunner, good.Service?.ServiceArn as string)).Status).toBe('RUNNING');
    expect((await settled(aws.apprunner, bad.Service?.ServiceArn as string)).Status).toBe('CREATE_FAILED');
  });

  it('refuses a registry user other than AWS', () => {
    expect(() => emulator.attachRegistry({ endpoint: registry.endpoint, username: 'admin', password: 'x' })).toThrow(
      /user AWS/,
    );
  });
});
