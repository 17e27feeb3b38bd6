import type { AppRunnerClient, OperationSummary } from '@aws-sdk/client-apprunner';
import { findOperation } from './aws/operations.js';

export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED']);

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

export interface WaitResult {
  operation?: OperationSummary;
  status: string;
  timedOut: boolean;
  elapsedMs: number;
  timeline: TimelineEntry[];
}

export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** Follows one operation until it ends or the timeout passes, calling `onChange` when its status changes. */
export async function waitForOperation(options: {
  client: AppRunnerClient;
  serviceArn: string;
  operationId: string;
  timeoutMs: number;
  clock?: Clock;
  onChange?: (entry: TimelineEntry) => void;
  onTransientError?: (error: Error) => void;
}): Promise<WaitResult> {
  const clock = options.clock ?? realClock;
  const start = clock.now();
  const timeline: TimelineEntry[] = [];
  let operation: OperationSummary | undefined;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const left = options.timeoutMs - (clock.now() - start);
      operation = await findOperation(options.client, {
        ...options,
        abortSignal: AbortSignal.timeout(Math.max(left, 1000)),
      });
    } catch (error) {
      if ((error as Error).name === 'AbortError') {
        const status = operation?.Status ?? 'PENDING';
        return { operation, status, timedOut: true, elapsedMs: clock.now() - start, timeline };
      }
      // The SDK already retried this poll with backoff; a longer burst of throttling or 5xx must not fail a deploy
      // that goes on in AWS. Anything else (no permission, unknown service) is not going to pass.
      if (!isTransient(error) || clock.now() - start >= options.timeoutMs) throw error;
      options.onTransientError?.(error as Error);
    }
    const status = operation?.Status ?? 'PENDING';
    const elapsedMs = clock.now() - start;
    if (timeline.at(-1)?.status !== status) {
      const entry = { status, elapsedMs };
      timeline.push(entry);
      options.onChange?.(entry);
    }
    if (TERMINAL.has(status)) return { operation, status, timedOut: false, elapsedMs, timeline };
    const remaining = options.timeoutMs - elapsedMs;
    if (remaining <= 0) return { operation, status, timedOut: true, elapsedMs, timeline };
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
