import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { AppRunnerClient, ListServicesCommand } from '@aws-sdk/client-apprunner';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer } from 'node:http';
import { imageExists, secretExists } from '../../src/core/aws/lookups.ts';
import { clientOptions, createClients } from '../../src/core/aws/clients.ts';
import {
  describeEndpoint,
  failedRequest,
  oldestInFlight,
  requestTracker,
  type RequestInfo,
} from '../../src/core/aws/requests.ts';
import {
  currentDeadline,
  DEADLINE_MARGIN_MS,
  DeadlineError,
  msToDeadline,
  startDeadline,
  withDeadline,
} from '../../src/core/deadline.ts';
import { lazy } from '../../src/core/lazy.ts';
import { OWNED_KEYS_TAG, planTags } from '../../src/core/tags.ts';

afterEach(() => {
  currentDeadline()?.cancel();
  jest.useRealTimers();
});

/** A handler that never answers: only an abort ends its request, with the signal's reason. */
function hungHandler() {
  const seen: (AbortSignal | undefined)[] = [];
  const handler = {
    handle: (_request: object, options?: { abortSignal?: unknown }) =>
      new Promise((_resolve, reject) => {
        const signal = options?.abortSignal as AbortSignal | undefined;
        seen.push(signal);
        signal?.addEventListener('abort', () => reject(signal.reason));
      }),
  };
  requestTracker({ AWS_ENDPOINT_URL_APPRUNNER: 'http://127.0.0.1:1' }).configure({ httpHandler: () => handler });
  return { handler, seen };
}

const REQUEST = {
  protocol: 'http:',
  hostname: '127.0.0.1',
  port: 1,
  headers: { 'X-Amz-Target': 'AppRunner.ListServices' },
};

