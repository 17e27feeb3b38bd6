import { beforeEach, describe, expect, it as jestIt } from '@jest/globals';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import {
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { quietIt } from '../e2e/support/quiet.ts';
import {
  deploymentArn,
  expressService,
  givenEcs,
  IMAGE,
  mockedExpressClients,
  NEW_IMAGE,
  revisionArn,
  runner,
} from './ecs-express-harness.ts';

const it = quietIt(jestIt);
const { clients, mocks } = mockedExpressClients();
const run = runner(clients, mocks.ecs);
const NEW = deploymentArn('new');
const THEIRS = deploymentArn('theirs');
const TASK = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:task/default/${id}`;
const denied = () => Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });

beforeEach(() => {
  Object.values(mocks).forEach((mock) => mock.reset());
  mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{ imageDigest: 'sha256:x' }] });
});

/** An update of a running service whose deployment answers `answers` in turn. */
function givenUpdate(answers: Partial<ServiceDeployment>[]) {
  givenEcs(mocks.ecs, { status: 'ACTIVE', after: expressService(), deployments: { [NEW]: answers } });
}

describe('ecs-express: a deployment that fails', () => {
  it('explains a rollback with the reasons, the failed task and its own log lines', async () => {
    givenUpdate([
      { status: 'IN_PROGRESS' },
      { status: 'ROLLBACK_IN_PROGRESS' },
      {
        status: 'ROLLBACK_SUCCESSFUL',
        statusReason: 'Circuit breaker triggered.',
        rollback: { reason: 'Rolled back to the previous revision.' },
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
        alarms: { triggeredAlarmNames: ['web-5xx', 'web-latency'] },
        targetServiceRevision: { arn: revisionArn('3') },
      },
    ]);
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: [TASK('old1'), TASK('bad1')] });
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        { taskArn: TASK('old1'), stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Scaling activity' },
        {
          taskArn: TASK('bad1'),
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          containers: [{ name: 'app', exitCode: 1, reason: 'OOM' }],
        },
      ],
    });
    mocks.logs.on(FilterLogEventsCommand).resolves({ events: [{ message: 'Error: no DB\n' }, { message: 'bye' }] });
    const { outcome, error } = await run({ image: NEW_IMAGE, 'log-group': '/ecs/web' });
    expect(error?.message).toBe(
      `Deployment ${NEW} was rolled back (ROLLBACK_SUCCESSFUL): the service still serves the previous revision. ` +
        `Service \`web-express\` is ACTIVE and serves ${IMAGE}. Why: Circuit breaker triggered; ` +
        'Rolled back to the previous revision; circuit breaker TRIGGERED: 3 failed task(s) of a threshold of 3; ' +
        'alarm(s) web-5xx, web-latency triggered; a task stopped: EssentialContainerExited: Essential container in ' +
        'task exited, container app exit code 1 (OOM). Fix the image or configuration and deploy again; the stopped ' +
        'tasks and container logs above say more.',
    );
    expect(outcome).toMatchObject({
      result: 'update rolled back: the previous version still serves',
      operationStatus: 'ROLLBACK_SUCCESSFUL',
      serviceRevisionArn: revisionArn('3'),
      servingImageUri: IMAGE,
    });
    expect(outcome.events).toEqual([
      'task bad1: EssentialContainerExited: Essential container in task exited, container app exit code 1 (OOM)',
      'last lines of /ecs/web:',
      '  Error: no DB',
      '  bye',
    ]);
    expect(mocks.ecs.commandCalls(ListTasksCommand)[0].args[0].input).toEqual({
      cluster: 'default',
      serviceName: 'web-express',
      desiredStatus: 'STOPPED',
      maxResults: 10,
    });
    expect(mocks.logs.commandCalls(FilterLogEventsCommand)[0].args[0].input).toMatchObject({
      logGroupName: '/ecs/web',
      logStreamNames: ['ecs/app/bad1'],
      startTime: -60_000,
    });
  });

  it('says a failed rollback may leave nothing serving, and tells how to see why without permissions', async () => {
    givenUpdate([{ status: 'ROLLBACK_FAILED' }]);
    mocks.ecs.on(ListTasksCommand).rejects(denied());
    const { outcome, error } = await run({ image: NEW_IMAGE });
    expect(error?.message).toBe(
      `Deployment ${NEW} failed and its rollback failed too (ROLLBACK_FAILED). Service \`web-express\` is ACTIVE and ` +
        'may not be serving. ECS gave no reason. Check the service in the ECS console now; the stopped tasks and ' +
        'container logs above say more.',
    );
    expect(outcome).toMatchObject({ result: 'update failed, and its rollback failed', servingImageUri: undefined });
    expect(outcome.events).toEqual([]);
    // What serves is not read after a failed rollback: only the read before the change.
    expect(mocks.ecs.commandCalls(DescribeExpressGatewayServiceCommand)).toHaveLength(1);
  });

  it('reports a create that STOPPED as serving nothing, without logs of tasks the scheduler stopped', async () => {
    givenEcs(mocks.ecs, { deployments: { [NEW]: [{ status: 'STOPPED', statusReason: 'Stopped by a user.' }] } });
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: [TASK('old1')] });
    mocks.ecs.on(DescribeTasksCommand).resolves({
      tasks: [{ taskArn: TASK('old1'), stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Scaling activity' }],
    });
    const { outcome, error } = await run({
      image: NEW_IMAGE,
      'execution-role-arn': 'arn:aws:iam::123456789012:role/exec',
      'infrastructure-role-arn': 'arn:aws:iam::123456789012:role/infra',
    });
    expect(error?.message).toContain(
      `Deployment ${NEW} ended STOPPED. Service \`web-express\` is ACTIVE and serves nothing: its first deployment ` +
        'failed. Why: Stopped by a user. Fix the image',
    );
    expect(outcome).toMatchObject({ result: 'create STOPPED', operationStatus: 'STOPPED' });
    expect(outcome.events).toEqual(['task old1: ServiceSchedulerInitiated: Scaling activity']);
    expect(mocks.logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
    expect(mocks.ecs.commandCalls(DescribeExpressGatewayServiceCommand)).toHaveLength(0);
  });

  it('times out naming the deployment, which goes on in AWS', async () => {
    givenUpdate([{ status: 'IN_PROGRESS' }]);
    const { outcome, error, clock } = await run({ image: NEW_IMAGE, 'wait-timeout': '10' });
    expect(error?.message).toBe(
      `Deployment ${NEW} is still IN_PROGRESS after 10s. It goes on in AWS: follow it in the ECS console, or raise ` +
        '`wait-timeout` (a healthy Express update takes at least ~6 minutes).',
    );
    expect(outcome).toMatchObject({
      result: 'update still IN_PROGRESS: wait timed out',
      operationStatus: 'IN_PROGRESS',
    });
    expect(clock.sleeps).toEqual([1000, 1000, 2000, 3000, 3000]);
    expect(mocks.ecs.commandCalls(ListTasksCommand)).toHaveLength(0);
  });

  it('reads a service whose answer names no image as serving nothing known', async () => {
    givenEcs(mocks.ecs, {
      status: 'ACTIVE',
      after: expressService({ status: 'DRAINING' }),
      deployments: { [NEW]: [{ status: 'STOPPED' }] },
    });
    mocks.ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    const { outcome, error } = await run({ image: NEW_IMAGE });
    expect(error?.message).toContain(`ended STOPPED. Service \`web-express\` is DRAINING. ECS gave no reason.`);
    expect(outcome).toMatchObject({ servingImageUri: undefined, serviceStatus: 'DRAINING', events: [] });
  });
});

