import { describe, expect, it } from '@jest/globals';
import {
  CreateExpressGatewayServiceCommand,
  DeleteExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  InvalidParameterException,
  ListTasksCommand,
  ServiceNotActiveException,
  UpdateExpressGatewayServiceCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ecrImage, roleArn, waitFor } from '../../tools/emulator/helpers.ts';
import { TEST_CREDENTIALS, type Emulator } from '../../tools/emulator/index.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 100, ecsStageMs: 5 });

const ecs = (emulator: Emulator, maxAttempts = 1): ECSClient =>
  new ECSClient({ endpoint: emulator.endpoint, region: emulator.region, credentials: TEST_CREDENTIALS, maxAttempts });

const ENDED = new Set(['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']);

/** Updates a seeded service to image `v2` and waits until the deployment ends. */
async function failedUpdate(client: ECSClient, name: string): Promise<{ arn: string; deployment: ServiceDeployment }> {
  const seeded = ctx.emulator.seedExpressService({ name });
  const image = 'public.ecr.aws/example/app:v2';
  await client.send(new UpdateExpressGatewayServiceCommand({ serviceArn: seeded.arn, primaryContainer: { image } }));
  const arn = ctx.emulator.expressService(name)?.deployments[0].arn as string;
  const deployment = await waitFor(async () => {
    const { serviceDeployments } = await client.send(
      new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
    );
    return ENDED.has(serviceDeployments?.[0].status as string) ? serviceDeployments?.[0] : undefined;
  });
  return { arn: seeded.activeRevisionArn, deployment };
}

