import { describe, expect, it } from '@jest/globals';
import {
  CreateAutoScalingConfigurationCommand,
  CreateObservabilityConfigurationCommand,
  CreateServiceCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeObservabilityConfigurationCommand,
  InvalidRequestException,
  ListAutoScalingConfigurationsCommand,
  ListObservabilityConfigurationsCommand,
  ServiceQuotaExceededException,
} from '@aws-sdk/client-apprunner';
import { privateImageService } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 50 });

const createScaling = (name: string, values: { MinSize?: number; MaxSize?: number; MaxConcurrency?: number } = {}) =>
  ctx.aws.apprunner.send(new CreateAutoScalingConfigurationCommand({ AutoScalingConfigurationName: name, ...values }));

describe('auto scaling configuration operations', () => {
  it('create revisions with their values, AWS defaults for those left out', async () => {
    const first = await createScaling('high-availability', { MinSize: 3, MaxSize: 10 });
    const second = await createScaling('high-availability', { MaxConcurrency: 50 });
    expect(first.AutoScalingConfiguration).toMatchObject({
      AutoScalingConfigurationName: 'high-availability',
      AutoScalingConfigurationRevision: 1,
      MinSize: 3,
      MaxSize: 10,
      MaxConcurrency: 100,
      Status: 'ACTIVE',
      Latest: true,
    });
    expect(second.AutoScalingConfiguration).toMatchObject({
      AutoScalingConfigurationRevision: 2,
      MinSize: 1,
      MaxSize: 25,
      MaxConcurrency: 50,
    });
    const described = await ctx.aws.apprunner.send(
      new DescribeAutoScalingConfigurationCommand({
        AutoScalingConfigurationArn: first.AutoScalingConfiguration?.AutoScalingConfigurationArn,
      }),
    );
    expect(described.AutoScalingConfiguration).toMatchObject({
      AutoScalingConfigurationRevision: 1,
      Latest: false,
      MinSize: 3,
    });
  });

  it('list every revision, or the latest only, by name, with whether a service uses it', async () => {
    const used = await createScaling('shared-scaling', { MinSize: 2 });
    await createScaling('shared-scaling', { MinSize: 3 });
    await ctx.aws.apprunner.send(
      new CreateServiceCommand({
        ...privateImageService(ctx.emulator, 'scaled-svc'),
        AutoScalingConfigurationArn: used.AutoScalingConfiguration?.AutoScalingConfigurationArn,
      }),
    );
    const all = await ctx.aws.apprunner.send(
      new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'shared-scaling' }),
    );
    expect(
      all.AutoScalingConfigurationSummaryList?.map((item) => [
        item.AutoScalingConfigurationRevision,
        item.HasAssociatedService,
      ]),
    ).toEqual([
      [1, true],
      [2, false],
    ]);
    const latest = await ctx.aws.apprunner.send(new ListAutoScalingConfigurationsCommand({ LatestOnly: true }));
    expect(
      latest.AutoScalingConfigurationSummaryList?.map(
        (item) => `${item.AutoScalingConfigurationName}/${item.AutoScalingConfigurationRevision}`,
      ),
    ).toEqual(['DefaultConfiguration/1', 'shared-scaling/2']);
  });

  it('refuse values the model or the service refuses', async () => {
    await expect(createScaling('too-many', { MinSize: 26 })).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(createScaling('inverted', { MinSize: 5, MaxSize: 2 })).rejects.toThrow(
      "MinSize (5) can't be greater than MaxSize (2).",
    );
    expect(
      (
        await ctx.aws.apprunner.send(
          new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: 'inverted' }),
        )
      ).AutoScalingConfigurationSummaryList,
    ).toEqual([]);
  });

  it('stop at the account quota: 10 names, 5 revisions a name', async () => {
    for (let index = 1; index < 10; index += 1) ctx.emulator.seedAutoScalingConfiguration(`scaling-${index}`);
    await expect(createScaling('one-more')).rejects.toBeInstanceOf(ServiceQuotaExceededException);
    for (let index = 1; index < 5; index += 1) await createScaling('scaling-1');
    await expect(createScaling('scaling-1')).rejects.toThrow('5 revisions per auto scaling configuration name');
  });
});

describe('observability configuration operations', () => {
  it('create X-Ray revisions, list and describe them, and keep DefaultConfiguration reserved', async () => {
    const created = await ctx.aws.apprunner.send(
      new CreateObservabilityConfigurationCommand({
        ObservabilityConfigurationName: 'web-xray',
        TraceConfiguration: { Vendor: 'AWSXRAY' },
      }),
    );
    expect(created.ObservabilityConfiguration).toMatchObject({
      ObservabilityConfigurationRevision: 1,
      TraceConfiguration: { Vendor: 'AWSXRAY' },
      Status: 'ACTIVE',
    });
    const listed = await ctx.aws.apprunner.send(
      new ListObservabilityConfigurationsCommand({ ObservabilityConfigurationName: 'web-xray' }),
    );
    expect(listed.ObservabilityConfigurationSummaryList).toEqual([
      {
        ObservabilityConfigurationArn: created.ObservabilityConfiguration?.ObservabilityConfigurationArn,
        ObservabilityConfigurationName: 'web-xray',
        ObservabilityConfigurationRevision: 1,
      },
    ]);
    const described = await ctx.aws.apprunner.send(
      new DescribeObservabilityConfigurationCommand({
        ObservabilityConfigurationArn: created.ObservabilityConfiguration?.ObservabilityConfigurationArn,
      }),
    );
    expect(described.ObservabilityConfiguration?.TraceConfiguration).toEqual({ Vendor: 'AWSXRAY' });
    await expect(
      ctx.aws.apprunner.send(
        new CreateObservabilityConfigurationCommand({ ObservabilityConfigurationName: 'DefaultConfiguration' }),
      ),
    ).rejects.toThrow('reserved');
  });
});
