import { beforeEach, describe, expect, it as jestIt } from '@jest/globals';
import {
  CreateAutoScalingConfigurationCommand,
  CreateObservabilityConfigurationCommand,
  CreateServiceCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeObservabilityConfigurationCommand,
  ListAutoScalingConfigurationsCommand,
  ListObservabilityConfigurationsCommand,
  ServiceQuotaExceededException,
  UpdateServiceCommand,
  type AutoScalingConfiguration,
  type AutoScalingConfigurationSummary,
  type ObservabilityConfiguration,
} from '@aws-sdk/client-apprunner';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { runningService } from '../unit/fixtures.ts';
import { quietIt } from '../e2e/support/quiet.ts';
import { givenService } from './harness.ts';
import { IMAGE_INPUTS, sent, setUp } from './apprunner-support.ts';

const it = quietIt(jestIt);
const { mocks, reset, run } = setUp();
beforeEach(reset);

const PREFIX = 'arn:aws:apprunner:eu-west-1:123456789012';
const scalingArn = (name: string, revision: number) =>
  `${PREFIX}:autoscalingconfiguration/${name}/${revision}/${'a'.repeat(31)}${revision}`;
const observabilityArn = (name: string, revision: number) =>
  `${PREFIX}:observabilityconfiguration/${name}/${revision}/${'b'.repeat(31)}${revision}`;
const DEFAULT_SCALING = scalingArn('DefaultConfiguration', 1);
const SCALING = { ...IMAGE_INPUTS, 'min-instances': '2', 'max-instances': '5' };

/** Revisions of auto scaling configurations, as List (summaries) and Describe (values) answer them. */
function givenScaling(revisions: (AutoScalingConfiguration & { HasAssociatedService?: boolean })[]) {
  const summary = (r: (typeof revisions)[number]): AutoScalingConfigurationSummary => ({
    AutoScalingConfigurationArn: r.AutoScalingConfigurationArn,
    AutoScalingConfigurationName: r.AutoScalingConfigurationName,
    AutoScalingConfigurationRevision: r.AutoScalingConfigurationRevision,
    Status: r.Status,
    HasAssociatedService: r.HasAssociatedService,
    IsDefault: r.IsDefault,
  });
  mocks.apprunner.on(ListAutoScalingConfigurationsCommand).callsFake((input) => ({
    AutoScalingConfigurationSummaryList: revisions
      .filter(
        (r) =>
          !input.AutoScalingConfigurationName || r.AutoScalingConfigurationName === input.AutoScalingConfigurationName,
      )
      .map(summary),
  }));
  mocks.apprunner.on(DescribeAutoScalingConfigurationCommand).callsFake((input) => ({
    AutoScalingConfiguration: revisions.find(
      (r) => r.AutoScalingConfigurationArn === input.AutoScalingConfigurationArn,
    ),
  }));
}

const revision = (name: string, number: number, values: [number, number, number], extra: object = {}) => ({
  AutoScalingConfigurationArn: scalingArn(name, number),
  AutoScalingConfigurationName: name,
  AutoScalingConfigurationRevision: number,
  Status: 'ACTIVE' as const,
  MinSize: values[0],
  MaxSize: values[1],
  MaxConcurrency: values[2],
  ...extra,
});

const updateInput = () => mocks.apprunner.commandCalls(UpdateServiceCommand)[0]?.args[0].input;
const described = () =>
  mocks.apprunner
    .commandCalls(DescribeAutoScalingConfigurationCommand)
    .map((c) => c.args[0].input.AutoScalingConfigurationArn);