describe('ECS deployments that fail', () => {
  it('rolls back when the circuit breaker trips on crashing tasks, with reasons and container logs', async () => {
    const client = ecs(ctx.emulator);
    ctx.emulator.planNextEcsDeployment('crashy', { outcome: 'circuit-breaker' });
    const { arn: previous, deployment } = await failedUpdate(client, 'crashy');
    expect(deployment).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      statusReason: 'ECS deployment circuit breaker: tasks failed to start.',
      deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
      rollback: { serviceRevisionArn: previous, reason: 'The circuit breaker initiated the rollback.' },
    });
    expect(deployment.rollback?.startedAt).toBeInstanceOf(Date);
    const state = ctx.emulator.expressService('crashy');
    expect(state?.activeRevisionArn).toBe(previous);
    expect(state?.description.activeConfigurations).toMatchObject([{ serviceRevisionArn: previous }]);
    const { taskArns } = await client.send(new ListTasksCommand({ serviceName: 'crashy', desiredStatus: 'STOPPED' }));
    const { tasks } = await client.send(new DescribeTasksCommand({ tasks: taskArns ?? [] }));
    const crashed = tasks?.filter((task) => task.stopCode === 'EssentialContainerExited') ?? [];
    expect(crashed).toHaveLength(3);
    expect(crashed[0]).toMatchObject({ stoppedReason: 'Essential container in task exited', lastStatus: 'STOPPED' });
    expect(crashed[0].containers?.[0]).toMatchObject({ name: 'Main', exitCode: 1, reason: 'Exit code 1' });
    const taskId = crashed[0].taskArn?.split('/').at(-1);
    const { events } = await ctx.aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/ecs/default/crashy', logStreamNames: [`ecs/Main/${taskId}`] }),
    );
    expect(events?.map((event) => event.message)).toContain(
      'Error: the application failed to start and exits with code 1',
    );
    const running = await client.send(new ListTasksCommand({ serviceName: 'crashy' }));
    expect(running.taskArns).toHaveLength(1);
    client.destroy();
  });

  it('rolls back when the deployment alarm fires during the canary bake', async () => {
    const client = ecs(ctx.emulator);
    ctx.emulator.planNextEcsDeployment('noisy', { outcome: 'alarm' });
    const { arn: previous, deployment } = await failedUpdate(client, 'noisy');
    expect(deployment).toMatchObject({
      status: 'ROLLBACK_SUCCESSFUL',
      lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
      alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['noisy-deployment-alarm'] },
      rollback: { serviceRevisionArn: previous },
    });
    expect(deployment.statusReason).toContain('noisy-deployment-alarm');
    client.destroy();
  });

  it('ends STOPPED, ROLLBACK_FAILED, or never, as planned', async () => {
    const client = ecs(ctx.emulator);
    ctx.emulator.planNextEcsDeployment('halted', { outcome: 'stopped' });
    expect((await failedUpdate(client, 'halted')).deployment.status).toBe('STOPPED');
    ctx.emulator.planNextEcsDeployment('stuck', { outcome: 'rollback-failed', failAt: 'BAKE_TIME' });
    const stuck = await failedUpdate(client, 'stuck');
    expect(stuck.deployment).toMatchObject({ status: 'ROLLBACK_FAILED', lifecycleStage: 'BAKE_TIME' });
    expect(ctx.emulator.expressService('stuck')?.activeRevisionArn).not.toBe(stuck.arn);
    const seeded = ctx.emulator.seedExpressService({
      name: 'forever',
      deployment: { config: { cpu: '512', memory: '1024' }, plan: { outcome: 'never-ends', failAt: 'PRE_SCALE_UP' } },
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(ctx.emulator.expressService('forever')?.deployments[0]).toMatchObject({
      status: 'IN_PROGRESS',
      lifecycleStage: 'PRE_SCALE_UP',
    });
    await expect(
      client.send(new UpdateExpressGatewayServiceCommand({ serviceArn: seeded.arn, cpu: '256' })),
    ).rejects.toBeInstanceOf(InvalidParameterException);
    client.destroy();
  });

  it('fails a deployment whose ECR image does not exist with CannotPullContainerError', async () => {
    const client = ecs(ctx.emulator);
    ctx.emulator.seedImage('app', { tag: 'v1' });
    const { service } = await client.send(
      new CreateExpressGatewayServiceCommand({
        serviceName: 'pull',
        infrastructureRoleArn: roleArn(ctx.emulator, 'infra'),
        executionRoleArn: roleArn(ctx.emulator, 'exec'),
        primaryContainer: { image: ecrImage(ctx.emulator, 'app:missing') },
      }),
    );
    const deployment = await waitFor(() => {
      const current = ctx.emulator.expressService('pull')?.deployments[0];
      return current && ENDED.has(current.status) ? current : undefined;
    });
    // A first deployment has nothing to roll back to: it stops.
    expect(deployment).toMatchObject({ status: 'STOPPED', failureCount: 3 });
    const stopped = ctx.emulator.ecsTasks('pull');
    expect(stopped[0]).toMatchObject({ stopCode: 'TaskFailedToStart' });
    expect(String(stopped[0].stoppedReason)).toMatch(/^CannotPullContainerError: .*app:missing/);
    expect(service?.status?.statusCode).toBe('ACTIVE');
    client.destroy();
  });

  it('drains a deleted service, then keeps it INACTIVE and frees the name', async () => {
    const client = ecs(ctx.emulator);
    const seeded = ctx.emulator.seedExpressService({ name: 'doomed' });
    const { service } = await client.send(new DeleteExpressGatewayServiceCommand({ serviceArn: seeded.arn }));
    expect(service?.status?.statusCode).toBe('DRAINING');
    await expect(
      client.send(new DeleteExpressGatewayServiceCommand({ serviceArn: seeded.arn })),
    ).rejects.toBeInstanceOf(ServiceNotActiveException);
    await waitFor(() => (ctx.emulator.expressService('doomed')?.status === 'INACTIVE' ? true : undefined));
    const { services } = await client.send(new DescribeServicesCommand({ services: ['doomed'] }));
    expect(services?.[0]).toMatchObject({ status: 'INACTIVE', runningCount: 0, desiredCount: 0 });
    const again = await client.send(
      new CreateExpressGatewayServiceCommand({
        serviceName: 'doomed',
        infrastructureRoleArn: roleArn(ctx.emulator, 'infra'),
        executionRoleArn: roleArn(ctx.emulator, 'exec'),
        primaryContainer: { image: 'public.ecr.aws/example/app:v1' },
      }),
    );
    expect(again.service?.status?.statusCode).toBe('ACTIVE');
    client.destroy();
  });

  it('refuses Create of a DRAINING name', async () => {
    const client = ecs(ctx.emulator);
    ctx.emulator.seedExpressService({ name: 'draining', status: 'DRAINING', drainMs: 10_000 });
    const create = client.send(
      new CreateExpressGatewayServiceCommand({
        serviceName: 'draining',
        infrastructureRoleArn: roleArn(ctx.emulator, 'infra'),
        executionRoleArn: roleArn(ctx.emulator, 'exec'),
        primaryContainer: { image: 'public.ecr.aws/example/app:v1' },
      }),
    );
    await expect(create).rejects.toThrow('Unable to Start a service that is still Draining.');
    client.destroy();
  });

  it('answers injected faults for ECS operations and logs every call with its mutating flag', async () => {
    const seeded = ctx.emulator.seedExpressService({ name: 'flaky' });
    ctx.emulator.injectFault({ operation: 'DescribeServices', kind: 'throttle' });
    ctx.emulator.injectFault({ operation: 'ListServices', kind: '500', service: 'apprunner' });
    const client = ecs(ctx.emulator, 3);
    const { services } = await client.send(new DescribeServicesCommand({ services: ['flaky'] }));
    expect(services?.[0].serviceArn).toBe(seeded.arn);
    ctx.emulator.injectFault({ operation: 'UpdateExpressGatewayService', kind: '500' });
    const once = ecs(ctx.emulator);
    await expect(
      once.send(new UpdateExpressGatewayServiceCommand({ serviceArn: seeded.arn, cpu: '512', memory: '1024' })),
    ).rejects.toMatchObject({ name: 'ServerException' });
    const calls = ctx.emulator.calls().filter((call) => call.service === 'ecs');
    expect(calls.map(({ operation, mutating, error, fault }) => ({ operation, mutating, error, fault }))).toEqual([
      { operation: 'DescribeServices', mutating: false, error: 'ThrottlingException', fault: 'throttle' },
      { operation: 'DescribeServices', mutating: false, error: undefined, fault: undefined },
      { operation: 'UpdateExpressGatewayService', mutating: true, error: 'ServerException', fault: '500' },
    ]);
    expect(ctx.emulator.calls().every((call) => call.authenticated)).toBe(true);
    client.destroy();
    once.destroy();
  });
});
