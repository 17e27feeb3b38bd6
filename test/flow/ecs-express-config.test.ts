import { beforeEach, describe, expect, it as jestIt } from '@jest/globals';
import {
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  type Service,
} from '@aws-sdk/client-apprunner';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { CreateExpressGatewayServiceCommand, UpdateExpressGatewayServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { OWNED_KEYS_TAG } from '../../src/core/tags.ts';
import { quietIt } from '../e2e/support/quiet.ts';
import { CONNECTOR_ARN, SECRET_ARN } from '../unit/fixtures.ts';
import {
  EXECUTION_ROLE,
  expressService,
  givenEcs,
  IMAGE,
  INFRA_ROLE,
  mockedExpressClients,
  NEW_IMAGE,
  runner,
  TASK_ROLE,
} from './ecs-express-harness.ts';

const it = quietIt(jestIt);
const { clients, mocks } = mockedExpressClients();
const run = runner(clients, mocks.ecs);
const ROLES = { 'execution-role-arn': EXECUTION_ROLE, 'infrastructure-role-arn': INFRA_ROLE };
const input = <T>(command: T) => mocks.ecs.commandCalls(command as never)[0].args[0].input as Record<string, unknown>;

beforeEach(() => {
  Object.values(mocks).forEach((mock) => mock.reset());
  mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: 'sha256:x' }] });
});

describe('ecs-express: Fargate sizes', () => {
  it('takes the smallest memory for a CPU given alone only when the memory the service has does not fit', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const bigger = await run({ cpu: '2 vCPU' });
    expect(input(UpdateExpressGatewayServiceCommand)).toMatchObject({ cpu: '2048', memory: '4096' });
    expect(bigger.outcome.diff).toContain('memory: 2048 MB → 4096 MB');
    mocks.ecs.resetHistory();
    const smaller = await run({ cpu: '512' });
    expect(input(UpdateExpressGatewayServiceCommand)).toMatchObject({ cpu: '512', memory: '2048' });
    expect(smaller.outcome.diff?.split('\n')).toEqual(['Update service web-express:', '  cpu: 1 vCPU → 0.5 vCPU']);
  });

  it.each([
    [
      { cpu: '0.25', memory: '4' },
      'Input `cpu`: 0.25 vCPU with 4096 MB is not a Fargate size. With 0.25 vCPU use 512, 1024, 2048 MB.',
    ],
    [
      { memory: '16 GB' },
      'Input `memory`: 1 vCPU with 16384 MB is not a Fargate size. With 1 vCPU use 2048, 3072, 4096, 5120, 6144, 7168, 8192 MB.',
    ],
    [
      { cpu: '3' },
      'Input `cpu`: `3` is not a Fargate size; use 0.25, 0.5, 1, 2, 4, 8 or 16 (vCPU), or 256 to 16384 units.',
    ],
    [{ memory: '7.5' }, 'Input `memory`: `7.5` is not a Fargate size; use 0.5 to 120 (GB), or 512 to 122880 MB.'],
  ])('refuses %j, naming the sizes that fit, before any change', async (sizes, message) => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const { error, mutating } = await run(sizes);
    expect(error?.message).toBe(message);
    expect(mutating).toEqual([]);
  });

  it('refuses min-tasks above the max-tasks the service has', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const { error, mutating } = await run({ 'min-tasks': '5' });
    expect(error?.message).toBe('Input `min-tasks`: min-tasks 5 is more than max-tasks 4.');
    expect(mutating).toEqual([]);
  });
});

describe('ecs-express: inputs the service cannot take', () => {
  it('refuses to change the infrastructure role of an existing service', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const other = 'arn:aws:iam::123456789012:role/other-infra';
    const { error, mutating } = await run({ 'infrastructure-role-arn': other, image: NEW_IMAGE });
    expect(error?.message).toBe(
      `Input \`infrastructure-role-arn\`: cannot change after the service is created: it has ${INFRA_ROLE}. ` +
        'Remove the input, or create a new service.',
    );
    expect(mutating).toEqual([]);
  });

  it('refuses to update a service ECS describes without an ARN', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE', express: { ...expressService(), serviceArn: undefined } });
    const { error, mutating } = await run({ image: NEW_IMAGE });
    expect(error?.message).toBe('No ARN for service `web-express` to update; nothing was changed.');
    expect(mutating).toEqual([]);
  });

  it('keeps the same infrastructure role and does not wait with wait: false', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const { outcome, error, mutating } = await run({ image: NEW_IMAGE, wait: 'false', ...ROLES });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateExpressGatewayServiceCommand']);
    expect(outcome.result).toBe('update started; not waiting (wait: false)');
    expect(outcome.timeline).toEqual([]);
  });
});

const AR_ARN = `arn:aws:apprunner:eu-west-1:123456789012:service/old-web/${'1'.repeat(32)}`;

function appRunnerService(overrides: Partial<Service> = {}): Service {
  return {
    ServiceName: 'old-web',
    ServiceArn: AR_ARN,
    Status: 'RUNNING',
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: IMAGE,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: {
          Port: '3000',
          StartCommand: 'node  server.js',
          RuntimeEnvironmentVariables: { A: '1', LOG: 'info' },
          RuntimeEnvironmentSecrets: { DB: SECRET_ARN },
        },
      },
    },
    InstanceConfiguration: { Cpu: '1024', Memory: '3072', InstanceRoleArn: TASK_ROLE },
    HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
    NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: CONNECTOR_ARN } },
    ...overrides,
  } as Service;
}

