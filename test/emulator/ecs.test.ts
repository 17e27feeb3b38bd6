import { describe, expect, it } from '@jest/globals';
import {
  ClientException,
  ClusterNotFoundException,
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  InvalidParameterException,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ServiceNotActiveException,
  ServiceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateExpressGatewayServiceCommand,
  type CreateExpressGatewayServiceRequest,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { roleArn, waitFor } from '../../tools/emulator/helpers.ts';
import { TEST_CREDENTIALS, type Emulator } from '../../tools/emulator/index.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 100, ecsStageMs: 5 });

const ecs = (emulator: Emulator): ECSClient =>
  new ECSClient({
    endpoint: emulator.endpoint,
    region: emulator.region,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });

function createInput(emulator: Emulator, name: string): CreateExpressGatewayServiceRequest {
  return {
    serviceName: name,
    infrastructureRoleArn: roleArn(emulator, 'ecsInfrastructureRole'),
    executionRoleArn: roleArn(emulator, 'ecsTaskExecutionRole'),
    primaryContainer: { image: 'public.ecr.aws/nginx/nginx:1.27', containerPort: 8080 },
  };
}

async function finished(client: ECSClient, arn: string): Promise<ServiceDeployment> {
  return waitFor(async () => {
    const { serviceDeployments } = await client.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    const deployment = serviceDeployments?.[0];
    return deployment &&
      !['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'STOP_REQUESTED'].includes(
        deployment.status as string,
      )
      ? deployment
      : undefined;
  });
}

describe('ECS Express services through the real SDK', () => {
  it('creates a service whose deployment walks every lifecycle stage to SUCCESSFUL', async () => {
    const client = ecs(ctx.emulator);
    ctx.emulator.planNextEcsDeployment('web', { outcome: 'success', stageMs: 25 });
    const { service } = await client.send(new CreateExpressGatewayServiceCommand(createInput(ctx.emulator, 'web')));
    expect(service?.serviceArn).toBe('arn:aws:ecs:eu-west-1:123456789012:service/default/web');
    expect(service?.status?.statusCode).toBe('ACTIVE');
    const config = service?.activeConfigurations?.[0];
    expect(config?.serviceRevisionArn).toMatch(
      /^arn:aws:ecs:eu-west-1:123456789012:service-revision\/default\/web\/\d+$/,
    );
    expect(config).toMatchObject({ cpu: '256', memory: '512', cpuArchitecture: 'X86_64', healthCheckPath: '/ping' });
    expect(config?.primaryContainer?.awsLogsConfiguration).toEqual({
      logGroup: '/aws/ecs/default/web',
      logStreamPrefix: 'ecs',
    });
    expect(config?.ingressPaths?.[0]).toMatchObject({ accessType: 'PUBLIC' });
    expect(config?.ingressPaths?.[0].endpoint).toMatch(/^web-[a-z0-9]{8}\.ecs\.eu-west-1\.on\.aws$/);
    expect(service?.currentDeployment).toMatch(
      /^arn:aws:ecs:eu-west-1:123456789012:service-deployment\/default\/web\/\w+$/,
    );
    // waitFor polls every 50 ms; a 1 ms poll sees each 25 ms stage.
    const seen: string[] = [];
    for (let polls = 0; polls < 5000; polls += 1) {
      const now = ctx.emulator.expressService('web')?.deployments[0];
      const label = now?.lifecycleStage ?? now?.status ?? '';
      if (seen.at(-1) !== label) seen.push(label);
      if (now?.status === 'SUCCESSFUL') break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(seen.filter((label) => label !== 'PENDING')).toEqual([
      'RECONCILE_SERVICE',
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP',
    ]);
    const done = await finished(client, service?.currentDeployment as string);
    expect(done).toMatchObject({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP', sourceServiceRevisions: [] });
    expect(done.targetServiceRevision).toMatchObject({ arn: config?.serviceRevisionArn, runningTaskCount: 1 });
    expect(done.deploymentCircuitBreaker).toEqual({ status: 'MONITORING_COMPLETE', failureCount: 0, threshold: 3 });
    client.destroy();
  });

  it('updates through a new revision, showing the target configuration while it deploys', async () => {
    const client = ecs(ctx.emulator);
    const seeded = ctx.emulator.seedExpressService({ name: 'api', tags: { team: 'a' } });
    ctx.emulator.planNextEcsDeployment('api', { outcome: 'success', stageMs: 20 });
    const { service } = await client.send(
      new UpdateExpressGatewayServiceCommand({ serviceArn: seeded.arn, cpu: '1024', memory: '4096' }),
    );
    expect(service?.targetConfiguration).toMatchObject({ cpu: '1024', memory: '4096' });
    expect(service?.targetConfiguration?.primaryContainer?.containerPort).toBe(8080);
    const during = await client.send(new DescribeExpressGatewayServiceCommand({ serviceArn: seeded.arn }));
    expect(during.service?.activeConfigurations?.[0].serviceRevisionArn).toBe(
      service?.targetConfiguration?.serviceRevisionArn,
    );
    expect(during.service?.tags).toBeUndefined();
    const again = client.send(new UpdateExpressGatewayServiceCommand({ serviceArn: seeded.arn, cpu: '512' }));
    await expect(again).rejects.toBeInstanceOf(InvalidParameterException);
    await expect(again).rejects.toThrow(/while a service deployment is (PENDING|IN_PROGRESS)/);
    const deployment = await finished(client, during.service?.currentDeployment as string);
    expect(deployment.status).toBe('SUCCESSFUL');
    expect(deployment.sourceServiceRevisions?.[0].arn).toBe(seeded.activeRevisionArn);
    const after = await client.send(
      new DescribeExpressGatewayServiceCommand({ serviceArn: seeded.arn, include: ['TAGS'] }),
    );
    expect(after.service?.tags).toEqual([{ key: 'team', value: 'a' }]);
    const { serviceDeployments } = await client.send(new ListServiceDeploymentsCommand({ service: 'api' }));
    expect(serviceDeployments?.map((item) => item.status)).toEqual(['SUCCESSFUL', 'SUCCESSFUL']);
    const only = await client.send(
      new ListServiceDeploymentsCommand({ service: seeded.arn, status: ['ROLLBACK_SUCCESSFUL'] }),
    );
    expect(only.serviceDeployments).toEqual([]);
    client.destroy();
  });

  it('refuses invalid sizes, roles, duplicate names and a missing infrastructure role', async () => {
    const client = ecs(ctx.emulator);
    const input = createInput(ctx.emulator, 'sized');
    const badSize = client.send(new CreateExpressGatewayServiceCommand({ ...input, cpu: '1024', memory: '1024' }));
    await expect(badSize).rejects.toBeInstanceOf(ClientException);
    await expect(badSize).rejects.toThrow(
      'Valid memory values for 1024 CPU are: 2048, 3072, 4096, 5120, 6144, 7168, 8192.',
    );
    await expect(
      client.send(new CreateExpressGatewayServiceCommand({ ...input, cpu: '16384', memory: '122880' })),
    ).resolves.toBeDefined();
    const badRole = client.send(
      new CreateExpressGatewayServiceCommand({ ...input, serviceName: 'r', executionRoleArn: 'ecsTaskExecutionRole' }),
    );
    await expect(badRole).rejects.toBeInstanceOf(InvalidParameterException);
    const twice = client.send(new CreateExpressGatewayServiceCommand(input));
    await expect(twice).rejects.toThrow('Creation of service was not idempotent.');
    const { infrastructureRoleArn: _role, ...noRole } = { ...input, serviceName: 'norole' };
    await expect(
      client.send(new CreateExpressGatewayServiceCommand(noRole as CreateExpressGatewayServiceRequest)),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    const both = client.send(
      new CreateExpressGatewayServiceCommand({
        ...input,
        serviceName: 'both',
        taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/mine:3',
      }),
    );
    await expect(both).rejects.toThrow(
      'taskDefinitionArn cannot be specified together with primaryContainer, executionRoleArn',
    );
    await expect(
      client.send(new CreateExpressGatewayServiceCommand({ ...input, serviceName: 'elsewhere', cluster: 'nope' })),
    ).rejects.toBeInstanceOf(ClusterNotFoundException);
    client.destroy();
  });

  it('answers ServiceNotFound, ServiceNotActive and ResourceNotFound the way each operation declares', async () => {
    const client = ecs(ctx.emulator);
    const gone = ctx.emulator.seedExpressService({ name: 'gone', status: 'INACTIVE' });
    const ghost = 'arn:aws:ecs:eu-west-1:123456789012:service/default/ghost';
    await expect(client.send(new UpdateExpressGatewayServiceCommand({ serviceArn: ghost }))).rejects.toBeInstanceOf(
      ServiceNotFoundException,
    );
    await expect(client.send(new UpdateExpressGatewayServiceCommand({ serviceArn: gone.arn }))).rejects.toBeInstanceOf(
      ServiceNotActiveException,
    );
    await expect(client.send(new DescribeExpressGatewayServiceCommand({ serviceArn: ghost }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    const inactive = await client.send(new DescribeExpressGatewayServiceCommand({ serviceArn: gone.arn }));
    expect(inactive.service?.status?.statusCode).toBe('INACTIVE');
    client.destroy();
  });

  it('describes services by name or ARN with MISSING failures, INACTIVE ones included, and lists live ones', async () => {
    const client = ecs(ctx.emulator);
    const live = ctx.emulator.seedExpressService({ name: 'live' });
    ctx.emulator.seedExpressService({ name: 'old', status: 'INACTIVE' });
    const { services, failures } = await client.send(
      new DescribeServicesCommand({ services: [live.arn, 'old', 'nothing'], include: ['TAGS'] }),
    );
    expect(services?.map((item) => [item.serviceName, item.status])).toEqual([
      ['live', 'ACTIVE'],
      ['old', 'INACTIVE'],
    ]);
    expect(services?.[0]).toMatchObject({ desiredCount: 1, runningCount: 1, launchType: 'FARGATE', tags: [] });
    expect(services?.[0].deployments?.[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED' });
    expect(failures).toEqual([
      { arn: 'arn:aws:ecs:eu-west-1:123456789012:service/default/nothing', reason: 'MISSING' },
    ]);
    const { serviceArns } = await client.send(new ListServicesCommand({}));
    expect(serviceArns).toEqual([live.arn]);
    await expect(client.send(new ListServicesCommand({ cluster: 'prod' }))).rejects.toBeInstanceOf(
      ClusterNotFoundException,
    );
    ctx.emulator.seedCluster('prod');
    ctx.emulator.seedExpressService({ name: 'live', cluster: 'prod' });
    const prod = await client.send(new ListServicesCommand({ cluster: 'prod' }));
    expect(prod.serviceArns).toEqual(['arn:aws:ecs:eu-west-1:123456789012:service/prod/live']);
    client.destroy();
  });

  it('tags and untags a service', async () => {
    const client = ecs(ctx.emulator);
    const seeded = ctx.emulator.seedExpressService({ name: 'tagged', tags: { team: 'a' } });
    await client.send(new TagResourceCommand({ resourceArn: seeded.arn, tags: [{ key: 'env', value: 'prod' }] }));
    await client.send(new UntagResourceCommand({ resourceArn: seeded.arn, tagKeys: ['team'] }));
    const { tags } = await client.send(new ListTagsForResourceCommand({ resourceArn: seeded.arn }));
    expect(tags).toEqual([{ key: 'env', value: 'prod' }]);
    const reserved = client.send(
      new TagResourceCommand({ resourceArn: seeded.arn, tags: [{ key: 'aws:x', value: 'y' }] }),
    );
    await expect(reserved).rejects.toBeInstanceOf(InvalidParameterException);
    const ghost = 'arn:aws:ecs:eu-west-1:123456789012:service/default/ghost';
    await expect(client.send(new TagResourceCommand({ resourceArn: ghost, tags: [] }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    client.destroy();
  });
});