describe('ecs-express: reads that fail while following', () => {
  it('retries a throttled read, and succeeds when what serves afterwards cannot be read', async () => {
    givenUpdate([{ status: 'IN_PROGRESS' }, { status: 'SUCCESSFUL' }]);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    mocks.ecs
      .on(DescribeServiceDeploymentsCommand)
      .resolvesOnce({ serviceDeployments: [{ serviceDeploymentArn: NEW, status: 'IN_PROGRESS' }] })
      .rejectsOnce(throttled)
      .resolves({ serviceDeployments: [{ serviceDeploymentArn: NEW, status: 'SUCCESSFUL' }] });
    mocks.ecs.on(DescribeExpressGatewayServiceCommand).resolvesOnce({ service: expressService() }).rejects(denied());
    const { outcome, error } = await run({ image: NEW_IMAGE });
    expect(error).toBeUndefined();
    expect(mocks.ecs.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(3);
    expect(outcome.timeline.map((e) => e.status)).toEqual(['IN_PROGRESS', 'SUCCESSFUL']);
    expect(outcome).toMatchObject({ result: 'update succeeded', servingImageUri: undefined });
  });
});

describe('ecs-express: someone else’s deployment', () => {
  const theirs = { serviceDeploymentArn: THEIRS, status: 'IN_PROGRESS' as const };

  it('waits for it to end, whatever it ends as, then deploys', async () => {
    givenEcs(mocks.ecs, {
      status: 'ACTIVE',
      busy: [[theirs], []],
      deployments: { [THEIRS]: [{ status: 'IN_PROGRESS' }, { status: 'ROLLBACK_SUCCESSFUL' }] },
    });
    const { outcome, error, mutating } = await run({ image: NEW_IMAGE });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateExpressGatewayServiceCommand']);
    expect(outcome.timeline.map((e) => `${e.label}: ${e.status}`)).toEqual([
      'wait for deployment: IN_PROGRESS',
      'wait for deployment: ROLLBACK_SUCCESSFUL',
      'update: IN_PROGRESS',
      'update: SUCCESSFUL',
    ]);
    expect(outcome).toMatchObject({ result: 'update succeeded', operationId: NEW });
    expect(mocks.ecs.commandCalls(ListServiceDeploymentsCommand)[0].args[0].input.status).toEqual([
      'PENDING',
      'IN_PROGRESS',
      'STOP_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
    ]);
    // Their failure is not diagnosed as ours.
    expect(mocks.ecs.commandCalls(ListTasksCommand)).toHaveLength(0);
  });

  it('refuses with on-busy: fail, and when another deployment started meanwhile', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE', busy: [[theirs]] });
    const fail = await run({ image: NEW_IMAGE, 'on-busy': 'fail' });
    expect(fail.error?.message).toBe(
      `Service \`web-express\` has deployment ${THEIRS} under way (IN_PROGRESS). Nothing was changed. ` +
        'Wait for it to end and run again, or set `on-busy: wait`.',
    );
    expect(fail.outcome.result).toBe('refused');
    givenEcs(mocks.ecs, {
      status: 'ACTIVE',
      busy: [[theirs]],
      deployments: { [THEIRS]: [{ status: 'SUCCESSFUL' }] },
    });
    const again = await run({ image: NEW_IMAGE });
    expect(again.error?.message).toBe('Service `web-express` is busy again; nothing was changed. Run again later.');
    expect([...fail.mutating, ...again.mutating]).toEqual([]);
  });

  it('stops when the wait for it times out', async () => {
    givenEcs(mocks.ecs, { status: 'ACTIVE', busy: [[theirs]], deployments: { [THEIRS]: [{ status: 'IN_PROGRESS' }] } });
    const { outcome, error, mutating } = await run({ image: NEW_IMAGE, 'wait-timeout': '10' });
    expect(error?.message).toContain(`Deployment ${THEIRS} is still IN_PROGRESS after 10s.`);
    expect(outcome.result).toBe('wait for deployment still IN_PROGRESS: wait timed out');
    expect(mutating).toEqual([]);
  });
});

