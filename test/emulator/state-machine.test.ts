import { describe, expect, it } from '@jest/globals';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceCommand,
  InvalidRequestException,
  InvalidStateException,
  ListOperationsCommand,
  ListServicesCommand,
  PauseServiceCommand,
  ResumeServiceCommand,
  StartDeploymentCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { privateImageService, settled, waitFor } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 150 });

async function operations(serviceArn: string) {
  const { OperationSummaryList: list } = await ctx.aws.apprunner.send(
    new ListOperationsCommand({ ServiceArn: serviceArn }),
  );
  return list ?? [];
}

function updateImage(serviceArn: string, tag: string) {
  return new UpdateServiceCommand({
    ServiceArn: serviceArn,
    InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' },
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:${tag}`,
        ImageRepositoryType: 'ECR',
      },
    },
  });
}

describe('operation outcomes', () => {
  it('succeeds by default: PENDING, IN_PROGRESS, then SUCCEEDED with the new config applied', async () => {
    const seeded = ctx.emulator.seedService({ name: 'happy' });
    const { OperationId: id } = await ctx.aws.apprunner.send(updateImage(seeded.arn, 'v2'));
    const [pending] = await operations(seeded.arn);
    expect(pending).toMatchObject({ Id: id, Type: 'UPDATE_SERVICE', Status: 'PENDING', TargetArn: seeded.arn });
    const running = await waitFor(async () => {
      const [latest] = await operations(seeded.arn);
      return latest.Status === 'IN_PROGRESS' ? latest : undefined;
    });
    expect(running.EndedAt).toBeUndefined();
    const after = await settled(ctx.aws.apprunner, seeded.arn);
    expect(after.Status).toBe('RUNNING');
    expect(after.InstanceConfiguration).toMatchObject({ Cpu: '2048', Memory: '4096' });
    const [done] = await operations(seeded.arn);
    expect(done.Status).toBe('SUCCEEDED');
    expect(done.EndedAt).toBeInstanceOf(Date);
  });

  it('rolls back: ROLLBACK_IN_PROGRESS then ROLLBACK_SUCCEEDED, service RUNNING on the OLD config', async () => {
    const seeded = ctx.emulator.seedService({ name: 'flaky' });
    ctx.emulator.planNextOperation('flaky', { outcome: 'rollback', durationMs: 400 });
    await ctx.aws.apprunner.send(updateImage(seeded.arn, 'broken'));
    await waitFor(async () => ((await operations(seeded.arn))[0].Status === 'ROLLBACK_IN_PROGRESS' ? true : undefined));
    const after = await settled(ctx.aws.apprunner, seeded.arn);
    expect(after.Status).toBe('RUNNING');
    expect(after.SourceConfiguration?.ImageRepository?.ImageIdentifier).toMatch(/flaky:latest$/);
    expect(after.InstanceConfiguration).toMatchObject({ Cpu: '1024', Memory: '2048' });
    expect((await operations(seeded.arn))[0].Status).toBe('ROLLBACK_SUCCEEDED');
    const log = ctx.emulator.serviceEventLog('flaky');
    const { events } = await ctx.aws.logs.send(
      new FilterLogEventsCommand({
        logGroupName: log?.group,
        logStreamNames: [log?.stream as string],
        filterPattern: '"Health check failed"',
      }),
    );
    expect(events?.map((event) => event.message)).toEqual([
      "[AppRunner] Health check failed on protocol 'TCP' [Port: '8080'].",
    ]);
    expect(ctx.emulator.logMessages({ group: log?.group as string })).toContainEqual(
      expect.stringMatching(/failed\. Rolling back\.$/),
    );
  });

  it('a failed create ends CREATE_FAILED, and UpdateService may rebuild it', async () => {
    ctx.emulator.planNextOperation('doomed', { outcome: 'fail', durationMs: 100 });
    const { Service: created } = await ctx.aws.apprunner.send(
      new CreateServiceCommand(privateImageService(ctx.emulator, 'doomed')),
    );
    const arn = created?.ServiceArn as string;
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('CREATE_FAILED');
    expect((await operations(arn))[0]).toMatchObject({ Type: 'CREATE_SERVICE', Status: 'FAILED' });
    await expect(ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: arn }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    await ctx.aws.apprunner.send(updateImage(arn, 'fixed'));
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('RUNNING');
  });

  it('a failed update leaves the service RUNNING on the old config', async () => {
    const seeded = ctx.emulator.seedService({ name: 'stubborn' });
    ctx.emulator.planNextOperation('stubborn', { outcome: 'fail', durationMs: 50 });
    await ctx.aws.apprunner.send(updateImage(seeded.arn, 'nope'));
    const after = await settled(ctx.aws.apprunner, seeded.arn);
    expect(after.Status).toBe('RUNNING');
    expect(after.SourceConfiguration?.ImageRepository?.ImageIdentifier).toMatch(/stubborn:latest$/);
  });

  it('never: stays IN_PROGRESS and refuses further changes with InvalidStateException', async () => {
    const seeded = ctx.emulator.seedService({ name: 'stuck' });
    ctx.emulator.planNextOperation('stuck', { outcome: 'never' });
    await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const { Service: service } = await ctx.aws.apprunner.send(new DescribeServiceCommand({ ServiceArn: seeded.arn }));
    expect(service?.Status).toBe('OPERATION_IN_PROGRESS');
    expect((await operations(seeded.arn))[0]).toMatchObject({ Type: 'START_DEPLOYMENT', Status: 'IN_PROGRESS' });
    for (const command of [
      updateImage(seeded.arn, 'v9'),
      new DeleteServiceCommand({ ServiceArn: seeded.arn }),
      new PauseServiceCommand({ ServiceArn: seeded.arn }),
      new TagResourceCommand({ ResourceArn: seeded.arn, Tags: [{ Key: 'a', Value: 'b' }] }),
    ]) {
      await expect(ctx.aws.apprunner.send(command as never)).rejects.toBeInstanceOf(InvalidStateException);
    }
    await expect(ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });

  it('follows explicit steps and lists operations newest first, paginated', async () => {
    const seeded = ctx.emulator.seedService({ name: 'stepper' });
    ctx.emulator.planNextOperation('stepper', {
      steps: [
        { status: 'PENDING', ms: 50 },
        { status: 'IN_PROGRESS', ms: 50 },
        { status: 'ROLLBACK_IN_PROGRESS', ms: 50 },
        { status: 'ROLLBACK_FAILED' },
      ],
    });
    const first = await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }));
    expect((await operations(seeded.arn))[0].Status).toBe('PENDING');
    await settled(ctx.aws.apprunner, seeded.arn);
    expect((await operations(seeded.arn))[0].Status).toBe('ROLLBACK_FAILED');
    const second = await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }));
    await settled(ctx.aws.apprunner, seeded.arn);
    const page1 = await ctx.aws.apprunner.send(new ListOperationsCommand({ ServiceArn: seeded.arn, MaxResults: 1 }));
    expect(page1.OperationSummaryList?.map((item) => item.Id)).toEqual([second.OperationId]);
    const page2 = await ctx.aws.apprunner.send(
      new ListOperationsCommand({ ServiceArn: seeded.arn, MaxResults: 1, NextToken: page1.NextToken }),
    );
    expect(page2.OperationSummaryList?.map((item) => item.Id)).toEqual([first.OperationId]);
    expect(page2.NextToken).toBeUndefined();
    const tooMany = ctx.aws.apprunner.send(new ListOperationsCommand({ ServiceArn: seeded.arn, MaxResults: 21 }));
    await expect(tooMany).rejects.toBeInstanceOf(InvalidRequestException);
  });
});

describe('image pulls from repositories the emulator knows', () => {
  it('rolls a RUNNING service back when the new image does not exist, and deploys one that does', async () => {
    ctx.emulator.seedImage('app', { tag: 'v1' });
    const { Service: created } = await ctx.aws.apprunner.send(
      new CreateServiceCommand(privateImageService(ctx.emulator, 'puller')),
    );
    const arn = created?.ServiceArn as string;
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('RUNNING');
    await ctx.aws.apprunner.send(updateImage(arn, 'v404'));
    const after = await settled(ctx.aws.apprunner, arn);
    expect(after.Status).toBe('RUNNING');
    expect(after.SourceConfiguration?.ImageRepository?.ImageIdentifier).toMatch(/app:v1$/);
    expect((await operations(arn))[0]).toMatchObject({ Type: 'UPDATE_SERVICE', Status: 'ROLLBACK_SUCCEEDED' });
    const log = ctx.emulator.serviceEventLog('puller');
    expect(ctx.emulator.logMessages({ group: log?.group as string })).toContain(
      '[AppRunner] Failed to pull your application image. Be sure you configure your registry and image correctly.',
    );
  });

  it('fails a create (CREATE_FAILED) and a rebuild (FAILED, still CREATE_FAILED) whose image does not exist', async () => {
    ctx.emulator.seedImage('app', { tag: 'v1' });
    const missing = privateImageService(ctx.emulator, 'never-pulled');
    missing.SourceConfiguration.ImageRepository.ImageIdentifier = `${ctx.emulator.accountId}.dkr.ecr.eu-west-1.amazonaws.com/app:v404`;
    const { Service: failed } = await ctx.aws.apprunner.send(new CreateServiceCommand(missing));
    const arn = failed?.ServiceArn as string;
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('CREATE_FAILED');
    expect((await operations(arn))[0]).toMatchObject({ Type: 'CREATE_SERVICE', Status: 'FAILED' });
    await ctx.aws.apprunner.send(updateImage(arn, 'v405'));
    expect((await settled(ctx.aws.apprunner, arn)).Status).toBe('CREATE_FAILED');
    expect((await operations(arn))[0]).toMatchObject({ Type: 'UPDATE_SERVICE', Status: 'FAILED' });
  });
});

describe('pause, resume and delete', () => {
  it('pauses to PAUSED, resumes to RUNNING, deletes to DELETED and out of ListServices', async () => {
    const seeded = ctx.emulator.seedService({ name: 'cycle' });
    const paused = await ctx.aws.apprunner.send(new PauseServiceCommand({ ServiceArn: seeded.arn }));
    expect(paused.OperationId).toBeDefined();
    expect((await settled(ctx.aws.apprunner, seeded.arn)).Status).toBe('PAUSED');
    await expect(ctx.aws.apprunner.send(updateImage(seeded.arn, 'v2'))).rejects.toBeInstanceOf(InvalidStateException);
    await expect(ctx.aws.apprunner.send(new PauseServiceCommand({ ServiceArn: seeded.arn }))).rejects.toBeInstanceOf(
      InvalidStateException,
    );
    await ctx.aws.apprunner.send(new ResumeServiceCommand({ ServiceArn: seeded.arn }));
    expect((await settled(ctx.aws.apprunner, seeded.arn)).Status).toBe('RUNNING');
    const deleted = await ctx.aws.apprunner.send(new DeleteServiceCommand({ ServiceArn: seeded.arn }));
    expect(deleted.Service?.Status).toBe('OPERATION_IN_PROGRESS');
    const gone = await settled(ctx.aws.apprunner, seeded.arn);
    expect(gone.Status).toBe('DELETED');
    expect(gone.DeletedAt).toBeInstanceOf(Date);
    const { ServiceSummaryList: list } = await ctx.aws.apprunner.send(new ListServicesCommand({}));
    expect(list).toEqual([]);
    await expect(ctx.aws.apprunner.send(new DeleteServiceCommand({ ServiceArn: seeded.arn }))).rejects.toBeInstanceOf(
      InvalidStateException,
    );
    const reborn = await ctx.aws.apprunner.send(new CreateServiceCommand(privateImageService(ctx.emulator, 'cycle')));
    expect(reborn.Service?.ServiceArn).not.toBe(seeded.arn);
    expect(
      ctx.emulator
        .calls()
        .filter((call) => call.mutating)
        .map((call) => call.operation),
    ).toEqual([
      'PauseService',
      'UpdateService',
      'PauseService',
      'ResumeService',
      'DeleteService',
      'DeleteService',
      'CreateService',
    ]);
  });

  it('seeds a service with an operation under way that ends by itself', async () => {
    const seeded = ctx.emulator.seedService({
      name: 'busy',
      operation: { type: 'UPDATE_SERVICE', plan: { outcome: 'succeed', durationMs: 100 } },
    });
    expect(seeded.status).toBe('OPERATION_IN_PROGRESS');
    expect((await settled(ctx.aws.apprunner, seeded.arn)).Status).toBe('RUNNING');
    expect(ctx.emulator.service('busy')?.operations[0]).toMatchObject({ type: 'UPDATE_SERVICE', status: 'SUCCEEDED' });
  });
});
