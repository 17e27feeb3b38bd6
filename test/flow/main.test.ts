import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  AppRunnerClient,
  CreateServiceCommand,
  DescribeServiceCommand,
  ListOperationsCommand,
  ListServicesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import { ECRClient, DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeClock, IMAGE, ROLE, runningService } from '../unit/fixtures.ts';

/** run() as the runner starts it: inputs from INPUT_* variables, outputs and summary to files, GitHub API over HTTP. */
const apprunner = mockClient(AppRunnerClient);
const ecr = mockClient(ECRClient);
const logs = mockClient(CloudWatchLogsClient);
const github: { method?: string; url?: string; body: Record<string, unknown> }[] = [];
let server: Server;
/** The GitHub API answers 500 to everything while this is set. */
let githubFails = false;
let files: { output: string; summary: string };
let run: (options?: { clock?: ReturnType<typeof fakeClock> }) => Promise<void>;
const written: string[] = [];

function setInputs(inputs: Record<string, string>) {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

function outputs(): Record<string, string> {
  const text = readFileSync(files.output, 'utf8');
  const result: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) result[match[1]] = match[3];
  return result;
}

beforeAll(async () => {
  server = createServer((request, response) => {
    if (githubFails) {
      response.writeHead(500).end('{"message":"boom"}');
      return;
    }
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      github.push({ method: request.method, url: request.url, body: JSON.parse(body || '{}') });
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 42 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'main-test-'));
  files = { output: join(dir, 'output'), summary: join(dir, 'summary') };
  Object.assign(process.env, {
    GITHUB_API_URL: `http://127.0.0.1:${port}`,
    GITHUB_REPOSITORY: 'acme/web',
    GITHUB_SHA: 'abc123',
    GITHUB_RUN_ID: '7',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
  process.stdout.write = ((chunk: string) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  const { run: runTarget } = await import('../../src/core/run.ts');
  const { appRunner } = await import('../../src/targets/apprunner/index.ts');
  run = (options) => runTarget(appRunner, options);
});

const realWrite = process.stdout.write.bind(process.stdout);
afterAll(() => {
  process.stdout.write = realWrite;
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  apprunner.reset();
  ecr.reset();
  logs.reset();
  github.length = 0;
  written.length = 0;
  process.exitCode = undefined;
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  ecr.on(DescribeImagesCommand).resolves({ imageDetails: [{}] });
});

// run() fails the step through process.exitCode, as the runner expects; it must not fail jest's own process.
afterEach(() => {
  process.exitCode = undefined;
  githubFails = false;
});

describe('run', () => {
  it('refuses bad input with ::error:: naming it, before any AWS call', async () => {
    setInputs({ service: 'web-app', image: IMAGE, region: 'eu-west-1', cpu: '3' });
    await run();
    expect(process.exitCode).toBe(1);
    expect(written.join('')).toContain('::error::Input `cpu`: `3` is not an App Runner size');
    expect(apprunner.calls()).toHaveLength(0);
  });

  it('deploys, writes every output and the summary, and reports a GitHub deployment', async () => {
    setInputs({
      service: 'web-app',
      image: IMAGE,
      'access-role-arn': ROLE,
      region: 'eu-west-1',
      'github-environment': 'production',
      'github-token': 'ghs_secret_token',
    });
    apprunner.on(ListServicesCommand).resolves({ ServiceSummaryList: [] });
    apprunner.on(CreateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-1' });
    apprunner.on(ListOperationsCommand).resolves({ OperationSummaryList: [{ Id: 'op-1', Status: 'SUCCEEDED' }] });
    apprunner.on(DescribeServiceCommand).resolves({ Service: runningService() });
    await run({ clock: fakeClock() });
    expect(process.exitCode).toBeUndefined();
    expect(outputs()).toMatchObject({
      'service-url': 'https://abc123.eu-west-1.awsapprunner.com',
      'service-status': 'RUNNING',
      'operation-id': 'op-1',
      'operation-status': 'SUCCEEDED',
      'image-uri': IMAGE,
    });
    const summary = readFileSync(files.summary, 'utf8');
    expect(summary).toContain('App Runner deploy: web-app');
    expect(summary).toContain('create succeeded');
    expect(github.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST /repos/acme/web/deployments',
      'POST /repos/acme/web/deployments/42/statuses',
      'POST /repos/acme/web/deployments/42/statuses',
    ]);
    expect(github[0].body).toMatchObject({ ref: 'abc123', environment: 'production', required_contexts: [] });
    expect(github.map((call) => call.body.state)).toEqual([undefined, 'in_progress', 'success']);
    expect(github[2].body.environment_url).toBe('https://abc123.eu-west-1.awsapprunner.com');
    // The runner hides the value of every ::add-mask:: command; nothing else may carry the token.
    expect(written.join('')).toContain('::add-mask::ghs_secret_token');
    expect(written.join('').replace(/^::add-mask::.*$/m, '')).not.toContain('ghs_secret_token');
  });

  it('fails with the reason, still sets outputs, and marks the GitHub deployment failed on a rollback', async () => {
    setInputs({
      service: 'web-app',
      image: IMAGE,
      region: 'eu-west-1',
      'github-environment': 'staging',
      'github-token': 't',
    });
    apprunner
      .on(ListServicesCommand)
      .resolves({ ServiceSummaryList: [{ ServiceName: 'web-app', ServiceArn: runningService().ServiceArn }] });
    apprunner.on(DescribeServiceCommand).resolves({ Service: runningService() });
    apprunner.on(UpdateServiceCommand).resolves({ Service: runningService(), OperationId: 'op-2' });
    apprunner
      .on(ListOperationsCommand)
      .resolves({ OperationSummaryList: [{ Id: 'op-2', Status: 'ROLLBACK_SUCCEEDED' }] });
    logs
      .on(FilterLogEventsCommand)
      .resolves({ events: [{ message: "[AppRunner] Health check failed on protocol 'HTTP' [Path: '/health']" }] });
    process.env['INPUT_FORCE-DEPLOY'] = 'false';
    process.env['INPUT_CPU'] = '2';
    process.env['INPUT_MEMORY'] = '4';
    await run({ clock: fakeClock() });
    expect(process.exitCode).toBe(1);
    expect(written.join('')).toContain('::error::Operation op-2 (update) was rolled back');
    expect(outputs()).toMatchObject({ 'operation-status': 'ROLLBACK_SUCCEEDED', 'service-status': 'RUNNING' });
    expect(github.at(-1)?.body.state).toBe('failure');
    const summary = readFileSync(files.summary, 'utf8');
    expect(summary).toContain('was rolled back');
    expect(summary).toContain('update rolled back: the previous version still serves');
    expect(summary).toContain("Health check failed on protocol 'HTTP'");
    expect(written.join('')).toContain('::group::Service events');
  });

  it('explains an access denial and keeps a GitHub API failure a warning', async () => {
    setInputs({
      service: 'web-app',
      image: IMAGE,
      region: 'eu-west-1',
      'github-environment': 'staging',
      'github-token': 't',
    });
    githubFails = true;
    apprunner
      .on(ListServicesCommand)
      .rejects(Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }));
    await run({ clock: fakeClock() });
    const log = written.join('');
    expect(log).toContain('::warning::Could not create a GitHub deployment for staging');
    expect(log).toContain('::error::AccessDeniedException: not allowed — the credentials lack a permission');
  });
});
