import { describe, expect, it } from '@jest/globals';
import {
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  mutatingOperations,
  onceCalled,
  type CallRecord,
  seedRunningService,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

const runningService = (name: string) => seedRunningService(harness.emulator, name);

const answered = (calls: CallRecord[]) => calls.filter((call) => call.error === undefined);
const faulted = (calls: CallRecord[], operation: string) =>
  calls.filter((call) => call.operation === operation && call.fault !== undefined).map((call) => call.fault);

describe('a flaky control plane', () => {
  it('rides out throttling and 500s while it waits (faults on ListOperations)', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('flaky-wait');
    // Long enough that polls come after the second burst even when adaptive retry has slowed the first ones.
    emulator.planNextOperation('flaky-wait', { outcome: 'succeed', durationMs: 9000 });
    emulator.injectFault({ operation: 'ListOperations', kind: 'throttle', times: 2 });
    emulator.injectFault({ operation: 'ListOperations', kind: '500', times: 2 });
    // A second burst later in the wait, once the first poll has been answered.
    const cancel = onceCalled(emulator, { operation: 'ListOperations' }, () =>
      emulator.injectFault({ operation: 'ListOperations', kind: 'throttle', times: 2 }),
    );
    const result = await harness.run({ service: 'flaky-wait', image: v2 });
    cancel();

    expectSuccess(result);
    expect(faulted(emulator.calls(), 'ListOperations')).toEqual([
      'throttle',
      'throttle',
      '500',
      '500',
      'throttle',
      'throttle',
    ]);
    expect(emulator.service('flaky-wait')?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    expect(result.outputs['operation-status']).toBe('SUCCEEDED');
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expectNoLeaks(result);
  });

  it('keeps waiting through a throttling burst longer than the SDK retries of one poll', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('burst-svc');
    emulator.planNextOperation('burst-svc', { outcome: 'succeed', durationMs: 6000 });
    // Six throttles in a row: more than the 3 attempts (AWS_MAX_ATTEMPTS) the SDK client makes for one ListOperations.
    const cancel = onceCalled(emulator, { operation: 'ListOperations' }, () =>
      emulator.injectFault({ operation: 'ListOperations', kind: 'throttle', times: 6 }),
    );
    const result = await harness.run({ service: 'burst-svc', image: v2 }, { env: { AWS_MAX_ATTEMPTS: '3' } });
    cancel();

    // The deployment went on in AWS and succeeded; the action must not report a failure it did not see.
    expect(emulator.service('burst-svc')?.operations[0].status).toBe('SUCCEEDED');
    expectSuccess(result);
    expect(faulted(emulator.calls(), 'ListOperations')).toHaveLength(6);
    // The SDK gave up on a poll; the wait went on.
    expect(result.stdout).toContain('(poll failed, retrying: ThrottlingException: Rate exceeded)');
    expect(result.outputs['operation-status']).toBe('SUCCEEDED');
    expectNoLeaks(result);
  });

  it('retries a request whose connection was reset', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('reset-svc');
    emulator.injectFault({ operation: 'ListServices', kind: 'reset' });
    emulator.injectFault({ operation: 'ListOperations', kind: 'reset' });
    const result = await harness.run({ service: 'reset-svc', image: v2 });

    expectSuccess(result);
    const calls = emulator.calls();
    expect(calls.filter((call) => call.fault === 'reset').map((call) => call.operation)).toEqual([
      'ListServices',
      'ListOperations',
    ]);
    expect(mutatingOperations(answered(calls))).toEqual(['UpdateService']);
    expect(emulator.service('reset-svc')?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    expectNoLeaks(result);
  });

  it('follows an update whose answer was lost after AWS applied it (reset-after on UpdateService)', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('lost-answer');
    emulator.injectFault({ operation: 'UpdateService', kind: 'reset-after' });
    const result = await harness.run({ service: 'lost-answer', image: v2 });

    const service = emulator.service('lost-answer');
    const updates = emulator.calls().filter((call) => call.operation === 'UpdateService');
    expect(updates[0]).toMatchObject({ fault: 'reset-after', error: 'ConnectionReset' });
    // One operation, started by the first attempt; the SDK's retry found the service busy and changed nothing.
    expect(service?.operations.map((operation) => operation.type)).toEqual(['UPDATE_SERVICE']);
    expectSuccess(result);
    expect(service?.operations[0].status).toBe('SUCCEEDED');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    expect(result.outputs).toMatchObject({
      'operation-id': service?.operations[0].id,
      'operation-status': 'SUCCEEDED',
      'service-status': 'RUNNING',
    });
    expectNoLeaks(result);
  });

  it('rides out a slow answer during the wait, no longer than the delay', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('slow-svc');
    emulator.injectFault({ operation: 'ListOperations', kind: 'slow', delayMs: 1500 });
    const result = await harness.run({ service: 'slow-svc', image: v2 });

    expectSuccess(result);
    expect(faulted(emulator.calls(), 'ListOperations')).toEqual(['slow']);
    expect(result.outputs['operation-status']).toBe('SUCCEEDED');
    // The held answer costs its 1.5 s and little more: a 1 s operation, a first poll after 1 s, then done.
    expect(result.durationMs).toBeGreaterThanOrEqual(1500);
    expect(result.durationMs).toBeLessThan(10_000);
    expectNoLeaks(result);
  });

  it('ends near wait-timeout even when a poll is answered slower than that', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('hung-poll');
    emulator.planNextOperation('hung-poll', { outcome: 'never' });
    // Every poll after the update is held for 30 s: longer than the whole wait may last.
    const cancel = onceCalled(emulator, { operation: 'UpdateService' }, () =>
      emulator.injectFault({ operation: 'ListOperations', kind: 'slow', delayMs: 30_000, times: 10 }),
    );
    const result = await harness.run({ service: 'hung-poll', image: v2, 'wait-timeout': '10' });
    cancel();

    expect(result.timedOut).toBe(false);
    expect(result.durationMs).toBeLessThan(20_000);
    expectFailure(result, /after 10s/);
    expectNoLeaks(result);
  });
});
