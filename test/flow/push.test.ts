import { beforeEach, describe, expect, it as jestIt, jest } from '@jest/globals';
import {
  CreateServiceCommand,
  DescribeServiceCommand,
  ListOperationsCommand,
  ListServicesCommand,
} from '@aws-sdk/client-apprunner';
import { DescribeImagesCommand, DescribeRepositoriesCommand } from '@aws-sdk/client-ecr';
import type { PushConfig } from '../../src/core/config.ts';
import type { AppRunnerContext } from '../../src/targets/apprunner/context.ts';
import { config, fakeClock, runningService } from '../unit/fixtures.ts';
import { mockedClients, mutatingCalls } from './harness.ts';
import { quietIt } from '../e2e/support/quiet.ts';

// The action logs to stdout in process: shown only for a failing test.
const it = quietIt(jestIt);

/** The deploy flow around a push: the push module itself is tested against a real registry in test/push. */
const DIGEST = `sha256:${'c'.repeat(64)}`;
const REPOSITORY_URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web';
const pushImage = jest.fn<(push: PushConfig) => Promise<unknown>>();
jest.unstable_mockModule('../../src/core/push/index.ts', () => ({ pushImage }));
const { deploy: deployWith } = await import('../../src/core/flow.ts');
const { appRunner } = await import('../../src/targets/apprunner/index.ts');
const { newOutcome } = await import('../../src/core/outcome.ts');
const deploy = (context: AppRunnerContext) => deployWith(appRunner, context);

const { clients, mocks } = mockedClients();
const push: PushConfig = {
  source: { kind: 'oci', path: '/tmp/layout' },
  sourceName: 'oci:/tmp/layout',
  repository: 'web',
  tags: ['abc123'],
  createRepository: true,
  concurrency: 4,
};

beforeEach(() => {
  Object.values(mocks).forEach((mock) => mock.reset());
  pushImage.mockReset();
  mocks.apprunner.on(ListServicesCommand).resolves({ ServiceSummaryList: [] });
  mocks.apprunner.on(CreateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
  mocks.apprunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [{ Id: 'op-new', Status: 'SUCCEEDED' }] });
  mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: runningService() });
  mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: DIGEST }] });
});

describe('deploy with a push', () => {
  it('deploys the pushed digest and checks it in preflight', async () => {
    pushImage.mockResolvedValue({
      repositoryUri: REPOSITORY_URI,
      digest: DIGEST,
      imageUri: `${REPOSITORY_URI}@${DIGEST}`,
      tags: ['abc123'],
    });
    const outcome = newOutcome(0);
    await deploy({ config: config({ image: undefined, push }), clients, outcome, clock: fakeClock() });
    const request = mocks.apprunner.commandCalls(CreateServiceCommand)[0].args[0].input;
    expect(request.SourceConfiguration?.ImageRepository?.ImageIdentifier).toBe(`${REPOSITORY_URI}@${DIGEST}`);
    expect(mocks.ecr.commandCalls(DescribeImagesCommand)[0].args[0].input.imageIds).toEqual([{ imageDigest: DIGEST }]);
    expect(outcome).toMatchObject({ imageDigest: DIGEST, imageUri: `${REPOSITORY_URI}@${DIGEST}` });
  });

  it('reports a failed push as the reason, before any App Runner change', async () => {
    pushImage.mockRejectedValue(new Error('registry said: unauthorized'));
    const outcome = newOutcome(0);
    await expect(
      deploy({ config: config({ image: undefined, push }), clients, outcome, clock: fakeClock() }),
    ).rejects.toThrow('Push of oci:/tmp/layout to ECR repository web failed: registry said: unauthorized');
    expect(mutatingCalls(mocks.apprunner)).toEqual([]);
  });

  it('pushes nothing in a dry run and plans with the repository and tag', async () => {
    mocks.ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryUri: REPOSITORY_URI }] });
    mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [] });
    const outcome = newOutcome(0);
    await deploy({
      config: config({ image: undefined, push, dryRun: true }),
      clients,
      outcome,
      clock: fakeClock(),
    });
    expect(pushImage).not.toHaveBeenCalled();
    expect(outcome.diff).toContain(`image: ${REPOSITORY_URI}:abc123`);
    expect(mutatingCalls(mocks.apprunner)).toEqual([]);
  });

  it('plans a dry run against a repository that does not exist yet', async () => {
    mocks.ecr
      .on(DescribeRepositoriesCommand)
      .rejects(Object.assign(new Error('none'), { name: 'RepositoryNotFoundException' }));
    const outcome = newOutcome(0);
    await deploy({
      config: config({ image: undefined, push, dryRun: true }),
      clients,
      outcome,
      clock: fakeClock(),
    });
    expect(outcome.diff).toContain('image: 000000000000.dkr.ecr.eu-west-1.amazonaws.com/web:abc123');
  });
});
