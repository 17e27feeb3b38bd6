import { describe, expect, it } from '@jest/globals';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  ListOperationsCommand,
  ResumeServiceCommand,
  StartDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import { privateImageService, settled } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 100 });

async function latestOperation(serviceArn: string) {
  const { OperationSummaryList: list } = await ctx.aws.apprunner.send(
    new ListOperationsCommand({ ServiceArn: serviceArn }),
  );
  return list?.[0];
}

describe('plans that name the operation type they are for', () => {
  it('in a delete → create flow, the create follows the plan and the delete does not', async () => {
    const seeded = ctx.emulator.seedService({ name: 'reborn', status: 'CREATE_FAILED' });
    ctx.emulator.planNextOperation('reborn', { type: 'CREATE_SERVICE', outcome: 'fail', durationMs: 50 });
    await ctx.aws.apprunner.send(new DeleteServiceCommand({ ServiceArn: seeded.arn }));
    expect((await settled(ctx.aws.apprunner, seeded.arn)).Status).toBe('DELETED');
    const { Service: created } = await ctx.aws.apprunner.send(
      new CreateServiceCommand(privateImageService(ctx.emulator, 'reborn')),
    );
    const arn = created?.ServiceArn as string;
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('CREATE_FAILED');
    expect(await latestOperation(arn)).toMatchObject({ Type: 'CREATE_SERVICE', Status: 'FAILED' });
  });

  it('in a resume → update flow, the update follows the plan and the resume does not', async () => {
    const seeded = ctx.emulator.seedService({ name: 'sleeper', status: 'PAUSED' });
    ctx.emulator.planNextOperation('sleeper', { type: 'UPDATE_SERVICE', outcome: 'rollback', durationMs: 100 });
    await ctx.aws.apprunner.send(new ResumeServiceCommand({ ServiceArn: seeded.arn }));
    expect((await settled(ctx.aws.apprunner, seeded.arn)).Status).toBe('RUNNING');
    expect(await latestOperation(seeded.arn)).toMatchObject({ Type: 'RESUME_SERVICE', Status: 'SUCCEEDED' });
    await ctx.aws.apprunner.send(
      new UpdateServiceCommand({ ServiceArn: seeded.arn, InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' } }),
    );
    expect((await settled(ctx.aws.apprunner, seeded.arn)).InstanceConfiguration?.Cpu).toBe('1024');
    expect(await latestOperation(seeded.arn)).toMatchObject({ Type: 'UPDATE_SERVICE', Status: 'ROLLBACK_SUCCEEDED' });
  });

  it('prefers the plan for the operation type over the untyped one, and replaces a plan of the same type', async () => {
    const seeded = ctx.emulator.seedService({ name: 'chooser' });
    ctx.emulator.planNextOperation('chooser', { outcome: 'fail', durationMs: 50 });
    ctx.emulator.planNextOperation('chooser', { type: 'START_DEPLOYMENT', outcome: 'never' });
    ctx.emulator.planNextOperation('chooser', { type: 'START_DEPLOYMENT', outcome: 'succeed', durationMs: 50 });
    await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }));
    await settled(ctx.aws.apprunner, seeded.arn);
    expect(await latestOperation(seeded.arn)).toMatchObject({ Type: 'START_DEPLOYMENT', Status: 'SUCCEEDED' });
    await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }));
    await settled(ctx.aws.apprunner, seeded.arn);
    expect(await latestOperation(seeded.arn)).toMatchObject({ Type: 'START_DEPLOYMENT', Status: 'FAILED' });
  });
});

