import { beforeEach, describe, expect, it as jestIt } from '@jest/globals';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeVpcConnectorCommand,
  ListVpcConnectorsCommand,
  CreateVpcConnectorCommand,
  ResumeServiceCommand,
  StartDeploymentCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  ListTagsForResourceCommand,
  ListServicesCommand,
  ListOperationsCommand,
  DescribeServiceCommand,
} from '@aws-sdk/client-apprunner';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { deploy } from '../../src/core/flow.ts';
import { newOutcome } from '../../src/core/outcome.ts';
import { describeResult } from '../../src/core/report/result.ts';
import type { AppRunnerOutcome } from '../../src/targets/apprunner/context.ts';
import { appRunner } from '../../src/targets/apprunner/index.ts';
import { OWNED_KEYS_TAG } from '../../src/core/tags.ts';
import {
  config,
  CONNECTOR_ARN,
  type ConfigOverrides,
  fakeClock,
  INSTANCE_ROLE,
  runningService,
  SECRET_ARN,
  SERVICE_ARN,
} from '../unit/fixtures.ts';
import { givenNoService, givenOperation, givenService, mockedClients, mutatingCalls } from './harness.ts';
import { quietIt } from '../e2e/support/quiet.ts';

// The action logs to stdout in process: shown only for a failing test.
const it = quietIt(jestIt);

const NEW_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:v2';
const { clients, mocks } = mockedClients();

async function run(overrides: ConfigOverrides = {}) {
  const outcome: AppRunnerOutcome = newOutcome(0);
  let error: Error | undefined;
  try {
    await deploy(appRunner, { config: config(overrides), clients, outcome, clock: fakeClock() });
  } catch (caught) {
    error = caught as Error;
  }
  // The result in the words the summary and the log use.
  return {
    outcome: { ...outcome, result: describeResult(outcome.result) },
    error,
    mutating: mutatingCalls(mocks.apprunner),
  };
}

beforeEach(() => {
  Object.values(mocks).forEach((mock) => mock.reset());
  mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: 'sha256:x' }] });
});

describe('deploy: create', () => {
  it('creates a missing service, follows the operation and records the outputs', async () => {
    givenNoService(mocks.apprunner);
    const created = runningService({ Status: 'OPERATION_IN_PROGRESS' });
    mocks.apprunner.on(CreateServiceCommand).resolves({ Service: created, OperationId: 'op-new' });
    givenOperation(mocks.apprunner, { statuses: ['IN_PROGRESS', 'SUCCEEDED'], type: 'CREATE_SERVICE' });
    mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: runningService() });
    const { outcome, error, mutating } = await run({ tags: { team: 'web' } });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['CreateServiceCommand']);
    expect(mocks.apprunner.commandCalls(CreateServiceCommand)[0].args[0].input.Tags).toEqual([
      { Key: 'team', Value: 'web' },
      { Key: OWNED_KEYS_TAG, Value: 'team' },
    ]);
    expect(outcome).toMatchObject({
      serviceArn: SERVICE_ARN,
      serviceUrl: 'https://abc123.eu-west-1.awsapprunner.com',
      serviceStatus: 'RUNNING',
      operationId: 'op-new',
      operationStatus: 'SUCCEEDED',
      result: 'create succeeded',
    });
    expect(outcome.timeline.map((e) => e.status)).toEqual(['IN_PROGRESS', 'SUCCEEDED']);
  });

  it('reports a create that ends CREATE_FAILED as a failure with the service events', async () => {
    givenNoService(mocks.apprunner);
    mocks.apprunner
      .on(CreateServiceCommand)
      .resolves({ Service: runningService({ Status: 'OPERATION_IN_PROGRESS' }), OperationId: 'op-new' });
    givenOperation(mocks.apprunner, { statuses: ['IN_PROGRESS', 'FAILED'] });
    mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: runningService({ Status: 'CREATE_FAILED' }) });
    mocks.logs
      .on(FilterLogEventsCommand)
      .resolves({ events: [{ message: "[AppRunner] Health check failed on protocol 'TCP' [Port: '8080'].\n" }] });
    const { outcome, error } = await run();
    expect(error?.message).toContain('Operation op-new (create) failed. Service `web-app` is now CREATE_FAILED');
    expect(error?.message).toContain("Cause: Health check failed on protocol 'TCP' [Port: '8080'].");
    expect(outcome.serviceStatus).toBe('CREATE_FAILED');
    expect(outcome.events).toEqual(["[AppRunner] Health check failed on protocol 'TCP' [Port: '8080']."]);
    expect(mocks.logs.commandCalls(FilterLogEventsCommand)[0].args[0].input.logGroupName).toBe(
      `/aws/apprunner/web-app/${'1'.repeat(32)}/service`,
    );
  });

  it('fails when the operation succeeds but the service is not RUNNING', async () => {
    givenNoService(mocks.apprunner);
    mocks.apprunner.on(CreateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    givenOperation(mocks.apprunner, { statuses: ['SUCCEEDED'] });
    mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: runningService({ Status: 'CREATE_FAILED' }) });
    const { error } = await run();
    expect(error?.message).toContain('ended SUCCEEDED but service `web-app` is CREATE_FAILED');
  });
});

