import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  AppRunnerClient,
  DescribeServiceCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-apprunner';
import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClock, IMAGE, ROLE, runningService, SERVICE_ARN } from '../unit/fixtures.ts';

/** run()'s own branches: warnings before the deploy, how an unexpected error and the deadline are explained. */
const apprunner = mockClient(AppRunnerClient);
const ecr = mockClient(ECRClient);
const written: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);
let dir: string;
let run: (options?: { clock?: ReturnType<typeof fakeClock> }) => Promise<void>;

function setInputs(inputs: Record<string, string>) {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}
const INPUTS = { service: 'web-app', image: IMAGE, 'access-role-arn': ROLE, region: 'eu-west-1' };
const log = () => written.join('');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'run-test-'));
  Object.assign(process.env, {
    GITHUB_OUTPUT: join(dir, 'output'),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  const { run: runTarget } = await import('../../src/core/run.ts');
  const { appRunner } = await import('../../src/targets/apprunner/index.ts');
  run = (options) => runTarget(appRunner, options);
});

beforeEach(() => {
  apprunner.reset();
  ecr.reset();
  written.length = 0;
  writeFileSync(join(dir, 'output'), '');
  process.env.GITHUB_STEP_SUMMARY = join(dir, 'summary');
  ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{}] });
  process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
});

afterEach(() => {
  process.stdout.write = realWrite;
  process.exitCode = undefined;
});
afterAll(() => {
  process.stdout.write = realWrite;
});

describe('run: around the deploy', () => {
  it('warns of github-environment without a token, and of a summary it could not write, and still succeeds', async () => {
    setInputs({ ...INPUTS, 'github-environment': 'production' });
    // A directory: appending the summary to it fails.
    process.env.GITHUB_STEP_SUMMARY = dir;
    apprunner
      .on(ListServicesCommand)
      .resolves({ ServiceSummaryList: [{ ServiceName: 'web-app', ServiceArn: SERVICE_ARN }] });
    apprunner.on(DescribeServiceCommand).resolves({ Service: runningService() });
    apprunner.on(ListTagsForResourceCommand).resolves({ Tags: [] });
    await run({ clock: fakeClock() });
    expect(process.exitCode).toBeUndefined();
    expect(log()).toContain(
      '::warning::`github-environment` is set but `github-token` is empty: the GitHub deployment is not reported.',
    );
    expect(log()).toMatch(/::warning::Could not write the job summary: EISDIR/);
    expect(log()).toContain('Done: no change — https://abc123.eu-west-1.awsapprunner.com.');
  });

  it.each([
    [
      'CredentialsProviderError',
      'Could not load credentials from any providers',
      '::error::Could not load credentials from any providers — configure credentials first, e.g. with aws-actions/configure-aws-credentials.',
    ],
    ['ThrottlingException', 'Rate exceeded', '::error::ThrottlingException: Rate exceeded'],
  ])('explains %s in the words that say what to do', async (name, message, line) => {
    setInputs(INPUTS);
    apprunner.on(ListServicesCommand).rejects(Object.assign(new Error(message), { name }));
    await run({ clock: fakeClock() });
    expect(process.exitCode).toBe(1);
    expect(log()).toContain(line);
  });
});

describe('run: the deadline', () => {
  it('stops a run whose call never answers at wait-timeout plus the margin, and says so', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      setInputs({ ...INPUTS, 'wait-timeout': '10' });
      let asked: () => void = () => undefined;
      const listed = new Promise<void>((resolve) => (asked = resolve));
      apprunner.on(ListServicesCommand).callsFake(() => {
        asked();
        return new Promise(() => undefined);
      });
      const running = run({ clock: fakeClock() });
      await listed;
      await jest.advanceTimersByTimeAsync(19_999);
      expect(process.exitCode).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      await running;
      expect(process.exitCode).toBe(1);
      expect(log()).toContain(
        '::error::The run did not end within wait-timeout (10s) + 10s: it was still working (a push or a retry). ' +
          'It was stopped there; anything it had started goes on in AWS.',
      );
    } finally {
      // run() leaves a timer that ends the process after a deadline: it must not fire here.
      jest.clearAllTimers();
      jest.useRealTimers();
    }
  });
});
