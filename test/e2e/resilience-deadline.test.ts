import { describe, expect, it } from '@jest/globals';
import {
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  mutatingOperations,
  onceCalled,
  seedRunningService,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

/** An endpoint that accepts the connection and never answers (held for longer than any test lasts). */
const SILENT = { kind: 'slow', delayMs: 10 * 60_000 } as const;

describe('an endpoint that never answers', () => {
  it('ends the run by wait-timeout + 10 s, naming the call left unanswered and its endpoint', async () => {
    const { emulator } = harness;
    const { v2 } = seedRunningService(emulator, 'silent-svc');
    emulator.injectFault({ operation: '*', service: 'apprunner', ...SILENT, times: 1000 });
    const result = await harness.run({ service: 'silent-svc', image: v2, 'wait-timeout': '10' });

    // A correctness bound, not a speed target: without a deadline the run waits until the job is killed.
    expect(result.timedOut).toBe(false);
    expect(result.durationMs).toBeLessThan(25_000);
    expectFailure(result, /did not end within wait-timeout \(10s\)/);
    expect(result.errors[0]).toMatch(/App Runner [A-Z]\w+ to http:\/\/127\.0\.0\.1:\d+ \(from AWS_ENDPOINT_URL\)/);
    expect(result.errors[0]).toContain('raise `wait-timeout`');
    expect(mutatingOperations(emulator.calls())).toEqual([]);
    expectNoLeaks(result);
  });

  it('cuts a request left unanswered after 30 s and retries it', async () => {
    const { emulator } = harness;
    const { v2 } = seedRunningService(emulator, 'held-once');
    emulator.injectFault({ operation: 'ListServices', service: 'apprunner', ...SILENT });
    const result = await harness.run({ service: 'held-once', image: v2 }, { timeoutMs: 55_000 });

    expectSuccess(result);
    const listings = emulator.calls().filter((call) => call.operation === 'ListServices');
    expect(listings.map((call) => call.fault)).toEqual(['slow', undefined]);
    // The retry went out once the SDK gave up on the first request: 30 s, not the 10 minutes it was held.
    expect(listings[1].at - listings[0].at).toBeGreaterThanOrEqual(29_000);
    expect(listings[1].at - listings[0].at).toBeLessThan(40_000);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expectNoLeaks(result);
  }, 60_000);
});

describe('a wait whose polls go unanswered', () => {
  it('says the status could not be read, not that the operation is still PENDING', async () => {
    const { emulator } = harness;
    const { v2 } = seedRunningService(emulator, 'unread-svc');
    // The operation succeeds within a second; every poll of it is held past the wait.
    const cancel = onceCalled(emulator, { operation: 'UpdateService' }, () =>
      emulator.injectFault({ operation: 'ListOperations', kind: 'slow', delayMs: 30_000, times: 10 }),
    );
    const result = await harness.run({ service: 'unread-svc', image: v2, 'wait-timeout': '10' });
    cancel();

    expect(emulator.service('unread-svc')?.operations[0].status).toBe('SUCCEEDED');
    expectFailure(result, /status could not be read for the last \d+s \(a read got no answer within \d+s\)/);
    expect(result.errors[0]).not.toMatch(/still (PENDING|IN_PROGRESS)/);
    // Whether the first poll slipped in before the fault or not, the line says what it last knew.
    expect(result.errors[0]).toMatch(/no read was answered|it was (PENDING|IN_PROGRESS) when last read/);
    expect(result.errors[0]).toContain('after 10s');
    expect(result.durationMs).toBeLessThan(25_000);
    expectNoLeaks(result);
  });
});
