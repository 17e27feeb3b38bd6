import { describe, expect, it } from '@jest/globals';
import {
  CreateServiceCommand,
  InvalidRequestException,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-apprunner';
import { privateImageService, settled } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 50 });

const prefix = () => `arn:aws:apprunner:${ctx.emulator.region}:${ctx.emulator.accountId}`;

async function create(name: string, extra: Partial<CreateServiceCommandInput>) {
  const { Service: service } = await ctx.aws.apprunner.send(
    new CreateServiceCommand({ ...privateImageService(ctx.emulator, name), ...extra }),
  );
  return service;
}

describe('auto scaling configurations', () => {
  it("gives a service AWS's DefaultConfiguration revision 1 when it names none", async () => {
    const service = await create('default-scaling', {});
    expect(service?.AutoScalingConfigurationSummary).toEqual({
      AutoScalingConfigurationArn: `${prefix()}:autoscalingconfiguration/DefaultConfiguration/1/${'0'.repeat(31)}1`,
      AutoScalingConfigurationName: 'DefaultConfiguration',
      AutoScalingConfigurationRevision: 1,
      Status: 'ACTIVE',
      CreatedAt: expect.any(Date),
      HasAssociatedService: true,
      IsDefault: true,
    });
  });

  it('resolves a name to its latest revision, name/revision to that one, and a full ARN to itself', async () => {
    const first = ctx.emulator.seedAutoScalingConfiguration('high-availability');
    const second = ctx.emulator.seedAutoScalingConfiguration('high-availability');
    expect([first.revision, second.revision]).toEqual([1, 2]);
    expect(second.arn).toMatch(/:autoscalingconfiguration\/high-availability\/2\/[0-9a-f]{32}$/);
    const byName = await create('by-name', {
      AutoScalingConfigurationArn: `${prefix()}:autoscalingconfiguration/high-availability`,
    });
    expect(byName?.AutoScalingConfigurationSummary).toMatchObject({
      AutoScalingConfigurationArn: second.arn,
      AutoScalingConfigurationRevision: 2,
      IsDefault: false,
    });
    const byRevision = await create('by-revision', {
      AutoScalingConfigurationArn: `${prefix()}:autoscalingconfiguration/high-availability/1`,
    });
    expect(byRevision?.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn).toBe(first.arn);
    const byArn = await create('by-arn', { AutoScalingConfigurationArn: first.arn });
    expect(byArn?.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn).toBe(first.arn);
  });

  it('refuses one that does not exist, on create and on update, and changes nothing', async () => {
    const seeded = await create('scaled', {});
    const ghost = `${prefix()}:autoscalingconfiguration/high-availability/1/${'a'.repeat(32)}`;
    ctx.emulator.seedAutoScalingConfiguration('high-availability');
    const attempts = [
      ctx.aws.apprunner.send(
        new CreateServiceCommand({
          ...privateImageService(ctx.emulator, 'ghostly'),
          AutoScalingConfigurationArn: ghost,
        }),
      ),
      ctx.aws.apprunner.send(
        new UpdateServiceCommand({ ServiceArn: seeded?.ServiceArn, AutoScalingConfigurationArn: ghost }),
      ),
    ];
    for (const attempt of attempts) {
      await expect(attempt).rejects.toBeInstanceOf(InvalidRequestException);
      await expect(attempt).rejects.toThrow(
        `The auto scaling configuration you specified doesn't exist. ARN: '${ghost}'`,
      );
    }
    expect(ctx.emulator.service('ghostly')).toBeUndefined();
    const after = await settled(ctx.aws.apprunner, seeded?.ServiceArn as string);
    expect(after.AutoScalingConfigurationSummary?.AutoScalingConfigurationName).toBe('DefaultConfiguration');
  });

  it('switches a service to another configuration on update', async () => {
    const seeded = await create('switcher', {});
    await settled(ctx.aws.apprunner, seeded?.ServiceArn as string);
    const small = ctx.emulator.seedAutoScalingConfiguration('small-fleet');
    await ctx.aws.apprunner.send(
      new UpdateServiceCommand({
        ServiceArn: seeded?.ServiceArn,
        AutoScalingConfigurationArn: `${prefix()}:autoscalingconfiguration/small-fleet`,
      }),
    );
    const after = await settled(ctx.aws.apprunner, seeded?.ServiceArn as string);
    expect(after.AutoScalingConfigurationSummary).toMatchObject({
      AutoScalingConfigurationArn: small.arn,
      AutoScalingConfigurationName: 'small-fleet',
      AutoScalingConfigurationRevision: 1,
    });
  });
});

describe('observability configurations', () => {
  it("takes AWS's DefaultConfiguration and seeded ones by name, and reports the full ARN", async () => {
    const tracing = ctx.emulator.seedObservabilityConfiguration('xray-tracing');
    const named = await create('traced', {
      ObservabilityConfiguration: {
        ObservabilityEnabled: true,
        ObservabilityConfigurationArn: `${prefix()}:observabilityconfiguration/xray-tracing`,
      },
    });
    expect(named?.ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: tracing.arn,
    });
    const managed = await create('traced-default', {
      ObservabilityConfiguration: {
        ObservabilityEnabled: true,
        ObservabilityConfigurationArn: `${prefix()}:observabilityconfiguration/DefaultConfiguration/1`,
      },
    });
    expect(managed?.ObservabilityConfiguration?.ObservabilityConfigurationArn).toBe(
      `${prefix()}:observabilityconfiguration/DefaultConfiguration/1/${'0'.repeat(31)}1`,
    );
  });

  it('refuses a configuration name AWS would not take', () => {
    expect(() => ctx.emulator.seedObservabilityConfiguration('x')).toThrow(/length greater than or equal to 4/);
  });
});