describe('deploy: update', () => {
  it('updates a running service and waits for success', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner
      .on(UpdateServiceCommand)
      .resolves({ Service: runningService({ Status: 'OPERATION_IN_PROGRESS' }), OperationId: 'op-new' });
    const { outcome, error, mutating } = await run({ image: NEW_IMAGE });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(outcome.result).toBe('update succeeded');
    expect(outcome.imageUri).toBe(NEW_IMAGE);
  });

  it('makes no mutating call when nothing changed, and StartDeployment when forced', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    const quiet = await run();
    expect(quiet.mutating).toEqual([]);
    expect(quiet.outcome.result).toBe('no change');
    mocks.apprunner.on(StartDeploymentCommand).resolves({ OperationId: 'op-new' });
    const forced = await run({ forceDeploy: true });
    expect(forced.mutating).toEqual(['StartDeploymentCommand']);
    expect(forced.outcome.result).toBe('deployment succeeded');
  });

  it.each([
    [
      'ROLLBACK_SUCCEEDED',
      'was rolled back (ROLLBACK_SUCCEEDED): the new version failed, and the service still serves the previous version',
    ],
    ['ROLLBACK_FAILED', 'its rollback failed too'],
    ['FAILED', 'failed.'],
  ])('reports %s as the failure it is', async (status, words) => {
    givenService(mocks.apprunner, {
      now: runningService(),
      operations: ['IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', status],
    });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    mocks.logs
      .on(FilterLogEventsCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const { outcome, error } = await run({ image: NEW_IMAGE });
    expect(error?.message).toContain(words);
    expect(outcome.operationStatus).toBe(status);
    expect(outcome.events).toEqual([]);
    expect(error?.message).toContain('which could not be read');
  });

  it('times out naming the operation and saying it goes on', async () => {
    givenService(mocks.apprunner, { now: runningService(), operations: ['IN_PROGRESS'] });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { outcome, error } = await run({ image: NEW_IMAGE, waitTimeoutSeconds: 60 });
    expect(error?.message).toContain('Operation op-new (update) is still IN_PROGRESS after 60s. It goes on in AWS');
    expect(outcome.operationStatus).toBe('IN_PROGRESS');
  });

  it('does not wait with wait: false', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { outcome, error } = await run({ image: NEW_IMAGE, wait: false });
    expect(error).toBeUndefined();
    expect(outcome.result).toContain('not waiting');
    expect(outcome.timeline).toEqual([]);
  });

  it('sets tags before the update and removes the keys it owned that the input dropped', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner.on(ListTagsForResourceCommand).resolves({
      Tags: [
        { Key: 'team', Value: 'web' },
        { Key: 'old', Value: '1' },
        { Key: 'theirs', Value: 'x' },
        { Key: OWNED_KEYS_TAG, Value: 'old team' },
      ],
    });
    const { mutating } = await run({ tags: { team: 'web', env: 'prod' } });
    expect(mutating).toEqual(['TagResourceCommand', 'UntagResourceCommand']);
    expect(mocks.apprunner.commandCalls(TagResourceCommand)[0].args[0].input.Tags).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: OWNED_KEYS_TAG, Value: 'env team' },
    ]);
    expect(mocks.apprunner.commandCalls(UntagResourceCommand)[0].args[0].input.TagKeys).toEqual(['old']);
  });

  it('prints the diff and changes nothing in a dry run', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    const { outcome, mutating } = await run({ image: NEW_IMAGE, dryRun: true, cpu: '2048', memory: '4096' });
    expect(mutating).toEqual([]);
    expect(outcome.result).toBe('dry run: nothing changed');
    expect(outcome.diff).toContain('cpu: 1 vCPU → 2 vCPU');
  });
});