function givenAppRunner(service?: Service) {
  mocks.apprunner.on(ListServicesCommand).resolves({
    ServiceSummaryList: [
      { ServiceName: 'old-web', ServiceArn: 'deleted-one', Status: 'DELETED' },
      ...(service ? [{ ServiceName: 'old-web', ServiceArn: AR_ARN, Status: 'RUNNING' as const }] : []),
      { ServiceName: 'other', ServiceArn: 'other', Status: 'RUNNING' },
    ],
  });
  mocks.apprunner.on(DescribeServiceCommand, { ServiceArn: AR_ARN }).resolves({ Service: service });
  mocks.apprunner.on(DescribeVpcConnectorCommand).resolves({
    VpcConnector: {
      VpcConnectorArn: CONNECTOR_ARN,
      Subnets: ['subnet-0bbbbbbb', 'subnet-0aaaaaaa'],
      SecurityGroups: ['sg-01234567'],
    },
  });
  mocks.apprunner.on(ListTagsForResourceCommand).resolves({
    Tags: [
      { Key: 'team', Value: 'web' },
      { Key: OWNED_KEYS_TAG, Value: 'team' },
    ],
  });
}

describe('ecs-express: from-apprunner-service', () => {
  it('creates the service with the App Runner service’s settings as defaults, reading it only', async () => {
    givenEcs(mocks.ecs, {});
    givenAppRunner(appRunnerService());
    mocks.secretsManager.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN });
    const { error, mutating, outcome } = await run({
      'from-apprunner-service': 'old-web',
      'env-vars': 'LOG=debug',
      ...ROLES,
    });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['CreateExpressGatewayServiceCommand']);
    expect(input(CreateExpressGatewayServiceCommand)).toMatchObject({
      executionRoleArn: EXECUTION_ROLE,
      taskRoleArn: TASK_ROLE,
      cpu: '1024',
      memory: '3072',
      healthCheckPath: '/health',
      networkConfiguration: { subnets: ['subnet-0aaaaaaa', 'subnet-0bbbbbbb'], securityGroups: ['sg-01234567'] },
      primaryContainer: {
        image: IMAGE,
        containerPort: 3000,
        command: ['node', 'server.js'],
        environment: [
          { name: 'A', value: '1' },
          { name: 'LOG', value: 'debug' },
        ],
        secrets: [{ name: 'DB', valueFrom: SECRET_ARN }],
      },
      tags: [
        { key: 'team', value: 'web' },
        { key: OWNED_KEYS_TAG, value: 'team' },
      ],
    });
    expect(outcome.result).toBe('create succeeded');
    expect(mocks.apprunner.calls().map((call) => (call.args[0] as object).constructor.name)).toEqual([
      'ListServicesCommand',
      'DescribeServiceCommand',
      'DescribeVpcConnectorCommand',
      'ListTagsForResourceCommand',
    ]);
    expect(mocks.apprunner.commandCalls(DescribeVpcConnectorCommand)[0].args[0].input.VpcConnectorArn).toBe(
      CONNECTOR_ARN,
    );
  });

  it('takes port 8080 and no health check path from a TCP-checked service without a connector', async () => {
    givenEcs(mocks.ecs, {});
    givenAppRunner(
      appRunnerService({
        SourceConfiguration: { ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR' } },
        HealthCheckConfiguration: { Protocol: 'TCP' },
        NetworkConfiguration: { EgressConfiguration: { EgressType: 'DEFAULT' } },
      }),
    );
    const { error } = await run({ 'from-apprunner-service': 'old-web', ...ROLES, tags: 'team=ecs' });
    expect(error).toBeUndefined();
    const request = input(CreateExpressGatewayServiceCommand);
    expect(request).toMatchObject({
      healthCheckPath: undefined,
      networkConfiguration: undefined,
      tags: [
        { key: 'team', value: 'ecs' },
        { key: OWNED_KEYS_TAG, value: 'team' },
      ],
    });
    expect(request.primaryContainer).toMatchObject({ containerPort: 8080, command: undefined, environment: [] });
    expect(mocks.apprunner.commandCalls(DescribeVpcConnectorCommand)).toHaveLength(0);
  });

  it.each([
    [
      'a source-code service',
      appRunnerService({
        SourceConfiguration: {
          CodeRepository: {
            RepositoryUrl: 'https://github.com/o/r',
            SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
          },
        },
      }),
      'Input `from-apprunner-service`: `old-web` deploys from source code; give `image` (ECS deploys images).',
    ],
    [
      'a missing service',
      undefined,
      'Input `from-apprunner-service`: App Runner has no service `old-web` in eu-west-1; nothing was changed.',
    ],
  ])('refuses %s before any change', async (_case, service, message) => {
    givenEcs(mocks.ecs, {});
    givenAppRunner(service);
    const { error, mutating } = await run({ 'from-apprunner-service': 'old-web', ...ROLES });
    expect(error?.message).toBe(message);
    expect(mutating).toEqual([]);
  });

  it('does not read App Runner when the ECS service already exists', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const { error, mutating } = await run({ 'from-apprunner-service': 'old-web', image: IMAGE });
    expect(error).toBeUndefined();
    expect(mutating).toEqual([]);
    expect(mocks.apprunner.calls()).toHaveLength(0);
  });
});
