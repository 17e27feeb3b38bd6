import { describe, expect, it } from '@jest/globals';
import { AppRunnerClient, ListOperationsCommand } from '@aws-sdk/client-apprunner';
import { mockClient } from 'aws-sdk-client-mock';
import { isTransient, pollDelayMs } from '../../src/core/poll.ts';
import { waitForOperation } from '../../src/targets/apprunner/wait.ts';
import { fakeClock, SERVICE_ARN } from './fixtures.ts';

describe('pollDelayMs', () => {
  it('polls quickly at first, then steadily around 4 s with jitter, never more than 4.6 s apart', () => {
    expect([0, 1, 2, 3].map((n) => pollDelayMs(n, 0.5))).toEqual([1000, 1000, 2000, 3000]);
    expect(pollDelayMs(10, 0)).toBe(3400);
    expect(pollDelayMs(10, 0.999)).toBeLessThanOrEqual(4600);
    expect(pollDelayMs(10, 0.5)).toBe(4000);
  });

  it('keeps a 60 s operation under 25 polls', () => {
    let elapsed = 0;
    let polls = 0;
    while (elapsed < 60_000) elapsed += pollDelayMs(polls++, 0.5);
    expect(polls + 1).toBeLessThanOrEqual(25);
  });
});

describe('waitForOperation', () => {
  const client = new AppRunnerClient({ region: 'eu-west-1' });
  const mock = mockClient(client);

  it('reports each status change until the operation ends, finding it on a later page', async () => {
    mock.reset();
    const statuses = ['IN_PROGRESS', 'IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCEEDED'];
    let call = 0;
    mock.on(ListOperationsCommand).callsFake((input: { NextToken?: string }) => {
      if (!input.NextToken)
        return { OperationSummaryList: [{ Id: 'other', Status: 'SUCCEEDED' }], NextToken: 'page-2' };
      return { OperationSummaryList: [{ Id: 'op-1', Status: statuses[Math.min(call++, statuses.length - 1)] }] };
    });
    const clock = fakeClock();
    const seen: string[] = [];
    const result = await waitForOperation({
      client,
      serviceArn: SERVICE_ARN,
      operationId: 'op-1',
      timeoutMs: 60_000,
      clock,
      onChange: (e) => seen.push(e.status),
    });
    expect(result.status).toBe('ROLLBACK_SUCCEEDED');
    expect(result.timedOut).toBe(false);
    expect(seen).toEqual(['IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCEEDED']);
    expect(clock.sleeps).toEqual([1000, 1000, 2000]);
  });

  it('stops at the timeout with the last status seen', async () => {
    mock.reset();
    mock.on(ListOperationsCommand).resolves({ OperationSummaryList: [{ Id: 'op-1', Status: 'IN_PROGRESS' }] });
    const clock = fakeClock();
    const result = await waitForOperation({
      client,
      serviceArn: SERVICE_ARN,
      operationId: 'op-1',
      timeoutMs: 20_000,
      clock,
    });
    expect(result).toMatchObject({ status: 'IN_PROGRESS', timedOut: true, elapsedMs: 20_000 });
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBe(20_000);
  });

  it('keeps polling through a burst of transient errors longer than the SDK retries, and stops on others', async () => {
    mock.reset();
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $retryable: { throttling: true },
    });
    mock
      .on(ListOperationsCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ OperationSummaryList: [{ Id: 'op-1', Status: 'SUCCEEDED' }] });
    const seen: string[] = [];
    const result = await waitForOperation({
      client,
      serviceArn: SERVICE_ARN,
      operationId: 'op-1',
      timeoutMs: 60_000,
      clock: fakeClock(),
      onTransientError: (error) => seen.push(error.name),
    });
    expect(result.status).toBe('SUCCEEDED');
    expect(seen).toEqual(['ThrottlingException', 'ThrottlingException']);
    mock.reset();
    mock.on(ListOperationsCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await expect(
      waitForOperation({ client, serviceArn: SERVICE_ARN, operationId: 'op-1', timeoutMs: 60_000, clock: fakeClock() }),
    ).rejects.toThrow('no');
  });

  it('tells transient errors from the rest', () => {
    expect(isTransient(Object.assign(new Error(), { name: 'ThrottlingException' }))).toBe(true);
    expect(isTransient(Object.assign(new Error(), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isTransient(Object.assign(new Error(), { code: 'ECONNRESET' }))).toBe(true);
    expect(
      isTransient(Object.assign(new Error(), { name: 'InvalidRequestException', $metadata: { httpStatusCode: 400 } })),
    ).toBe(false);
  });
});