describe('auto scaling by its values', () => {
  const current = runningService({ AutoScalingConfigurationSummary: { AutoScalingConfigurationArn: DEFAULT_SCALING } });

  it('reuses the newest ACTIVE revision with exactly those values, creating nothing', async () => {
    givenService(mocks.apprunner, { now: current });
    givenScaling([
      revision('web-app', 1, [2, 5, 100]),
      revision('web-app', 2, [2, 5, 100], { Status: 'INACTIVE' }),
      revision('web-app', 3, [2, 5, 50]),
    ]);
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: current, OperationId: 'op-new' });
    const { error, mutating, outcome } = await run(SCALING);
    expect(error).toBeUndefined();
    expect(mocks.apprunner.commandCalls(ListAutoScalingConfigurationsCommand)[0].args[0].input).toMatchObject({
      AutoScalingConfigurationName: 'web-app',
      LatestOnly: false,
    });
    // Newest first, the INACTIVE one never read: revision 3 differs (concurrency), revision 1 matches.
    expect(described()).toEqual([scalingArn('web-app', 3), scalingArn('web-app', 1)]);
    expect(mocks.apprunner.commandCalls(CreateAutoScalingConfigurationCommand)).toHaveLength(0);
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(updateInput()?.AutoScalingConfigurationArn).toBe(scalingArn('web-app', 1));
    expect(outcome.result).toBe('update succeeded');
  });

  it('creates a new revision only once every check has passed, then updates the service with it', async () => {
    givenService(mocks.apprunner, { now: current });
    givenScaling([revision('web-app', 1, [1, 25, 100])]);
    mocks.ecr.on(DescribeImagesCommand).rejects(Object.assign(new Error('no'), { name: 'ImageNotFoundException' }));
    const refused = await run({ ...SCALING, 'auto-scaling-config-name': 'web-scale' });
    expect(refused.error?.message).toContain('Preflight found 1 problem(s); nothing was changed');
    expect(mocks.apprunner.commandCalls(CreateAutoScalingConfigurationCommand)).toHaveLength(0);

    mocks.apprunner.resetHistory();
    mocks.ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{}] });
    const dry = await run({ ...SCALING, 'auto-scaling-config-name': 'web-scale', 'dry-run': 'true' });
    expect(dry.outcome.diff).toContain('(new revision of web-scale)');
    expect(sent(mocks.apprunner)).not.toContain('CreateAutoScalingConfiguration');

    const created = revision('web-scale', 1, [2, 5, 100]);
    mocks.apprunner.on(CreateAutoScalingConfigurationCommand).resolves({ AutoScalingConfiguration: created });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: current, OperationId: 'op-new' });
    const { error } = await run({ ...SCALING, 'auto-scaling-config-name': 'web-scale' });
    expect(error).toBeUndefined();
    expect(mocks.apprunner.commandCalls(CreateAutoScalingConfigurationCommand)[0].args[0].input).toEqual({
      AutoScalingConfigurationName: 'web-scale',
      MinSize: 2,
      MaxSize: 5,
      MaxConcurrency: 100,
    });
    const order = sent(mocks.apprunner);
    expect(order.indexOf('CreateAutoScalingConfiguration')).toBeLessThan(order.indexOf('UpdateService'));
    expect(updateInput()?.AutoScalingConfigurationArn).toBe(created.AutoScalingConfigurationArn);
  });

  it('changes and creates nothing on a rerun: the service already uses the matching revision', async () => {
    givenService(mocks.apprunner, {
      now: runningService({
        AutoScalingConfigurationSummary: { AutoScalingConfigurationArn: scalingArn('web-app', 4) },
      }),
    });
    givenScaling([revision('web-app', 4, [2, 5, 100])]);
    const { error, mutating, outcome } = await run(SCALING);
    expect(error).toBeUndefined();
    expect(mutating).toEqual([]);
    expect(sent(mocks.apprunner)).not.toContain('CreateAutoScalingConfiguration');
    expect(outcome.result).toBe('no change');
  });

  it.each([
    [true, `Revisions no service uses, which could be deleted`],
    [false, 'Every revision is in use or the default'],
  ])('names the quota and the unused revisions when App Runner refuses a new one (unused: %s)', async (any, words) => {
    givenService(mocks.apprunner, { now: current });
    givenScaling([
      revision('web-app', 1, [1, 25, 100], { HasAssociatedService: true }),
      revision('old-app', 1, [1, 2, 10], { HasAssociatedService: !any }),
      revision('DefaultConfiguration', 1, [1, 25, 100], { IsDefault: true, HasAssociatedService: false }),
    ]);
    mocks.apprunner
      .on(CreateAutoScalingConfigurationCommand)
      .rejects(new ServiceQuotaExceededException({ message: 'You have reached the limit', $metadata: {} }));
    const { error, mutating } = await run(SCALING);
    expect(error?.message).toContain(
      'App Runner refused a new revision of auto scaling configuration web-app (min 2, max 5, concurrency 100): ' +
        'the account quota on auto scaling configurations (10 names, 5 revisions a name, per region) is reached (You have reached the limit).',
    );
    expect(error?.message).toContain(words);
    expect(error?.message.includes(scalingArn('old-app', 1))).toBe(any);
    expect(error?.message).not.toContain(scalingArn('web-app', 1));
    expect(error?.message).not.toContain(DEFAULT_SCALING);
    expect(mutating).toEqual([]);
  });

  it('lets any other refusal through as it is', async () => {
    givenService(mocks.apprunner, { now: current });
    givenScaling([]);
    mocks.apprunner
      .on(CreateAutoScalingConfigurationCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    expect((await run(SCALING)).error?.message).toBe('not allowed');
    mocks.apprunner.on(CreateAutoScalingConfigurationCommand).resolves({ AutoScalingConfiguration: {} });
    expect((await run(SCALING)).error?.message).toBe('CreateAutoScalingConfiguration answered no ARN for web-app.');
  });
});