describe('deploy: services it must not touch', () => {
  it.each([
    ['CREATE_FAILED', {}, 'on-create-failed'],
    ['PAUSED', {}, 'on-paused: resume'],
    ['DELETE_FAILED', {}, 'deletion failed'],
    ['OPERATION_IN_PROGRESS', { onBusy: 'fail' as const }, 'on-busy: wait'],
  ])('refuses %s before any change', async (status, overrides, advice) => {
    givenService(mocks.apprunner, { now: runningService({ Status: status as 'PAUSED' }), operations: ['FAILED'] });
    const { outcome, error, mutating } = await run(overrides);
    expect(error?.message).toContain(
      `Service \`web-app\` is ${status}; its last operation, UPDATE_SERVICE op-new, is FAILED`,
    );
    expect(error?.message).toContain(advice);
    expect(mutating).toEqual([]);
    expect(outcome.result).toBe('refused');
    expect(outcome.serviceArn).toBe(SERVICE_ARN);
  });

  it('rebuilds a CREATE_FAILED service in place with on-create-failed: update', async () => {
    givenService(mocks.apprunner, {
      now: runningService({ Status: 'CREATE_FAILED' }),
      after: runningService(),
      operations: ['FAILED', 'IN_PROGRESS', 'SUCCEEDED'],
    });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error, mutating } = await run({ onCreateFailed: 'update' });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(mocks.apprunner.commandCalls(UpdateServiceCommand)[0].args[0].input.InstanceConfiguration).toBeDefined();
  });

  it('deletes and creates again with on-create-failed: recreate', async () => {
    const failed = runningService({ Status: 'CREATE_FAILED' });
    mocks.apprunner
      .on(ListServicesCommand)
      .resolves({ ServiceSummaryList: [{ ServiceName: 'web-app', ServiceArn: SERVICE_ARN, Status: 'CREATE_FAILED' }] });
    mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: failed });
    mocks.apprunner.on(DeleteServiceCommand).callsFake(() => {
      mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: runningService({ Status: 'DELETED' }) });
      return { Service: failed, OperationId: 'op-delete' };
    });
    mocks.apprunner.on(CreateServiceCommand).callsFake(() => {
      mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: runningService({ ServiceId: '9'.repeat(32) }) });
      return { Service: runningService({ ServiceId: '9'.repeat(32) }), OperationId: 'op-create' };
    });
    givenOperation(mocks.apprunner, { statuses: ['FAILED', 'SUCCEEDED'] });
    const { error, mutating, outcome } = await run({ onCreateFailed: 'recreate' });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['CreateServiceCommand', 'DeleteServiceCommand']);
    expect(outcome.serviceId).toBe('9'.repeat(32));
    expect(outcome.timeline.map((e) => `${e.label} ${e.status}`)).toEqual(['delete SUCCEEDED', 'create SUCCEEDED']);
  });

  it('resumes a PAUSED service with on-paused: resume, then deploys', async () => {
    givenService(mocks.apprunner, {
      now: runningService({ Status: 'PAUSED' }),
      after: runningService(),
      operations: ['SUCCEEDED'],
    });
    mocks.apprunner.on(ResumeServiceCommand).resolves({ Service: runningService(), OperationId: 'op-resume' });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error, mutating } = await run({ onPaused: 'resume', image: NEW_IMAGE });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateServiceCommand', 'ResumeServiceCommand']);
  });

  it('waits for a busy service to be free, then deploys', async () => {
    givenService(mocks.apprunner, {
      now: runningService({ Status: 'OPERATION_IN_PROGRESS' }),
      after: runningService(),
      operations: ['IN_PROGRESS', 'IN_PROGRESS', 'SUCCEEDED'],
    });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error, mutating, outcome } = await run({ image: NEW_IMAGE });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(outcome.timeline[0].label).toBe('wait for UPDATE_SERVICE');
  });
});