describe('the run deadline', () => {
  it('aborts a hung request when wait-timeout plus the margin has passed, and names it while in flight', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const deadline = startDeadline(10);
    expect(deadline.at).toBe(1_000_000 + 10_000 + DEADLINE_MARGIN_MS);
    expect(msToDeadline()).toBe(20_000);
    const { handler } = hungHandler();
    const pending = handler.handle(REQUEST);
    const outcome = pending.catch((error: unknown) => error);
    expect(oldestInFlight()).toEqual({
      call: 'App Runner ListServices',
      endpoint: 'http://127.0.0.1:1',
      variable: 'AWS_ENDPOINT_URL_APPRUNNER',
      startedAt: 1_000_000,
    });
    await jest.advanceTimersByTimeAsync(19_999);
    expect(deadline.signal.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const error = (await outcome) as Error;
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error.message).toBe('The run did not end within wait-timeout (10s) + 10s');
    expect(oldestInFlight()).toBeUndefined();
    // The failure is kept, and found again through an error that wraps it.
    expect(failedRequest(error)?.call).toBe('App Runner ListServices');
    expect(failedRequest(new Error('wrapped', { cause: error }))?.endpoint).toBe('http://127.0.0.1:1');
    expect(failedRequest(new Error('another'))).toBeUndefined();
  });

  it("combines the caller's own signal with the deadline's, and lets go once cancelled", async () => {
    expect(withDeadline(undefined)).toBeUndefined();
    expect(msToDeadline()).toBe(Infinity);
    const deadline = startDeadline(60);
    expect(withDeadline(undefined)).toBe(deadline.signal);
    const own = new AbortController();
    const both = withDeadline(own.signal);
    expect(both).not.toBe(own.signal);
    own.abort(new Error('caller gave up'));
    expect(both?.aborted).toBe(true);
    expect(deadline.signal.aborted).toBe(false);

    const { handler, seen } = hungHandler();
    const other = new AbortController();
    const request = handler.handle({ hostname: 'ssm.eu-west-1.amazonaws.com' }, { abortSignal: other.signal });
    other.abort(new Error('stop'));
    await expect(request).rejects.toThrow('stop');
    expect(seen[0]).not.toBe(other.signal);
    expect(failedRequest(new Error('stop'))).toBeUndefined();

    deadline.cancel();
    expect(currentDeadline()).toBeUndefined();
    expect(withDeadline(own.signal)).toBe(own.signal);
    // A stale deadline's cancel does not end a newer one.
    const newer = startDeadline(60);
    deadline.cancel();
    expect(currentDeadline()).toBe(newer);
  });

  it('bounds a real SDK request to a server that never answers', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer(() => arrived());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const options = clientOptions('eu-west-1', { AWS_ENDPOINT_URL_APPRUNNER: endpoint, AWS_MAX_ATTEMPTS: '1' });
      expect(options.maxAttempts).toBe(1);
      const client = new AppRunnerClient({
        ...options,
        endpoint,
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });
      const deadline = startDeadline(0);
      const answer = client.send(new ListServicesCommand({})).catch((caught: unknown) => caught as Error);
      await arrival;
      expect(oldestInFlight()?.call).toBe('App Runner ListServices');
      // Well before the SDK's own 30 s request timeout.
      await jest.advanceTimersByTimeAsync(DEADLINE_MARGIN_MS);
      const error = (await answer) as Error;
      // The SDK's handler answers an abort with its own AbortError; the run reports the deadline's reason.
      expect(error.name).toBe('AbortError');
      expect(deadline.signal.reason).toBeInstanceOf(DeadlineError);
      expect(oldestInFlight()).toBeUndefined();
      const info = failedRequest(error) as RequestInfo;
      expect(info.call).toBe('App Runner ListServices');
      expect(describeEndpoint(info)).toBe(`${endpoint} (from AWS_ENDPOINT_URL_APPRUNNER)`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('describeEndpoint', () => {
  it("names the variable the endpoint came from, or the region's default", () => {
    const info = { call: 'ECR', endpoint: 'https://api.ecr.eu-west-1.amazonaws.com', startedAt: 0 };
    expect(describeEndpoint(info)).toBe("https://api.ecr.eu-west-1.amazonaws.com (the region's default endpoint)");
    expect(describeEndpoint({ ...info, variable: 'AWS_ENDPOINT_URL' })).toBe(
      'https://api.ecr.eu-west-1.amazonaws.com (from AWS_ENDPOINT_URL)',
    );
  });
});

describe('createClients', () => {
  it('makes each client once, on first use, with the run options', async () => {
    const clients = createClients(clientOptions('eu-west-1', {}));
    const [ecr, again, sm, ssm, logs] = await Promise.all([
      clients.ecr(),
      clients.ecr(),
      clients.secretsManager(),
      clients.ssm(),
      clients.logs(),
    ]);
    expect(ecr).toBe(again);
    expect(ecr).toBeInstanceOf((await lazy.ecrClient()).ECRClient);
    expect(sm).toBeInstanceOf((await lazy.secretsManagerClient()).SecretsManagerClient);
    expect(ssm).toBeInstanceOf((await lazy.ssmClient()).SSMClient);
    expect(logs).toBeInstanceOf((await lazy.logsClient()).CloudWatchLogsClient);
    expect(await ssm.config.region()).toBe('eu-west-1');
    expect(await ssm.config.maxAttempts()).toBe(10);
  });
});

describe('planTags', () => {
  it('sets what differs and records the keys it owns', () => {
    expect(planTags({ current: { a: '1' }, desired: { a: '1', b: '2' } })).toEqual({
      set: { b: '2', [OWNED_KEYS_TAG]: 'a b' },
      remove: [],
      unrecorded: false,
    });
  });

  it('removes only the keys it owned, and its record once no key is left', () => {
    const current = { a: '1', theirs: 'x', [OWNED_KEYS_TAG]: 'a gone' };
    expect(planTags({ current, desired: {} })).toEqual({ set: {}, remove: ['a', OWNED_KEYS_TAG], unrecorded: false });
    expect(planTags({ current, desired: { a: '1' } })).toEqual({
      set: { [OWNED_KEYS_TAG]: 'a' },
      remove: [],
      unrecorded: false,
    });
    expect(planTags({ current: {}, desired: {} })).toEqual({ set: {}, remove: [], unrecorded: false });
  });

  it('cannot record keys with a space, or more than 256 characters of them', () => {
    expect(planTags({ current: {}, desired: { 'my key': 'v' } })).toEqual({
      set: { 'my key': 'v' },
      remove: [],
      unrecorded: true,
    });
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key-number-${i}`, 'v']));
    const plan = planTags({ current: {}, desired: many });
    expect(plan.unrecorded).toBe(true);
    expect(plan.set[OWNED_KEYS_TAG]).toBeUndefined();
  });
});

describe('lookups', () => {
  it('tells a missing or deleted thing from an error, which it lets through', async () => {
    const ecr = new ECRClient({ region: 'eu-west-1' });
    const image = { registryId: '123456789012', repository: 'web', digest: 'sha256:abc' };
    mockClient(ecr)
      .on(DescribeImagesCommand)
      .rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await expect(imageExists(ecr, image)).rejects.toThrow('no');
    const sm = new SecretsManagerClient({ region: 'eu-west-1' });
    const secrets = mockClient(sm);
    secrets.on(DescribeSecretCommand).resolves({ DeletedDate: new Date(0) });
    expect(await secretExists(sm, 'db')).toBe(false);
    secrets.on(DescribeSecretCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(secretExists(sm, 'db')).rejects.toThrow('throttled');
  });
});
