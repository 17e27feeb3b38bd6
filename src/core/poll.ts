import { realClock, type Clock } from './clock.js';

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
}

/** Polls until the thing followed reaches an end or the timeout passes, calling `onChange` when its status changes. */
export async function pollUntilEnd<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const clock = options.clock ?? realClock;
  const start = clock.now();
  const timeline: TimelineEntry[] = [];
  let last: T | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const left = options.timeoutMs - (clock.now() - start);
      last = await options.read(AbortSignal.timeout(Math.max(left, 1000)));
    } catch (error) {
      if ((error as Error).name === 'AbortError') {
        return { last, status: options.statusOf(last), timedOut: true, elapsedMs: clock.now() - start, timeline };
      }
      // The SDK already retried this poll with backoff; a longer burst of throttling or 5xx must not fail a deploy
      // that goes on in AWS. Anything else (no permission, unknown service) is not going to pass.
      if (!isTransient(error) || clock.now() - start >= options.timeoutMs) throw error;
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
    const remaining = options.timeoutMs - elapsedMs;
    if (remaining <= 0) return { last, status, timedOut: true, elapsedMs, timeline };
    await clock.sleep(Math.min(pollDelayMs(attempt, clock.random()), remaining));
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
