import { describe, expect, it } from '@jest/globals';
import {
  AppRunnerServiceException,
  DescribeServiceCommand,
  InvalidStateException,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { TEST_CREDENTIALS } from '../../tools/emulator/index.ts';
import { sdkClients, settled, signedFetch } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 100 });

const withCpu = (serviceArn: string) =>
  new UpdateServiceCommand({ ServiceArn: serviceArn, InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' } });

describe('the call log', () => {
  it('records every request, refused, unknown or forged, with whether it was known and authenticated', async () => {
    const seeded = ctx.emulator.seedService({ name: 'watched' });
    const forger = sdkClients(ctx.emulator, {
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'forged' },
      maxAttempts: 1,
    });
    try {
      await expect(forger.apprunner.send(withCpu(seeded.arn))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
      });
    } finally {
      forger.destroy();
    }
    const unsigned = await fetch(ctx.emulator.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AppRunner.DeleteService', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ ServiceArn: seeded.arn }),
    });
    expect(unsigned.status).toBe(403);
    await signedFetch(ctx.emulator, { target: 'AppRunner.FlyToTheMoon', service: 'apprunner' });
    await signedFetch(ctx.emulator, { target: 'Nowhere_20990101.ListThings', service: 'apprunner' });
    await ctx.aws.apprunner.send(new ListServicesCommand({}));
    const notFound = await fetch(`${ctx.emulator.endpoint}/elsewhere`, { method: 'GET' });
    expect(notFound.status).toBe(404);

    expect(
      ctx.emulator.calls().map(({ service, operation, known, authenticated, mutating, error }) => ({
        service,
        operation,
        known,
        authenticated,
        mutating,
        error,
      })),
    ).toEqual([
      {
        service: 'apprunner',
        operation: 'UpdateService',
        known: true,
        authenticated: false,
        mutating: true,
        error: 'InvalidSignatureException',
      },
      {
        service: 'apprunner',
        operation: 'DeleteService',
        known: true,
        authenticated: false,
        mutating: true,
        error: 'MissingAuthenticationTokenException',
      },
      {
        service: 'apprunner',
        operation: 'FlyToTheMoon',
        known: false,
        authenticated: true,
        mutating: true,
        error: 'UnknownOperationException',
      },
      {
        service: 'unknown',
        operation: 'ListThings',
        known: false,
        authenticated: false,
        mutating: false,
        error: 'UnknownOperationException',
      },
      {
        service: 'apprunner',
        operation: 'ListServices',
        known: true,
        authenticated: true,
        mutating: false,
        error: undefined,
      },
      { service: 'unknown', operation: '', known: false, authenticated: false, mutating: false, error: 'NotFound' },
    ]);
    expect(ctx.emulator.calls()[1].input).toEqual({ ServiceArn: seeded.arn });
    expect(ctx.emulator.service('watched')?.status).toBe('RUNNING');
  });

  it('counts only Describe/List/Get/BatchGet/BatchCheck/Filter operations as reads', async () => {
    const seeded = ctx.emulator.seedService({ name: 'reads' });
    await ctx.aws.apprunner.send(new DescribeServiceCommand({ ServiceArn: seeded.arn }));
    const group = ctx.emulator.serviceEventLog('reads')?.group as string;
    await ctx.aws.logs.send(new FilterLogEventsCommand({ logGroupName: group }));
    await ctx.aws.apprunner.send(withCpu(seeded.arn));
    expect(ctx.emulator.calls().map((call) => [call.operation, call.mutating])).toEqual([
      ['DescribeService', false],
      ['FilterLogEvents', false],
      ['UpdateService', true],
    ]);
  });
});

describe('a lost answer (reset-after)', () => {
  it('applies the request, then drops the connection; the retry finds the service busy', async () => {
    const seeded = ctx.emulator.seedService({ name: 'lost-answer' });
    ctx.emulator.injectFault({ operation: 'UpdateService', kind: 'reset-after' });
    const attempt = ctx.aws.apprunner.send(withCpu(seeded.arn));
    await expect(attempt).rejects.toBeInstanceOf(InvalidStateException);
    await expect(attempt).rejects.toMatchObject({ $metadata: { attempts: 2 } });
    const updates = ctx.emulator.calls().filter((call) => call.operation === 'UpdateService');
    expect(updates.map((call) => [call.fault, call.error])).toEqual([
      ['reset-after', 'ConnectionReset'],
      [undefined, 'InvalidStateException'],
    ]);
    const after = await settled(ctx.aws.apprunner, seeded.arn);
    expect(after.InstanceConfiguration?.Cpu).toBe('2048');
    expect(ctx.emulator.service('lost-answer')?.operations.map((operation) => operation.type)).toEqual([
      'UPDATE_SERVICE',
    ]);
  });

  it('a client that does not retry sees a network error although the change was made', async () => {
    const seeded = ctx.emulator.seedService({ name: 'lost-once' });
    const once = sdkClients(ctx.emulator, { maxAttempts: 1 });
    try {
      ctx.emulator.injectFault({ operation: 'UpdateService', kind: 'reset-after' });
      const attempt = once.apprunner.send(withCpu(seeded.arn));
      await expect(attempt).rejects.toThrow(/socket hang up|ECONNRESET/);
      await expect(attempt).rejects.not.toBeInstanceOf(AppRunnerServiceException);
    } finally {
      once.destroy();
    }
    expect(ctx.emulator.service('lost-once')?.status).toBe('OPERATION_IN_PROGRESS');
  });
});
