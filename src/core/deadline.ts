/**
 * The run's deadline: `wait-timeout` after the start, plus a margin to report. Whatever AWS or a registry does (answer
 * slowly, never answer, throttle for ever), every request is aborted when it passes and the run reports why.
 * One action run is one process, so the deadline is the process's: the SDK clients' request hook and the poll loop
 * read it here rather than every call site passing it down.
 */

/** Time left after `wait-timeout` to abort what is in flight and write the report. */
export const DEADLINE_MARGIN_MS = 10_000;

/** Time the follow keeps for itself before the deadline: the last DescribeService and the events after the wait. */
export const FOLLOW_RESERVE_MS = 5_000;

export interface Deadline {
  /** Epoch ms. */
  readonly at: number;
  readonly waitTimeoutSeconds: number;
  /** Aborted when the deadline passes; its reason is a DeadlineError. */
  readonly signal: AbortSignal;
  cancel(): void;
}

export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

let current: Deadline | undefined;

/** Starts the run's deadline: `wait-timeout` + DEADLINE_MARGIN_MS from `now`. */
export function startDeadline(waitTimeoutSeconds: number, now = Date.now()): Deadline {
  const controller = new AbortController();
  const at = now + waitTimeoutSeconds * 1000 + DEADLINE_MARGIN_MS;
  const timer = setTimeout(
    () => controller.abort(new DeadlineError(`The run did not end within wait-timeout (${waitTimeoutSeconds}s) + 10s`)),
    Math.max(0, at - now),
  );
  // The deadline ends a run; it must not keep an ended one alive.
  timer.unref();
  current = {
    at,
    waitTimeoutSeconds,
    signal: controller.signal,
    cancel: () => {
      clearTimeout(timer);
      if (current?.signal === controller.signal) current = undefined;
    },
  };
  return current;
}

export function currentDeadline(): Deadline | undefined {
  return current;
}

/** Milliseconds until the deadline (Infinity without one). */
export function msToDeadline(now = Date.now()): number {
  return current ? current.at - now : Infinity;
}

/** The deadline's signal combined with the caller's own, when there are both. */
export function withDeadline(signal: AbortSignal | undefined): AbortSignal | undefined {
  const deadline = current?.signal;
  if (!deadline) return signal;
  return signal instanceof AbortSignal ? AbortSignal.any([signal, deadline]) : deadline;
}
