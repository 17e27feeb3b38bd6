import type { AppRunnerClient, OperationSummary } from '@aws-sdk/client-apprunner';
import type { Clock } from '../../core/clock.js';
import { pollUntilEnd, type PollResult, type TimelineEntry } from '../../core/poll.js';
import { findOperation } from './aws/operations.js';

export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED']);

export interface WaitResult {
  operation?: OperationSummary;
  status: string;
  timedOut: boolean;
  elapsedMs: number;
  timeline: TimelineEntry[];
  unread?: PollResult<unknown>['unread'];
}

/** Follows one App Runner operation (there is no DescribeOperation: ListOperations) until it ends or times out. */
export async function waitForOperation(options: {
  client: AppRunnerClient;
  serviceArn: string;
  operationId: string;
  timeoutMs: number;
  clock?: Clock;
  onChange?: (entry: TimelineEntry) => void;
  onTransientError?: (error: Error) => void;
}): Promise<WaitResult> {
  const statusOf = (operation: OperationSummary | undefined) => operation?.Status ?? 'PENDING';
  const { last, ...result } = await pollUntilEnd({
    read: (abortSignal) => findOperation(options.client, { ...options, abortSignal }),
    statusOf,
    isTerminal: (operation) => TERMINAL.has(statusOf(operation)),
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    onChange: options.onChange,
    onTransientError: options.onTransientError,
  });
  return { operation: last, ...result };
}