describe('tracing', () => {
  const XRAY = { ...IMAGE_INPUTS, tracing: 'xray' };

  function givenObservability(configurations: ObservabilityConfiguration[]) {
    mocks.apprunner.on(ListObservabilityConfigurationsCommand).resolves({
      ObservabilityConfigurationSummaryList: [
        { ObservabilityConfigurationName: 'web-app-xray', ObservabilityConfigurationRevision: 9 },
        ...configurations.map((c) => ({
          ObservabilityConfigurationArn: c.ObservabilityConfigurationArn,
          ObservabilityConfigurationName: c.ObservabilityConfigurationName,
          ObservabilityConfigurationRevision: c.ObservabilityConfigurationRevision,
        })),
      ],
    });
    mocks.apprunner.on(DescribeObservabilityConfigurationCommand).callsFake((input) => ({
      ObservabilityConfiguration: configurations.find(
        (c) => c.ObservabilityConfigurationArn === input.ObservabilityConfigurationArn,
      ),
    }));
  }
  const observability = (revision: number, extra: Partial<ObservabilityConfiguration> = {}) => ({
    ObservabilityConfigurationArn: observabilityArn('web-app-xray', revision),
    ObservabilityConfigurationName: 'web-app-xray',
    ObservabilityConfigurationRevision: revision,
    Status: 'ACTIVE' as const,
    TraceConfiguration: { Vendor: 'AWSXRAY' as const },
    ...extra,
  });
  const tracedBy = (arn: string) =>
    runningService({ ObservabilityConfiguration: { ObservabilityEnabled: true, ObservabilityConfigurationArn: arn } });

  it('finds the newest X-Ray revision of its name when the service traces with something else', async () => {
    const other = observabilityArn('theirs', 1);
    givenService(mocks.apprunner, { now: tracedBy(other) });
    givenObservability([
      { ObservabilityConfigurationArn: other, Status: 'ACTIVE' },
      observability(1),
      observability(2, { Status: 'INACTIVE' }),
    ]);
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error, mutating } = await run(XRAY);
    expect(error).toBeUndefined();
    expect(mocks.apprunner.commandCalls(ListObservabilityConfigurationsCommand)[0].args[0].input).toMatchObject({
      ObservabilityConfigurationName: 'web-app-xray',
    });
    expect(sent(mocks.apprunner)).not.toContain('CreateObservabilityConfiguration');
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(updateInput()?.ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: observabilityArn('web-app-xray', 1),
    });
  });

  it('creates an X-Ray configuration for a new service, and none again once the service has it', async () => {
    // Another service is there: the one named is created.
    givenService(mocks.apprunner, { now: runningService() });
    givenObservability([]);
    const created = observability(1);
    mocks.apprunner.on(CreateObservabilityConfigurationCommand).resolves({ ObservabilityConfiguration: created });
    mocks.apprunner.on(CreateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    expect((await run({ ...XRAY, service: 'a-service-name-of-forty-characters-long' })).error).toBeUndefined();
    expect(mocks.apprunner.commandCalls(CreateObservabilityConfigurationCommand)[0].args[0].input).toEqual({
      ObservabilityConfigurationName: 'a-service-name-of-forty-cha-xray',
      TraceConfiguration: { Vendor: 'AWSXRAY' },
    });
    const order = sent(mocks.apprunner);
    expect(order.indexOf('CreateObservabilityConfiguration')).toBeLessThan(order.indexOf('CreateService'));
    expect(mocks.apprunner.commandCalls(CreateServiceCommand)[0].args[0].input.ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: created.ObservabilityConfigurationArn,
    });

    reset();
    givenService(mocks.apprunner, { now: tracedBy(created.ObservabilityConfigurationArn) });
    givenObservability([created]);
    const rerun = await run(XRAY);
    expect(rerun.mutating).toEqual([]);
    expect(rerun.outcome.result).toBe('no change');
    expect(sent(mocks.apprunner)).not.toContain('ListObservabilityConfigurations');
  });

  it('says what to delete when the quota refuses a new configuration', async () => {
    givenService(mocks.apprunner, { now: runningService() });
    givenObservability([]);
    mocks.apprunner
      .on(CreateObservabilityConfigurationCommand)
      .rejects(new ServiceQuotaExceededException({ message: 'limit reached', $metadata: {} }));
    const { error, mutating } = await run(XRAY);
    expect(error?.message).toContain(
      'App Runner refused observability configuration web-app-xray: the account quota on observability configurations is reached (limit reached).',
    );
    expect(error?.message).toContain('set `observability-config-arn` to an existing one');
    expect(mutating).toEqual([]);
  });

  it('turns observability off with tracing: off, and leaves it off on a rerun', async () => {
    givenService(mocks.apprunner, { now: tracedBy(observabilityArn('web-app-xray', 1)) });
    mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-new' });
    const { error, mutating } = await run({ ...IMAGE_INPUTS, tracing: 'off' });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(updateInput()?.ObservabilityConfiguration).toEqual({ ObservabilityEnabled: false });
    expect(sent(mocks.apprunner).filter((name) => name.includes('Observability'))).toEqual([]);

    reset();
    givenService(mocks.apprunner, { now: runningService() });
    expect((await run({ ...IMAGE_INPUTS, tracing: 'off' })).mutating).toEqual([]);
  });
});