describe('deploy: network and preflight', () => {
  const network = {
    kind: 'network' as const,
    name: 'web-app-egress',
    nameGiven: false,
    subnets: ['subnet-0aaaaaaa'],
    securityGroups: ['sg-01234567'],
  };

  it('reuses an ACTIVE connector with the same subnets and groups', async () => {
    const onVpc = runningService({
      NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: CONNECTOR_ARN } },
    });
    givenService(mocks.apprunner, { now: runningService(), after: onVpc });
    mocks.apprunner.on(ListVpcConnectorsCommand).resolves({
      VpcConnectors: [
        { VpcConnectorArn: 'other', Status: 'ACTIVE', Subnets: ['subnet-0aaaaaaa'], SecurityGroups: [] },
        {
          VpcConnectorArn: CONNECTOR_ARN,
          VpcConnectorName: 'x',
          Status: 'ACTIVE',
          Subnets: ['subnet-0aaaaaaa'],
          SecurityGroups: ['sg-01234567'],
        },
      ],
    });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { outcome, mutating } = await run({ connector: network, egress: 'VPC' });
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(outcome.vpcConnectorArn).toBe(CONNECTOR_ARN);
    expect(
      mocks.apprunner.commandCalls(UpdateServiceCommand)[0].args[0].input.NetworkConfiguration?.EgressConfiguration
        ?.VpcConnectorArn,
    ).toBe(CONNECTOR_ARN);
  });

  it('creates a connector when none matches and waits until it is ACTIVE', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner.on(ListVpcConnectorsCommand).resolves({ VpcConnectors: [] });
    mocks.apprunner
      .on(CreateVpcConnectorCommand)
      .resolves({ VpcConnector: { VpcConnectorArn: CONNECTOR_ARN, Status: 'INACTIVE' } });
    mocks.apprunner
      .on(DescribeVpcConnectorCommand)
      .resolves({ VpcConnector: { VpcConnectorArn: CONNECTOR_ARN, Status: 'ACTIVE' } });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { mutating } = await run({ connector: network, egress: 'VPC' });
    expect(mutating).toEqual(['UpdateServiceCommand', 'CreateVpcConnectorCommand']);
    expect(mocks.apprunner.commandCalls(CreateVpcConnectorCommand)[0].args[0].input).toMatchObject({
      VpcConnectorName: 'web-app-egress',
      Subnets: ['subnet-0aaaaaaa'],
    });
  });

  it('refuses a connector ARN that is not ACTIVE before any change', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner
      .on(DescribeVpcConnectorCommand)
      .resolves({ VpcConnector: { VpcConnectorArn: CONNECTOR_ARN, Status: 'INACTIVE' } });
    const { error, mutating } = await run({ connector: { kind: 'arn', arn: CONNECTOR_ARN }, egress: 'VPC' });
    expect(error?.message).toContain('is INACTIVE, not ACTIVE');
    expect(mutating).toEqual([]);
  });

  it('refuses missing secrets and a missing image before any change, reading no value', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.secretsManager
      .on(DescribeSecretCommand)
      .rejects(Object.assign(new Error('nope'), { name: 'ResourceNotFoundException' }));
    mocks.ssm.on(DescribeParametersCommand).resolves({ Parameters: [] });
    mocks.ecr.on(DescribeImagesCommand).rejects(Object.assign(new Error('nope'), { name: 'ImageNotFoundException' }));
    const { error, mutating } = await run({
      image: NEW_IMAGE,
      instanceRoleArn: INSTANCE_ROLE,
      secrets: { DB: SECRET_ARN, API: '/app/api-key' },
    });
    expect(error?.message).toContain('Preflight found 3 problem(s); nothing was changed');
    expect(error?.message).toContain('secret `DB` points at');
    expect(error?.message).toContain('secret `API`');
    expect(error?.message).toContain(`image ${NEW_IMAGE} is not in ECR`);
    expect(mutating).toEqual([]);
    expect(mocks.ssm.commandCalls(DescribeParametersCommand)[0].args[0].input.ParameterFilters).toEqual([
      { Key: 'Name', Option: 'Equals', Values: ['/app/api-key'] },
    ]);
  });

  it('skips preflight with preflight: false', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.ecr.on(DescribeImagesCommand).rejects(Object.assign(new Error('nope'), { name: 'ImageNotFoundException' }));
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error } = await run({ image: NEW_IMAGE, preflight: false });
    expect(error).toBeUndefined();
  });
});

