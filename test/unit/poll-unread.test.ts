import { afterEach, describe, expect, it } from '@jest/globals';
import { realClock } from '../../src/core/clock.ts';
import { currentDeadline, startDeadline } from '../../src/core/deadline.ts';
import { describeTimeout, pollUntilEnd } from '../../src/core/poll.ts';
import { fakeClock } from './fixtures.ts';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

/** A read that never answers: it ends only when its signal aborts, as the SDK's does. */
const hang = (signal: AbortSignal) =>
  new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }))),
  );

const statusOf = (answer: string | undefined) => answer ?? 'PENDING';

afterEach(() => currentDeadline()?.cancel());

describe('pollUntilEnd when reads go unanswered', () => {
  it('tells a wait that ran out on a hung read from a real "still" status', async () => {
    let reads = 0;
    const result = await pollUntilEnd<string>({
      read: (signal) => (reads++ === 0 ? Promise.resolve('IN_PROGRESS') : hang(signal)),
      statusOf,
      isTerminal: () => false,
      timeoutMs: 1500,
      clock: realClock,
    });

    expect(result).toMatchObject({ timedOut: true, status: 'IN_PROGRESS' });
    expect(result.unread).toMatchObject({ answered: true, why: expect.stringMatching(/^a read got no answer within/) });
    expect(result.unread?.forMs).toBeGreaterThanOrEqual(900);
  });

  it('ends a wait throttled to its end with what it knows, instead of failing on the throttle', async () => {
    const result = await pollUntilEnd<string>({
      read: () => Promise.reject(throttled()),
      statusOf,
      isTerminal: () => false,
      timeoutMs: 20_000,
      clock: fakeClock(),
    });

    expect(result.timedOut).toBe(true);
    expect(result.unread).toEqual({
      forMs: result.elapsedMs,
      why: 'the last read failed: ThrottlingException: Rate exceeded',
      answered: false,
    });
  });

  it('has no unread part when the last read answered', async () => {
    const result = await pollUntilEnd<string>({
      read: () => Promise.resolve('IN_PROGRESS'),
      statusOf,
      isTerminal: () => false,
      timeoutMs: 10_000,
      clock: fakeClock(),
    });
    expect(result).toMatchObject({ timedOut: true, status: 'IN_PROGRESS' });
    expect(result.unread).toBeUndefined();
  });

  it('ends before the run deadline, leaving time to report', async () => {
    startDeadline(10);
    const result = await pollUntilEnd<string>({
      read: () => Promise.resolve('IN_PROGRESS'),
      statusOf,
      isTerminal: () => false,
      timeoutMs: 600_000,
      clock: fakeClock(),
    });
    expect(result.timedOut).toBe(true);
    // wait-timeout 10 s + the 10 s margin, less the 5 s the follow keeps to report.
    expect(result.elapsedMs).toBeLessThanOrEqual(15_000);
  });
});

describe('describeTimeout', () => {
  const followed = { name: 'Operation op-1 (update)', waitTimeoutSeconds: 60 };

  it('says "still" only from a fresh answer', () => {
    expect(describeTimeout({ status: 'IN_PROGRESS', elapsedMs: 60_000 }, followed)).toBe(
      'Operation op-1 (update) is still IN_PROGRESS after 60s.',
    );
  });

  it('says for how long and why the status could not be read', () => {
    const unread = { forMs: 42_000, why: 'a read got no answer within 30s', answered: true };
    expect(describeTimeout({ status: 'PENDING', elapsedMs: 60_000, unread }, followed)).toBe(
      'Gave up on Operation op-1 (update) after 60s: its status could not be read for the last 42s (a read got no ' +
        'answer within 30s), so whether it has ended is unknown; it was PENDING when last read.',
    );
    expect(
      describeTimeout({ status: 'PENDING', elapsedMs: 60_000, unread: { ...unread, answered: false } }, followed),
    ).toContain('no read was answered');
  });

  it('gives the time the wait lasted when the run deadline cut it short', () => {
    expect(describeTimeout({ status: 'IN_PROGRESS', elapsedMs: 35_000 }, followed)).toContain('after 35s');
  });
});
