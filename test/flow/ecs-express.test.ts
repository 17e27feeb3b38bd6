import { beforeEach, describe, expect, it as jestIt } from '@jest/globals';
import {
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateExpressGatewayServiceCommand,
} from '@aws-sdk/client-ecs';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { OWNED_KEYS_TAG } from '../../src/core/tags.ts';
import { SECRET_ARN } from '../unit/fixtures.ts';
import { quietIt } from '../e2e/support/quiet.ts';
import {
  deploymentArn,
  ENDPOINT,
  EXECUTION_ROLE,
  expressService,
  givenEcs,
  IMAGE,
  INFRA_ROLE,
  mockedExpressClients,
  NEW_IMAGE,
  revisionArn,
  runner,
  SERVICE,
  SERVICE_ARN,
  TASK_ROLE,
} from './ecs-express-harness.ts';

const it = quietIt(jestIt);
const { clients, mocks } = mockedExpressClients();
const NEW = deploymentArn('new');

const run = runner(clients, mocks.ecs);

const input = <T>(command: T, n = 0) =>
  mocks.ecs.commandCalls(command as never)[n].args[0].input as Record<string, unknown>;

beforeEach(() => {
  Object.values(mocks).forEach((mock) => mock.reset());
  mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: 'sha256:x' }] });
});

const CREATE_INPUTS = {
  image: NEW_IMAGE,
  'execution-role-arn': EXECUTION_ROLE,
  'infrastructure-role-arn': INFRA_ROLE,
  'task-role-arn': TASK_ROLE,
  cpu: '0.5',
  memory: '2 GB',
  'cpu-architecture': 'ARM64',
  port: '3000',
  'start-command': '["node", "server.js"]',
  'env-vars': 'A=1\nB=two',
  secrets: `DB=${SECRET_ARN}`,
  'vpc-subnets': 'subnet-0bbbbbbb, subnet-0aaaaaaa',
  'vpc-security-groups': 'sg-01234567',
  'health-check-path': '/health',
  'min-tasks': '2',
  'max-tasks': '6',
  'scaling-metric': 'requests',
  'scaling-target': '200',
  'log-group': '/ecs/web',
  tags: 'team=web',
};