describe('rollbacks only where AWS rolls back', () => {
  it.each(['CREATE_SERVICE', 'DELETE_SERVICE', 'PAUSE_SERVICE', 'RESUME_SERVICE'] as const)(
    'refuses a plan that rolls back a %s operation',
    (type) => {
      expect(() => ctx.emulator.planNextOperation('any-svc', { type, outcome: 'rollback' })).toThrow(
        /never rolls back/,
      );
      const steps = [{ status: 'ROLLBACK_IN_PROGRESS' as const, ms: 10 }, { status: 'ROLLBACK_FAILED' as const }];
      expect(() => ctx.emulator.planNextOperation('any-svc', { type, steps })).toThrow(/never rolls back/);
    },
  );

  it('refuses to seed an operation under way that rolls back where nothing can', () => {
    const operation = { type: 'CREATE_SERVICE' as const, plan: { outcome: 'rollback' as const } };
    expect(() => ctx.emulator.seedService({ name: 'seeded-create', operation })).toThrow(/never rolls back/);
    expect(ctx.emulator.service('seeded-create')).toBeUndefined();
    const rebuild = { type: 'UPDATE_SERVICE' as const, plan: { outcome: 'rollback' as const } };
    const attempt = () =>
      ctx.emulator.seedService({ name: 'seeded-rebuild', status: 'CREATE_FAILED', operation: rebuild });
    expect(attempt).toThrow(/UPDATE_SERVICE operation of a CREATE_FAILED service cannot roll back/);
    expect(ctx.emulator.service('seeded-rebuild')).toBeUndefined();
  });

  it('keeps an untyped rollback plan for the next deployment of a running service, past the create', async () => {
    ctx.emulator.planNextOperation('patient', { outcome: 'rollback', durationMs: 100 });
    const { Service: created } = await ctx.aws.apprunner.send(
      new CreateServiceCommand(privateImageService(ctx.emulator, 'patient')),
    );
    const arn = created?.ServiceArn as string;
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('RUNNING');
    expect(await latestOperation(arn)).toMatchObject({ Type: 'CREATE_SERVICE', Status: 'SUCCEEDED' });
    await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: arn }));
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('RUNNING');
    expect(await latestOperation(arn)).toMatchObject({ Type: 'START_DEPLOYMENT', Status: 'ROLLBACK_SUCCEEDED' });
  });
});

describe('where a failed operation leaves the service', () => {
  it('a failed delete of a CREATE_FAILED service ends DELETE_FAILED, not CREATE_FAILED', async () => {
    const seeded = ctx.emulator.seedService({ name: 'undeletable', status: 'CREATE_FAILED' });
    ctx.emulator.planNextOperation('undeletable', { type: 'DELETE_SERVICE', outcome: 'fail', durationMs: 50 });
    await ctx.aws.apprunner.send(new DeleteServiceCommand({ ServiceArn: seeded.arn }));
    expect((await settled(ctx.aws.apprunner, seeded.arn)).Status).toBe('DELETE_FAILED');
  });

  it('a failed resume leaves the service PAUSED', async () => {
    const seeded = ctx.emulator.seedService({ name: 'stays-paused', status: 'PAUSED' });
    ctx.emulator.planNextOperation('stays-paused', { outcome: 'fail', durationMs: 50 });
    await ctx.aws.apprunner.send(new ResumeServiceCommand({ ServiceArn: seeded.arn }));
    expect((await settled(ctx.aws.apprunner, seeded.arn)).Status).toBe('PAUSED');
  });
});

describe('the deployment log', () => {
  it('writes deployment/<operation-id> lines besides the service events, for each deployment', async () => {
    const seeded = ctx.emulator.seedService({ name: 'logged-deploy' });
    ctx.emulator.planNextOperation('logged-deploy', { outcome: 'rollback', durationMs: 100 });
    const { OperationId: failedId } = await ctx.aws.apprunner.send(
      new StartDeploymentCommand({ ServiceArn: seeded.arn }),
    );
    await settled(ctx.aws.apprunner, seeded.arn);
    const { OperationId: okId } = await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }));
    await settled(ctx.aws.apprunner, seeded.arn);
    const group = ctx.emulator.serviceEventLog('logged-deploy')?.group as string;
    expect(ctx.emulator.logMessages({ group, stream: `deployment/${failedId}` })).toEqual([
      '[AppRunner] Starting to pull your application image.',
      '[AppRunner] Successfully pulled your application image from ECR.',
      '[AppRunner] Provisioning instances and deploying image for publicly accessible service.',
      "[AppRunner] Performing health check on port '8080'.",
      "[AppRunner] Health check failed on protocol 'TCP' [Port: '8080'].",
      '[AppRunner] Failed to deploy your application image.',
    ]);
    expect(ctx.emulator.logMessages({ group, stream: `deployment/${okId}` })).toContain(
      '[AppRunner] Successfully deployed your application image.',
    );
    expect(ctx.emulator.logMessages({ group, stream: 'events' })).toContain(
      `[AppRunner] Deployment with ID : ${failedId} failed. Rolling back.`,
    );
  });
});
