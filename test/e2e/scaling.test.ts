import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  mutatingOperations,
  seededImage,
  seedRunningService,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness({ operationMs: 300 });

function inputs(name: string, extra: Record<string, string> = {}): Record<string, string> {
  const { emulator } = harness;
  return { service: name, image: seededImage(emulator, name, 'v1'), 'access-role-arn': accessRole(emulator), ...extra };
}

/** Runs the action and answers its result with the calls that run made. */
async function run(given: Record<string, string>) {
  const before = harness.emulator.calls().length;
  const result = await harness.run(given);
  return { ...result, calls: harness.emulator.calls().slice(before) };
}

const scalingOf = (name: string) =>
  harness.emulator.service(name)?.description.AutoScalingConfigurationSummary as
    { AutoScalingConfigurationArn?: string } | undefined;

describe('auto scaling from min-instances, max-instances and max-concurrency', () => {
  it('creates a revision named after the service, and a rerun with the same values creates nothing', async () => {
    const { emulator } = harness;
    const given = inputs('scaled-web', { 'min-instances': '2', 'max-instances': '5', 'max-concurrency': '80' });
    const first = await run(given);

    expectSuccess(first);
    expect(mutatingOperations(first.calls)).toEqual(['CreateAutoScalingConfiguration', 'CreateService']);
    expect(scalingOf('scaled-web')).toMatchObject({
      AutoScalingConfigurationName: 'scaled-web',
      AutoScalingConfigurationRevision: 1,
    });
    expect(first.stdout).toContain('Auto scaling: creating a revision of scaled-web (min 2, max 5, concurrency 80).');
    // The draft plan (before anything is created) names the revision to come; the real one names its ARN.
    expect(first.stdout).toMatch(
      /auto-scaling-config-arn: arn:aws:apprunner:.*autoscalingconfiguration\/scaled-web\/1\//,
    );

    const rerun = await run(given);
    expectSuccess(rerun);
    expect(mutatingOperations(rerun.calls)).toEqual([]);
    expect(rerun.stdout).toContain('Auto scaling: using scaled-web revision 1 (min 2, max 5, concurrency 80).');
    expect(emulator.calls().filter((call) => call.operation === 'CreateAutoScalingConfiguration')).toHaveLength(1);
    expectNoLeaks(rerun);
  });

  it('creates a new revision when a value changes and moves the service to it', async () => {
    const { emulator } = harness;
    seedRunningService(emulator, 'rescaled');
    const first = emulator.seedAutoScalingConfiguration('rescaled', { minSize: 1, maxSize: 3, maxConcurrency: 100 });
    const result = await run(inputs('rescaled', { image: '', 'max-instances': '6' }));

    expectSuccess(result);
    expect(mutatingOperations(result.calls)).toEqual(['CreateAutoScalingConfiguration', 'UpdateService']);
    expect(scalingOf('rescaled')).toMatchObject({ AutoScalingConfigurationRevision: 2 });
    expect(scalingOf('rescaled')?.AutoScalingConfigurationArn).not.toBe(first.arn);
  });

  it('reuses a revision of a given name that has exactly the values, wherever it came from', async () => {
    const { emulator } = harness;
    emulator.seedAutoScalingConfiguration('high-availability', { minSize: 3, maxSize: 10, maxConcurrency: 100 });
    const wanted = emulator.seedAutoScalingConfiguration('high-availability', { minSize: 3, maxSize: 12 });
    const result = await run(
      inputs('ha-web', {
        'auto-scaling-config-name': 'high-availability',
        'min-instances': '3',
        'max-instances': '12',
      }),
    );

    expectSuccess(result);
    expect(mutatingOperations(result.calls)).toEqual(['CreateService']);
    expect(scalingOf('ha-web')?.AutoScalingConfigurationArn).toBe(wanted.arn);
  });

  it('names the quota and the revisions no service uses when AWS refuses a new one, and changes nothing', async () => {
    const { emulator } = harness;
    const unused = Array.from({ length: 10 }, (_, index) => emulator.seedAutoScalingConfiguration(`team-${index}`));
    // The default configuration is one of the ten names here: it must not be offered for deletion.
    const result = await run(inputs('quota-web', { 'min-instances': '2' }));

    expectFailure(
      result,
      'the account quota on auto scaling configurations (10 names, 5 revisions a name, per region) is reached',
    );
    const error = result.errors[0];
    for (const revision of unused.slice(0, 9)) expect(error).toContain(revision.arn);
    expect(error).not.toContain('DefaultConfiguration');
    expect(error).toContain('The service was not changed.');
    expect(mutatingOperations(result.calls)).toEqual(['CreateAutoScalingConfiguration']);
    expect(emulator.service('quota-web')).toBeUndefined();
    expect(result.summary).toContain('quota');
  });
});

describe('tracing', () => {
  it('xray creates <service>-xray and attaches it; a rerun creates nothing; off detaches it', async () => {
    const { emulator } = harness;
    const given = inputs('traced-web', { tracing: 'xray' });
    const first = await run(given);

    expectSuccess(first);
    expect(mutatingOperations(first.calls)).toEqual(['CreateObservabilityConfiguration', 'CreateService']);
    const observability = emulator.service('traced-web')?.description.ObservabilityConfiguration;
    expect(observability).toEqual({
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: expect.stringMatching(/:observabilityconfiguration\/traced-web-xray\/1\//),
    });

    const rerun = await run(given);
    expectSuccess(rerun);
    expect(mutatingOperations(rerun.calls)).toEqual([]);

    const off = await run({ ...given, tracing: 'off' });
    expectSuccess(off);
    expect(mutatingOperations(off.calls)).toEqual(['UpdateService']);
    expect(emulator.service('traced-web')?.description.ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: false,
    });
  });

  it('says what to do when the quota on observability configurations is reached, changing nothing', async () => {
    const { emulator } = harness;
    for (let index = 0; index < 10; index += 1) emulator.seedObservabilityConfiguration(`team-${index}`);
    const result = await run(inputs('quota-traced', { tracing: 'xray' }));

    expectFailure(result, 'the account quota on observability configurations is reached');
    expect(result.errors[0]).toContain('`observability-config-arn`');
    expect(mutatingOperations(result.calls)).toEqual(['CreateObservabilityConfiguration']);
    expect(emulator.service('quota-traced')).toBeUndefined();
  });

  it('reuses an X-Ray revision of <service>-xray that exists and skips one without tracing', async () => {
    const { emulator } = harness;
    const xray = emulator.seedObservabilityConfiguration('found-web-xray', { traceVendor: 'AWSXRAY' });
    emulator.seedObservabilityConfiguration('found-web-xray');
    const result = await run(inputs('found-web', { tracing: 'xray' }));

    expectSuccess(result);
    expect(mutatingOperations(result.calls)).toEqual(['CreateService']);
    expect(emulator.service('found-web')?.description.ObservabilityConfiguration).toEqual({
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: xray.arn,
    });
  });
});