describe('ecs-express: create', () => {
  it('creates a missing service with the whole configuration and follows its deployment to SUCCESSFUL', async () => {
    givenEcs(mocks.ecs, {
      after: expressService({ image: NEW_IMAGE }),
      deployments: {
        [NEW]: [{ status: 'PENDING' }, { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP' }, { status: 'SUCCESSFUL' }],
      },
    });
    mocks.secretsManager.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN });
    const { outcome, error, mutating } = await run(CREATE_INPUTS);
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['CreateExpressGatewayServiceCommand']);
    expect(input(CreateExpressGatewayServiceCommand)).toEqual({
      serviceName: SERVICE,
      cluster: 'default',
      infrastructureRoleArn: INFRA_ROLE,
      executionRoleArn: EXECUTION_ROLE,
      taskRoleArn: TASK_ROLE,
      healthCheckPath: '/health',
      cpu: '512',
      memory: '2048',
      cpuArchitecture: 'ARM64',
      networkConfiguration: { subnets: ['subnet-0aaaaaaa', 'subnet-0bbbbbbb'], securityGroups: ['sg-01234567'] },
      scalingTarget: {
        minTaskCount: 2,
        maxTaskCount: 6,
        autoScalingMetric: 'REQUEST_COUNT_PER_TARGET',
        autoScalingTargetValue: 200,
      },
      primaryContainer: {
        image: NEW_IMAGE,
        containerPort: 3000,
        command: ['node', 'server.js'],
        environment: [
          { name: 'A', value: '1' },
          { name: 'B', value: 'two' },
        ],
        secrets: [{ name: 'DB', valueFrom: SECRET_ARN }],
        awsLogsConfiguration: { logGroup: '/ecs/web', logStreamPrefix: 'ecs' },
      },
      tags: [
        { key: 'team', value: 'web' },
        { key: OWNED_KEYS_TAG, value: 'team' },
      ],
    });
    expect(mocks.secretsManager.commandCalls(DescribeSecretCommand)[0].args[0].input.SecretId).toBe(SECRET_ARN);
    expect(mocks.ecs.commandCalls(ListServiceDeploymentsCommand).at(-1)?.args[0].input).toMatchObject({
      cluster: 'default',
      service: SERVICE,
      maxResults: 20,
    });
    expect(mocks.ecs.commandCalls(DescribeExpressGatewayServiceCommand)[0].args[0].input).toEqual({
      serviceArn: SERVICE_ARN,
      include: ['TAGS'],
    });
    expect(outcome).toMatchObject({
      serviceArn: SERVICE_ARN,
      serviceUrl: `https://${ENDPOINT}`,
      serviceStatus: 'ACTIVE',
      operationId: NEW,
      operationStatus: 'SUCCESSFUL',
      serviceRevisionArn: revisionArn('2'),
      servingImageUri: NEW_IMAGE,
      imageUri: NEW_IMAGE,
      logGroup: '/ecs/web',
      result: 'create succeeded',
    });
    expect(outcome.timeline.map((e) => `${e.label} ${e.status}`)).toEqual([
      'create PENDING',
      'create IN_PROGRESS SCALE_UP',
      'create SUCCESSFUL',
    ]);
    expect(outcome.diff).toContain(`Create service ${SERVICE}:`);
    expect(outcome.diff).toContain('+ secret DB ' + SECRET_ARN);
  });

  it('creates anew when the service is INACTIVE, and takes the smallest memory for a CPU given alone', async () => {
    givenEcs(mocks.ecs, { status: 'INACTIVE' });
    const { error, mutating } = await run({
      ...only(CREATE_INPUTS, 'image', 'execution-role-arn', 'infrastructure-role-arn'),
      cpu: '4',
    });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['CreateExpressGatewayServiceCommand']);
    expect(input(CreateExpressGatewayServiceCommand)).toMatchObject({ cpu: '4096', memory: '8192' });
    expect(input(CreateExpressGatewayServiceCommand)).not.toHaveProperty('tags');
  });

  it.each([
    ['execution-role-arn', 'is required to create a service: the role ECS pulls the image'],
    ['infrastructure-role-arn', 'is required to create a service: the role ECS manages the load balancer'],
    ['image', 'is required to create service `web-express`, which does not exist yet'],
  ])('refuses to create without %s before any change', async (missing, words) => {
    givenEcs(mocks.ecs, {});
    const inputs: Record<string, string> = only(
      CREATE_INPUTS,
      'image',
      'execution-role-arn',
      'infrastructure-role-arn',
    );
    delete inputs[missing];
    const { error, mutating, outcome } = await run(inputs);
    expect(error?.message).toMatch(new RegExp(`^Input \`${missing}\`: `));
    expect(error?.message).toContain(words);
    expect(mutating).toEqual([]);
    expect(outcome.result).toBeUndefined();
  });

  it('refuses a DRAINING service, naming the wait', async () => {
    givenEcs(mocks.ecs, { status: 'DRAINING' });
    const { error, mutating, outcome } = await run(CREATE_INPUTS);
    expect(error?.message).toContain('Service `web-express` in cluster `default` is DRAINING: it is being deleted.');
    expect(error?.message).toContain('Wait until it is INACTIVE');
    expect(mutating).toEqual([]);
    expect(outcome).toMatchObject({ result: 'refused', serviceStatus: 'DRAINING' });
  });

  it('reports a create whose deployment is never listed, after the bounded look-up', async () => {
    givenEcs(mocks.ecs, { started: null });
    const { error, clock, outcome } = await run(
      only(CREATE_INPUTS, 'image', 'execution-role-arn', 'infrastructure-role-arn'),
    );
    expect(error?.message).toBe(
      'ECS accepted the create of service `web-express` but listed no new deployment within ~25 s. ' +
        'The change may still roll out: follow it in the ECS console, and run again to follow it here.',
    );
    expect(clock.sleeps).toEqual([1000, 2000, 3000, 3000, 3000, 3000, 3000, 3000, 3000, 3000]);
    // One listing before the call (what was there already), then ten looks for the new one.
    expect(mocks.ecs.commandCalls(ListServiceDeploymentsCommand)).toHaveLength(11);
    // No result of its own: the run records a plain failure.
    expect(outcome).toMatchObject({ result: undefined, serviceArn: SERVICE_ARN });
  });
});

function only(inputs: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, inputs[name]]));
}

