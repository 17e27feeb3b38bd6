import { realClock, type Clock } from './clock.js';
import { FOLLOW_RESERVE_MS, msToDeadline } from './deadline.js';

/**
 * Delay before poll number `attempt` (0-based): quick at first, since short operations end within seconds, then a
 * steady ~4 s with ±15 % jitter so that many runs do not poll in step, and an ended operation is seen within 5 s.
 * Throttling and 5xx are retried inside the SDK client, not here.
 */
export function pollDelayMs(attempt: number, random: number): number {
  const ramp = [1000, 1000, 2000, 3000];
  if (attempt < ramp.length) return ramp[attempt];
  return Math.round(4000 * (0.85 + 0.3 * random));
}

export interface TimelineEntry {
  status: string;
  elapsedMs: number;
}

export interface PollResult<T> {
  /** The last answer read, if any. */
  last?: T;
  status: string;
  timedOut: boolean;
  elapsedMs: number;
  timeline: TimelineEntry[];
  /**
   * Set when the wait ran out while reads went unanswered: `status` is then only what was last read, not what the
   * thing is now. `forMs`: since the last answer (or the start); `why`: what became of the last read; `answered`:
   * whether any read was.
   */
  unread?: { forMs: number; why: string; answered: boolean };
}

export interface PollOptions<T> {
  /** One read of the thing followed; `abortSignal` bounds it, SDK retries included. */
  read: (abortSignal: AbortSignal) => Promise<T | undefined>;
  /** The status to show and compare; called with undefined before the first answer. */
  statusOf: (answer: T | undefined) => string;
  isTerminal: (answer: T | undefined) => boolean;
  timeoutMs: number;
  clock?: Clock;
  /** A status change: a line per change, not per poll. */
  onChange?: (entry: TimelineEntry, answer: T | undefined) => void;
  onTransientError?: (error: Error) => void;
  /**
   * The wait before the next read, from what the last answer says (e.g. how long a bake still lasts); default
   * `pollDelayMs`. The wait is cut to the time left before the timeout.
   */
  delayMs?: (attempt: number, answer: T | undefined, clock: Clock) => number;
}

/** Polls until the thing followed reaches an end or the timeout passes, calling `onChange` when its status changes. */
export async function pollUntilEnd<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const clock = options.clock ?? realClock;
  const start = clock.now();
  // The run's deadline comes first: the wait ends early enough for the run to report within it.
  const timeoutMs = Math.min(options.timeoutMs, msToDeadline() - FOLLOW_RESERVE_MS);
  const timeline: TimelineEntry[] = [];
  let last: T | undefined;
  let answeredAt: number | undefined;
  const stale = (why: string): PollResult<T> => {
    const elapsedMs = clock.now() - start;
    const unread = { forMs: elapsedMs - (answeredAt ?? 0), why, answered: answeredAt !== undefined };
    return { last, status: options.statusOf(last), timedOut: true, elapsedMs, timeline, unread };
  };
  for (let attempt = 0; ; attempt += 1) {
    const left = timeoutMs - (clock.now() - start);
    try {
      last = await options.read(AbortSignal.timeout(Math.max(left, 1000)));
      answeredAt = clock.now() - start;
    } catch (error) {
      if ((error as Error).name === 'AbortError') return stale(`a read got no answer within ${formatElapsed(left)}`);
      // The SDK already retried this poll with backoff; a longer burst of throttling or 5xx must not fail a deploy
      // that goes on in AWS. Anything else (no permission, unknown service) is not going to pass.
      if (!isTransient(error)) throw error;
      const { name, message } = error as Error;
      if (clock.now() - start >= timeoutMs) return stale(`the last read failed: ${name}: ${message}`);
      options.onTransientError?.(error as Error);
    }
    const status = options.statusOf(last);
    const elapsedMs = clock.now() - start;
    if (timeline.at(-1)?.status !== status) {
      const entry = { status, elapsedMs };
      timeline.push(entry);
      options.onChange?.(entry, last);
    }
    if (options.isTerminal(last)) return { last, status, timedOut: false, elapsedMs, timeline };
    const remaining = timeoutMs - elapsedMs;
    if (remaining <= 0) return { last, status, timedOut: true, elapsedMs, timeline };
    const delay = options.delayMs ? options.delayMs(attempt, last, clock) : pollDelayMs(attempt, clock.random());
    await clock.sleep(Math.min(delay, remaining));
  }
}

/** Throttling, 5xx and network faults: what the SDK itself treats as retryable. */
export function isTransient(error: unknown): boolean {
  const { name, $metadata, $retryable, code } = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    code?: string;
  };
  if ($retryable || /Throttl|TooManyRequests|RequestLimitExceeded/.test(name ?? '')) return true;
  if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  return (
    ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code ?? '') || name === 'TimeoutError'
  );
}

export function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/**
 * How a wait that ran out ended, in words: a real "still IN_PROGRESS", or that the status could not be read for a
 * while and why (the thing followed may well have ended: a status last read long ago is no "still").
 */
export function describeTimeout(
  result: Pick<PollResult<unknown>, 'status' | 'elapsedMs' | 'unread'>,
  followed: { name: string; waitTimeoutSeconds: number },
): string {
  // Cut short by the run's deadline, the wait lasted less than wait-timeout: say how long it did.
  const short = result.elapsedMs < followed.waitTimeoutSeconds * 1000 - 1000;
  const after = short ? formatElapsed(result.elapsedMs) : `${followed.waitTimeoutSeconds}s`;
  if (!result.unread) return `${followed.name} is still ${result.status} after ${after}.`;
  const seen = result.unread.answered ? `it was ${result.status} when last read` : 'no read was answered';
  return (
    `Gave up on ${followed.name} after ${after}: its status could not be read for the last ` +
    `${formatElapsed(result.unread.forMs)} (${result.unread.why}), so whether it has ended is unknown; ${seen}.`
  );
}
