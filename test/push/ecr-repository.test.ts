import { afterEach, describe, expect, it } from '@jest/globals';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import type { PushConfig } from '../../src/core/config.ts';
import { mockWorkflow } from './support/workflow-mock.ts';
import { pushConfig } from './support/push-config.ts';

const log = mockWorkflow();
const { ensureRepository, getRegistryCredentials } = await import('../../src/core/push/ecr-repository.ts');

const ecrMock = mockClient(ECRClient);
const ecr = new ECRClient({ region: 'eu-west-1' });
const uri = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web';
const notFound = new RepositoryNotFoundException({ message: 'The repository does not exist', $metadata: {} });

function config(overrides: Partial<PushConfig> = {}): PushConfig {
  return {
    ...pushConfig({ source: 'oci:x', repository: 'web', tags: ['v1'], createRepository: true, concurrency: 4 }),
    ...overrides,
  };
}

afterEach(() => {
  ecrMock.reset();
});

describe('ensureRepository', () => {
  it('uses an existing repository without creating one', async () => {
    ecrMock
      .on(DescribeRepositoriesCommand, { repositoryNames: ['web'] })
      .resolves({ repositories: [{ repositoryUri: uri }] });
    await expect(ensureRepository(ecr, config())).resolves.toMatchObject({ repositoryUri: uri, created: false });
    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
  });

  it('creates a missing repository with scan on push and AES256', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound);
    ecrMock.on(CreateRepositoryCommand).resolves({ repository: { repositoryUri: uri } });
    await expect(ensureRepository(ecr, config())).resolves.toMatchObject({ repositoryUri: uri, created: true });
    expect(ecrMock.commandCalls(CreateRepositoryCommand)[0].args[0].input).toEqual({
      repositoryName: 'web',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: { encryptionType: 'AES256' },
    });
  });

  it('creates with the KMS key and tag mutability when given', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound);
    ecrMock.on(CreateRepositoryCommand).resolves({ repository: { repositoryUri: uri } });
    const kmsKeyArn = 'arn:aws:kms:eu-west-1:123456789012:key/abc';
    await ensureRepository(ecr, config({ kmsKeyArn, tagMutability: 'IMMUTABLE' }));
    expect(ecrMock.commandCalls(CreateRepositoryCommand)[0].args[0].input).toMatchObject({
      encryptionConfiguration: { encryptionType: 'KMS', kmsKey: kmsKeyArn },
      imageTagMutability: 'IMMUTABLE',
    });
  });

  it('tells how to fix a missing repository when creation is off', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(notFound);
    await expect(ensureRepository(ecr, config({ createRepository: false }))).rejects.toThrow(
      'ECR repository "web" does not exist. Create it, or set `create-repository: true`',
    );
    expect(ecrMock.commandCalls(CreateRepositoryCommand)).toHaveLength(0);
  });

  it('passes other errors through', async () => {
    ecrMock.on(DescribeRepositoriesCommand).rejects(new Error('AccessDenied'));
    await expect(ensureRepository(ecr, config())).rejects.toThrow('AccessDenied');
  });
});

describe('getRegistryCredentials', () => {
  it('decodes the token and masks the password before returning it', async () => {
    const password = 'eyJwYXlsb2FkIjoi:with-colon';
    const token = Buffer.from(`AWS:${password}`).toString('base64');
    ecrMock.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        { authorizationToken: token, proxyEndpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com' },
      ],
    });
    await expect(getRegistryCredentials(ecr)).resolves.toEqual({
      endpoint: 'https://123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      username: 'AWS',
      password,
    });
    expect(log.secrets).toEqual([password, token]);
  });

  it('fails clearly without authorization data', async () => {
    ecrMock.on(GetAuthorizationTokenCommand).resolves({ authorizationData: [] });
    await expect(getRegistryCredentials(ecr)).rejects.toThrow('returned no authorization data');
  });
});