describe('ecs-express: update', () => {
  it('merges the variables with what the service has and sends the whole configuration', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE', after: expressService({ image: NEW_IMAGE }) });
    const { outcome, error, mutating } = await run({ image: NEW_IMAGE, 'env-vars': 'LOG=debug\nNEW=1' });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateExpressGatewayServiceCommand']);
    expect(input(UpdateExpressGatewayServiceCommand)).toMatchObject({
      serviceArn: SERVICE_ARN,
      executionRoleArn: EXECUTION_ROLE,
      cpu: '1024',
      memory: '2048',
      healthCheckPath: '/ping',
      scalingTarget: { minTaskCount: 1, maxTaskCount: 4 },
      primaryContainer: {
        image: NEW_IMAGE,
        containerPort: 8080,
        environment: [
          { name: 'KEEP', value: '1' },
          { name: 'LOG', value: 'debug' },
          { name: 'NEW', value: '1' },
        ],
      },
    });
    expect(outcome.diff?.split('\n')).toEqual([
      `Update service ${SERVICE}:`,
      `  image: ${IMAGE} → ${NEW_IMAGE}`,
      '  ~ env LOG',
      '  + env NEW',
    ]);
    expect(outcome).toMatchObject({ result: 'update succeeded', operationId: NEW, servingImageUri: NEW_IMAGE });
    // The deployment that was there before the call is not taken for ours.
    expect(mocks.ecs.commandCalls(DescribeServiceDeploymentsCommand)[0].args[0].input.serviceDeploymentArns).toEqual([
      NEW,
    ]);
  });

  it('overwrites the variables with env-update-strategy: overwrite', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const { outcome, error } = await run({ 'env-vars': 'ONLY=1', 'env-update-strategy': 'overwrite' });
    expect(error).toBeUndefined();
    expect(
      (input(UpdateExpressGatewayServiceCommand).primaryContainer as { environment: unknown }).environment,
    ).toEqual([{ name: 'ONLY', value: '1' }]);
    expect(outcome.diff).toContain('- env KEEP');
    expect(outcome.diff).toContain('- env LOG');
  });

  it('makes no mutating call when nothing changed, and redeploys the same configuration when forced', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const quiet = await run({ image: IMAGE });
    expect(quiet.error).toBeUndefined();
    expect(quiet.mutating).toEqual([]);
    expect(quiet.outcome.result).toBe('no change');
    expect(quiet.outcome.diff).toContain('set `force-deploy: true` or deploy by digest');
    mocks.ecs.resetHistory();
    const forced = await run({ image: IMAGE, 'force-deploy': 'true' });
    expect(forced.mutating).toEqual(['UpdateExpressGatewayServiceCommand']);
    expect(forced.outcome.result).toBe('deployment succeeded');
    expect(input(UpdateExpressGatewayServiceCommand)).toMatchObject({ serviceArn: SERVICE_ARN, cpu: '1024' });
  });

  it('changes nothing in a dry run but shows the diff', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE' });
    const { outcome, mutating, error } = await run({ image: NEW_IMAGE, cpu: '2', 'dry-run': 'true', tags: 'a=1' });
    expect(error).toBeUndefined();
    expect(mutating).toEqual([]);
    expect(outcome.result).toBe('dry run: nothing changed');
    expect(outcome.diff).toContain('cpu: 1 vCPU → 2 vCPU');
    expect(outcome.diff).toContain('memory: 2048 MB → 4096 MB');
  });

  it('sets and removes the tags it owns, and only tags when the configuration is the same', async () => {
    givenEcs(mocks.ecs, {
      status: 'ACTIVE',
      express: expressService({ tags: { team: 'old', gone: '1', theirs: 'x', [OWNED_KEYS_TAG]: 'gone team' } }),
    });
    const { outcome, mutating } = await run({ tags: 'team=web\nenv=prod' });
    expect(mutating).toEqual(['TagResourceCommand', 'UntagResourceCommand']);
    expect(input(TagResourceCommand)).toEqual({
      resourceArn: SERVICE_ARN,
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'web' },
        { key: OWNED_KEYS_TAG, value: 'env team' },
      ],
    });
    expect(input(UntagResourceCommand)).toEqual({ resourceArn: SERVICE_ARN, tagKeys: ['gone'] });
    expect(outcome.result).toBe('no change');
  });
});