describe('deploy: nothing changes before every check passes', () => {
  it('refuses a plan-time input error before resuming a service or creating a connector', async () => {
    givenService(mocks.apprunner, { now: runningService({ Status: 'PAUSED' }), operations: ['SUCCEEDED'] });
    mocks.apprunner.on(ListVpcConnectorsCommand).resolves({ VpcConnectors: [] });
    const { error, mutating } = await run({
      onPaused: 'resume',
      connector: {
        kind: 'network',
        name: 'web-app-egress',
        nameGiven: false,
        subnets: ['subnet-0aaaaaaa'],
        securityGroups: ['sg-01234567'],
      },
      egress: 'VPC',
      secrets: { DB: SECRET_ARN },
    });
    expect(error?.message).toContain('Input `instance-role-arn`: is required to read `secrets`');
    expect(mutating).toEqual([]);
  });

  it('resumes, then updates, in that order, following the newest operation when resume answers no id', async () => {
    givenService(mocks.apprunner, {
      now: runningService({ Status: 'PAUSED' }),
      after: runningService(),
      operations: ['SUCCEEDED'],
    });
    mocks.apprunner.on(ResumeServiceCommand).resolves({ Service: runningService() });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error, outcome } = await run({ onPaused: 'resume', image: NEW_IMAGE });
    expect(error).toBeUndefined();
    const order = mocks.apprunner.calls().map((call) => (call.args[0] as object).constructor.name);
    expect(order.indexOf('ResumeServiceCommand')).toBeLessThan(order.indexOf('UpdateServiceCommand'));
    expect(outcome.timeline.map((e) => `${e.label} ${e.status}`)).toEqual(['resume SUCCEEDED', 'update SUCCEEDED']);
  });

  it('does not report a busy operation it waited for as its own', async () => {
    givenService(mocks.apprunner, {
      now: runningService({ Status: 'OPERATION_IN_PROGRESS' }),
      after: runningService(),
      operations: ['IN_PROGRESS', 'FAILED'],
    });
    const { error, outcome, mutating } = await run();
    expect(error).toBeUndefined();
    expect(mutating).toEqual([]);
    expect(outcome.result).toBe('no change');
    expect(outcome.operationId).toBeUndefined();
    expect(mocks.logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });

  it('gives a new connector a suffixed default name when the default name is taken by another network', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner.on(ListVpcConnectorsCommand).resolves({
      VpcConnectors: [
        {
          VpcConnectorName: 'web-app-egress',
          Status: 'ACTIVE',
          Subnets: ['subnet-0bbbbbbb'],
          SecurityGroups: ['sg-01234567'],
        },
      ],
    });
    mocks.apprunner
      .on(CreateVpcConnectorCommand)
      .resolves({ VpcConnector: { VpcConnectorArn: CONNECTOR_ARN, Status: 'ACTIVE' } });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const network = {
      kind: 'network' as const,
      name: 'web-app-egress',
      subnets: ['subnet-0aaaaaaa'],
      securityGroups: ['sg-01234567'],
    };
    await run({ connector: { ...network, nameGiven: false }, egress: 'VPC' });
    expect(mocks.apprunner.commandCalls(CreateVpcConnectorCommand)[0].args[0].input.VpcConnectorName).toMatch(
      /^web-app-egress-[0-9a-f]{6}$/,
    );
    mocks.apprunner.resetHistory();
    const named = await run({ connector: { ...network, nameGiven: true }, egress: 'VPC' });
    expect(named.error?.message).toContain('give `vpc-connector-name` a new name');
    expect(named.mutating).toEqual([]);
  });

  it('does not fail preflight on what the deploy role may not see', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    mocks.secretsManager
      .on(DescribeSecretCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    const otherAccount = 'arn:aws:secretsmanager:eu-west-1:999999999999:secret:shared-AbCdEf';
    const { error } = await run({ instanceRoleArn: INSTANCE_ROLE, secrets: { DB: SECRET_ARN, SHARED: otherAccount } });
    expect(error).toBeUndefined();
    expect(mocks.secretsManager.commandCalls(DescribeSecretCommand).map((c) => c.args[0].input.SecretId)).toEqual([
      SECRET_ARN,
    ]);
  });
});