describe('ecs-express: the polling schedule', () => {
  it('sleeps through a bake of known length, then reads every ~4 s until the end', async () => {
    const config = {
      strategy: 'CANARY' as const,
      canaryConfiguration: { canaryBakeTimeInMinutes: 3 },
      bakeTimeInMinutes: 3,
    };
    const bake = {
      status: 'IN_PROGRESS' as const,
      lifecycleStage: 'BAKE_TIME' as const,
      deploymentConfiguration: config,
    };
    givenUpdate([
      { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP', deploymentConfiguration: config },
      { ...bake, updatedAt: new Date(2000) },
      bake,
      bake,
      bake,
      { status: 'SUCCESSFUL' },
    ]);
    const { clock, error, outcome } = await run({ image: NEW_IMAGE });
    expect(error).toBeUndefined();
    // 4 s while both bakes are ahead; the final bake began at 2 s (updatedAt) and lasts 3 min: wake 2 s before its
    // end, in sleeps of at most a minute; then the steady read.
    expect(clock.sleeps).toEqual([4000, 60_000, 60_000, 56_000, 3700]);
    expect(mocks.ecs.commandCalls(DescribeServiceDeploymentsCommand)).toHaveLength(6);
    expect(outcome.timeline.map((e) => [e.status, e.elapsedMs])).toEqual([
      ['IN_PROGRESS SCALE_UP', 0],
      ['IN_PROGRESS BAKE_TIME', 4000],
      ['SUCCESSFUL', 183_700],
    ]);
  });

  it('looks for the deployment an update started until ECS lists it', async () => {
    givenUpdate([{ status: 'SUCCESSFUL' }]);
    let listed = 0;
    mocks.ecs.on(ListServiceDeploymentsCommand).callsFake((input: { status?: string[] }) => {
      if (input.status) return { serviceDeployments: [] };
      listed += 1;
      return { serviceDeployments: listed < 4 ? [] : [{ serviceDeploymentArn: NEW, createdAt: new Date() }] };
    });
    const { clock, error, outcome } = await run({ image: NEW_IMAGE });
    expect(error).toBeUndefined();
    expect(clock.sleeps).toEqual([1000, 2000]);
    expect(outcome).toMatchObject({ operationId: NEW, result: 'update succeeded' });
  });
});
