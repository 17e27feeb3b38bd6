import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  imageConfig,
  mutating,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

type Settled = 'CREATE_FAILED' | 'PAUSED' | 'DELETE_FAILED' | 'RUNNING';

function seed(name: string, status: Settled = 'RUNNING') {
  const { emulator } = harness;
  const v1 = seededImage(emulator, name, 'v1');
  const v2 = seededImage(emulator, name, 'v2');
  const seeded = emulator.seedService({ name, status, config: imageConfig(emulator, { image: v1 }) });
  return { v1, v2, seeded };
}

describe('services that are not simply RUNNING', () => {
  it.each([
    ['CREATE_FAILED', 'on-create-failed: update'],
    ['PAUSED', 'on-paused: resume'],
    ['DELETE_FAILED', 'delete it again'],
  ] as const)('refuses a %s service at once, changing nothing', async (status, advice) => {
    const { emulator } = harness;
    const name = `refuse-${status.toLowerCase().replace('_', '-')}`;
    const { v2 } = seed(name, status);
    const result = await harness.run({ service: name, image: v2 });

    expectFailure(result, `Service \`${name}\` is ${status}`);
    expect(result.errors[0]).toContain('Nothing was changed.');
    expect(result.errors[0]).toContain(advice);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.service(name)?.status).toBe(status);
    expect(result.outputs['service-status']).toBe(status);
    expect(result.durationMs).toBeLessThan(10_000);
    expectNoLeaks(result);
  });

  it('rebuilds a CREATE_FAILED service in place with on-create-failed: update', async () => {
    const { emulator } = harness;
    const { v2, seeded } = seed('rebuild-svc', 'CREATE_FAILED');
    const result = await harness.run({ service: 'rebuild-svc', image: v2, 'on-create-failed': 'update' });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    const service = emulator.service('rebuild-svc');
    expect(service?.arn).toBe(seeded.arn);
    expect(service?.status).toBe('RUNNING');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    expect(result.outputs['service-arn']).toBe(seeded.arn);
    expectNoLeaks(result);
  });

  it('rebuilds a CREATE_FAILED service even when the inputs match what it has', async () => {
    const { emulator } = harness;
    const { v1 } = seed('rebuild-same', 'CREATE_FAILED');
    const result = await harness.run({ service: 'rebuild-same', image: v1, 'on-create-failed': 'update' });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expect(emulator.service('rebuild-same')?.status).toBe('RUNNING');
    expectNoLeaks(result);
  });

  it('deletes and creates a CREATE_FAILED service again with on-create-failed: recreate', async () => {
    const { emulator } = harness;
    const { v2, seeded } = seed('recreate-svc', 'CREATE_FAILED');
    const result = await harness.run({
      service: 'recreate-svc',
      image: v2,
      'access-role-arn': accessRole(emulator),
      'on-create-failed': 'recreate',
    });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['DeleteService', 'CreateService']);
    const service = emulator.service('recreate-svc');
    expect(service?.arn).not.toBe(seeded.arn);
    expect(service?.status).toBe('RUNNING');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    expect(result.outputs['service-arn']).toBe(service?.arn);
    expect(result.outputs['operation-id']).toBe(service?.operations[0].id);
    expect(result.warnings.join('\n')).toContain('its ARN and URL will change');
    expectNoLeaks(result);
  });

  it('recreates with what the failed service had and the inputs do not name (its access role, merged variables)', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'recreate-keep', 'v1');
    const v2 = seededImage(emulator, 'recreate-keep', 'v2');
    emulator.seedService({
      name: 'recreate-keep',
      status: 'CREATE_FAILED',
      config: imageConfig(emulator, { image: v1, env: { KEEP_ME: 'kept' }, port: '3000' }),
    });
    // The inputs a workflow that created the service once and now only ships images would give.
    const result = await harness.run({
      service: 'recreate-keep',
      image: v2,
      'env-vars': 'ADDED=yes',
      'on-create-failed': 'recreate',
    });

    expectSuccess(result);
    const service = emulator.service('recreate-keep');
    expect(service?.config.SourceConfiguration.AuthenticationConfiguration?.AccessRoleArn).toBe(accessRole(emulator));
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageConfiguration).toMatchObject({
      Port: '3000',
      RuntimeEnvironmentVariables: { KEEP_ME: 'kept', ADDED: 'yes' },
    });
    expectNoLeaks(result);
  });

  it('resumes a PAUSED service and then deploys with on-paused: resume', async () => {
    const { emulator } = harness;
    const { v2, seeded } = seed('paused-svc', 'PAUSED');
    const result = await harness.run({ service: 'paused-svc', image: v2, 'on-paused': 'resume' });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['ResumeService', 'UpdateService']);
    const service = emulator.service('paused-svc');
    expect(service?.arn).toBe(seeded.arn);
    expect(service?.status).toBe('RUNNING');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    expect(service?.operations.map((operation) => operation.type)).toEqual(['UPDATE_SERVICE', 'RESUME_SERVICE']);
    expect(result.outputs['operation-id']).toBe(service?.operations[0].id);
    expectNoLeaks(result);
  });

  it('waits for an operation already in progress, then deploys (on-busy: wait, the default)', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'busy-svc', 'v1');
    const v2 = seededImage(emulator, 'busy-svc', 'v2');
    emulator.seedService({
      name: 'busy-svc',
      config: imageConfig(emulator, { image: v1 }),
      operation: { type: 'START_DEPLOYMENT', plan: { outcome: 'succeed', durationMs: 2000 } },
    });
    const busyId = emulator.service('busy-svc')?.operations[0].id;
    const result = await harness.run({ service: 'busy-svc', image: v2 });

    expectSuccess(result);
    expect(result.stdout).toContain(`busy with START_DEPLOYMENT ${busyId}`);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    const service = emulator.service('busy-svc');
    expect(service?.operations.map((operation) => operation.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    // The UpdateService came only after the earlier operation had ended.
    const update = emulator.calls().find((call) => call.operation === 'UpdateService');
    expect(update?.at).toBeGreaterThanOrEqual(service?.operations[1].endedAt ?? Infinity);
    expectNoLeaks(result);
  });

  it('refuses a busy service with on-busy: fail', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'busy-fail', 'v1');
    const v2 = seededImage(emulator, 'busy-fail', 'v2');
    emulator.seedService({
      name: 'busy-fail',
      config: imageConfig(emulator, { image: v1 }),
      operation: { type: 'UPDATE_SERVICE', plan: { outcome: 'never' } },
    });
    const busyId = emulator.service('busy-fail')?.operations[0].id;
    const result = await harness.run({ service: 'busy-fail', image: v2, 'on-busy': 'fail' });

    expectFailure(result, 'Service `busy-fail` is OPERATION_IN_PROGRESS');
    expect(result.errors[0]).toContain(`UPDATE_SERVICE ${busyId}, is IN_PROGRESS`);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(result.durationMs).toBeLessThan(10_000);
    expectNoLeaks(result);
  });
});
