import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectFailure,
  expectNoLeaks,
  mutatingOperations,
  seededImage,
  seedRunningService,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

const runningService = (name: string) => seedRunningService(harness.emulator, name);

describe('deployments that do not end well', () => {
  it('fails a rolled-back update, says so, and shows the service events; the old image keeps serving', async () => {
    const { emulator } = harness;
    const { v1, v2 } = runningService('rollback-svc');
    emulator.planNextOperation('rollback-svc', { outcome: 'rollback', durationMs: 3000 });
    const result = await harness.run({ service: 'rollback-svc', image: v2 });

    const service = emulator.service('rollback-svc');
    const operationId = service?.operations[0].id ?? '';
    expectFailure(result, `Operation ${operationId} (update) was rolled back`);
    expect(result.errors[0]).toContain('still serves the previous version');
    expect(service?.status).toBe('RUNNING');
    expect(service?.operations[0].status).toBe('ROLLBACK_SUCCEEDED');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v1);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expect(result.outputs).toMatchObject({
      'operation-id': operationId,
      'operation-status': 'ROLLBACK_SUCCEEDED',
      'service-status': 'RUNNING',
    });
    // The events explain the rollback, in the log and in the summary.
    expect(result.stdout).toContain("Health check failed on protocol 'TCP' [Port: '8080'].");
    expect(result.summary).toContain('Service events');
    expect(result.summary).toContain("Health check failed on protocol 'TCP'");
    expect(result.summary).toContain('ROLLBACK_IN_PROGRESS');
    expect(result.summary).toContain('❌');
    expectNoLeaks(result);
  });

  it('fails an update that ends FAILED', async () => {
    const { emulator } = harness;
    const { v1, v2 } = runningService('failed-svc');
    emulator.planNextOperation('failed-svc', { outcome: 'fail' });
    const result = await harness.run({ service: 'failed-svc', image: v2 });

    const service = emulator.service('failed-svc');
    expectFailure(result, `Operation ${service?.operations[0].id} (update) failed.`);
    expect(result.outputs['operation-status']).toBe('FAILED');
    expect(result.outputs['service-status']).toBe('RUNNING');
    expect(service?.status).toBe('RUNNING');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v1);
    // The deployment's own stream says why: its health check failed.
    expect(result.summary).toContain("Health check failed on protocol 'TCP' [Port: '8080'].");
    expectNoLeaks(result);
  });

  it('fails a create that ends CREATE_FAILED instead of reporting success', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'doomed-svc', 'v1');
    emulator.planNextOperation('doomed-svc', { outcome: 'fail' });
    const result = await harness.run({ service: 'doomed-svc', image, 'access-role-arn': accessRole(emulator) });

    const service = emulator.service('doomed-svc');
    expect(service?.status).toBe('CREATE_FAILED');
    expectFailure(result, `Operation ${service?.operations[0].id} (create) failed.`);
    expect(result.outputs).toMatchObject({
      'service-arn': service?.arn,
      'service-status': 'CREATE_FAILED',
      'operation-status': 'FAILED',
    });
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateService']);
    expect(result.summary).toContain("Health check failed on protocol 'TCP' [Port: '8080'].");
    expect(result.errors[0]).toContain('CREATE_FAILED');
    expectNoLeaks(result);
  });

  it('gives up after wait-timeout, naming the operation that goes on in AWS', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('stuck-svc');
    emulator.planNextOperation('stuck-svc', { outcome: 'never' });
    const result = await harness.run({ service: 'stuck-svc', image: v2, 'wait-timeout': '10' });

    const operationId = emulator.service('stuck-svc')?.operations[0].id ?? '';
    expectFailure(result, `Operation ${operationId} (update) is still IN_PROGRESS after 10s.`);
    expect(result.errors[0]).toContain('raise `wait-timeout`');
    expect(result.outputs).toMatchObject({ 'operation-id': operationId, 'operation-status': 'IN_PROGRESS' });
    expect(emulator.service('stuck-svc')?.status).toBe('OPERATION_IN_PROGRESS');
    // Within a poll interval or so of the timeout, not minutes later.
    expect(result.durationMs).toBeLessThan(20_000);
    expectNoLeaks(result);
  });
});