describe('deploy: a call whose answer was lost', () => {
  const refused = (attempts: number) =>
    Object.assign(new Error('Service is in OPERATION_IN_PROGRESS'), {
      name: 'InvalidStateException',
      $metadata: { attempts },
    });

  it('follows the operation the first attempt started when the retry is refused', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner.on(UpdateServiceCommand).rejects(refused(2));
    mocks.apprunner.on(ListOperationsCommand).resolves({
      OperationSummaryList: [{ Id: 'op-lost', Type: 'UPDATE_SERVICE', Status: 'SUCCEEDED', StartedAt: new Date() }],
    });
    const { error, outcome } = await run({ image: NEW_IMAGE });
    expect(error).toBeUndefined();
    expect(outcome).toMatchObject({ operationId: 'op-lost', operationStatus: 'SUCCEEDED', result: 'update succeeded' });
  });

  it('reports a refusal on the first attempt, or an old operation, as the error it is', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    mocks.apprunner.on(UpdateServiceCommand).rejects(refused(1));
    expect((await run({ image: NEW_IMAGE })).error?.message).toBe('Service is in OPERATION_IN_PROGRESS');
    mocks.apprunner.on(UpdateServiceCommand).rejects(refused(3));
    mocks.apprunner.on(ListOperationsCommand).resolves({
      OperationSummaryList: [{ Id: 'op-old', Type: 'UPDATE_SERVICE', Status: 'SUCCEEDED', StartedAt: new Date(0) }],
    });
    expect((await run({ image: NEW_IMAGE })).error?.message).toBe('Service is in OPERATION_IN_PROGRESS');
  });

  it('follows a create whose answer was lost', async () => {
    givenNoService(mocks.apprunner);
    mocks.apprunner.on(CreateServiceCommand).callsFake(() => {
      mocks.apprunner
        .on(ListServicesCommand)
        .resolves({ ServiceSummaryList: [{ ServiceName: 'web-app', ServiceArn: SERVICE_ARN }] });
      throw Object.assign(new Error('Service with the provided name already exists'), {
        name: 'InvalidRequestException',
        $metadata: { attempts: 2 },
      });
    });
    mocks.apprunner.on(ListOperationsCommand).resolves({
      OperationSummaryList: [{ Id: 'op-created', Type: 'CREATE_SERVICE', Status: 'SUCCEEDED', StartedAt: new Date() }],
    });
    mocks.apprunner.on(DescribeServiceCommand).resolves({ Service: runningService() });
    const { error, outcome } = await run();
    expect(error).toBeUndefined();
    expect(outcome).toMatchObject({ operationId: 'op-created', serviceArn: SERVICE_ARN, result: 'create succeeded' });
  });
});
