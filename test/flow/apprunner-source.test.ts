import { afterAll, beforeAll, beforeEach, describe, expect, it as jestIt } from '@jest/globals';
import {
  CreateServiceCommand,
  ListConnectionsCommand,
  ListOperationsCommand,
  StartDeploymentCommand,
  UpdateServiceCommand,
  type ConnectionSummary,
  type Service,
} from '@aws-sdk/client-apprunner';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { createServer, type Server } from 'node:http';
import { runningService } from '../unit/fixtures.ts';
import { quietIt } from '../e2e/support/quiet.ts';
import { givenNoService, givenService } from './harness.ts';
import type { setUp as SetUp } from './apprunner-support.ts';

const it = quietIt(jestIt);

const CONNECTION = `arn:aws:apprunner:eu-west-1:123456789012:connection/acme-github/${'c'.repeat(32)}`;
const SOURCE = {
  service: 'web-app',
  region: 'eu-west-1',
  repo: 'https://github.com/acme/web',
  'source-connection-arn': CONNECTION,
  runtime: 'nodejs_18',
  'build-command': 'npm ci',
};
const WORKFLOW_SHA = 'a'.repeat(40);

/** The GitHub API: answers the branch's head, or fails while `githubFails` is set. */
const github: string[] = [];
let head = WORKFLOW_SHA;
let githubFails = false;
let server: Server;
let harness: ReturnType<typeof SetUp>;

beforeAll(async () => {
  server = createServer((request, response) => {
    github.push(`${request.method} ${request.url}`);
    if (githubFails) return void response.writeHead(500).end('{"message":"boom"}');
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ name: 'main', commit: { sha: head } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // @actions/github reads the API's address when it is loaded: set before the action's modules are imported.
  process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  harness = (await import('./apprunner-support.ts')).setUp();
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  harness.reset();
  github.length = 0;
  head = WORKFLOW_SHA;
  githubFails = false;
});

function givenConnection(connection: ConnectionSummary | undefined) {
  // Two pages: the connection is looked for on every page ListConnections answers.
  const other = { ConnectionArn: `${CONNECTION}0`, ConnectionName: 'acme-github', Status: 'AVAILABLE' as const };
  harness.mocks.apprunner
    .on(ListConnectionsCommand)
    .resolvesOnce({ ConnectionSummaryList: [other], NextToken: 'page-2' })
    .resolves({ ConnectionSummaryList: connection ? [{ ConnectionArn: CONNECTION, ...connection }] : [] });
}

function codeService(overrides: Partial<Service> = {}, configurationSource: 'API' | 'REPOSITORY' = 'API'): Service {
  return runningService({
    SourceConfiguration: {
      CodeRepository: {
        RepositoryUrl: 'https://github.com/acme/web',
        SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
        SourceDirectory: '/',
        CodeConfiguration: {
          ConfigurationSource: configurationSource,
          CodeConfigurationValues:
            configurationSource === 'API'
              ? { Runtime: 'NODEJS_18', BuildCommand: 'npm ci', Port: '8080', RuntimeEnvironmentVariables: {} }
              : undefined,
        },
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: { ConnectionArn: CONNECTION },
    },
    ...overrides,
  });
}

describe('source code: the connection', () => {
  it('creates a service that builds the branch through an AVAILABLE connection', async () => {
    const { mocks, run } = harness;
    givenConnection({ Status: 'AVAILABLE', ProviderType: 'GITHUB' });
    givenNoService(mocks.apprunner);
    mocks.apprunner.on(CreateServiceCommand).resolves({ Service: codeService(), OperationId: 'op-new' });
    givenService(mocks.apprunner, { now: codeService() });
    givenNoService(mocks.apprunner);
    const { error, mutating, outcome } = await run(SOURCE);
    expect(error).toBeUndefined();
    const lookups = mocks.apprunner.commandCalls(ListConnectionsCommand).map((c) => c.args[0].input);
    expect(lookups).toEqual([
      expect.objectContaining({ ConnectionName: 'acme-github' }),
      expect.objectContaining({ ConnectionName: 'acme-github', NextToken: 'page-2' }),
    ]);
    expect(mutating).toEqual(['CreateServiceCommand']);
    expect(mocks.apprunner.commandCalls(CreateServiceCommand)[0].args[0].input.SourceConfiguration).toMatchObject({
      CodeRepository: {
        RepositoryUrl: 'https://github.com/acme/web',
        SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
        CodeConfiguration: {
          ConfigurationSource: 'API',
          CodeConfigurationValues: { Runtime: 'NODEJS_18', BuildCommand: 'npm ci' },
        },
      },
      AuthenticationConfiguration: { ConnectionArn: CONNECTION },
    });
    expect(outcome.result).toBe('create succeeded');
    // No token: the branch head is not asked for.
    expect(github).toEqual([]);
  });

  it.each([
    ['GITHUB', 'GitHub'],
    ['BITBUCKET', 'Bitbucket'],
  ] as const)('refuses a %s connection still PENDING_HANDSHAKE with the console steps', async (provider, name) => {
    const { mocks, run } = harness;
    givenConnection({ Status: 'PENDING_HANDSHAKE', ProviderType: provider });
    givenNoService(mocks.apprunner);
    const { error, mutating, outcome } = await run(SOURCE);
    expect(error?.message).toContain(
      `Connection acme-github (input \`source-connection-arn\`) is PENDING_HANDSHAKE: App Runner cannot read https://github.com/acme/web until the handshake with ${name} is completed. Nothing was changed.`,
    );
    expect(error?.message).toContain(
      `Connected accounts → acme-github → Complete handshake (install or authorize the AWS Connector for ${name}`,
    );
    expect(mutating).toEqual([]);
    expect(outcome.result).toBe('refused');
  });

  it('refuses a connection in another state, and one that does not exist, before any change', async () => {
    const { mocks, run } = harness;
    givenNoService(mocks.apprunner);
    givenConnection({ Status: 'ERROR' });
    const broken = await run(SOURCE);
    expect(broken.error?.message).toContain(
      'is ERROR, not AVAILABLE: App Runner cannot read https://github.com/acme/web',
    );
    expect(broken.mutating).toEqual([]);

    givenConnection(undefined);
    const missing = await run(SOURCE);
    expect(missing.error?.message).toContain(
      `Connection ${CONNECTION} (input \`source-connection-arn\`) does not exist in eu-west-1. Nothing was changed.`,
    );
    expect(missing.outcome.result).toBe('refused');
    expect(missing.mutating).toEqual([]);
  });
});

describe('source code: the service', () => {
  it('refuses to rebuild a CREATE_FAILED service with another configuration source, before the call', async () => {
    const { mocks, run } = harness;
    givenConnection({ Status: 'AVAILABLE' });
    givenService(mocks.apprunner, {
      now: codeService({ Status: 'CREATE_FAILED' }, 'REPOSITORY'),
      operations: ['FAILED'],
    });
    const { error, mutating } = await run({ ...SOURCE, 'on-create-failed': 'update' });
    expect(error?.message).toContain(
      'Input `configuration-source`: ConfigurationSource cannot be changed from REPOSITORY to API for CREATE_FAILED services',
    );
    expect(error?.message).toContain('Set `on-create-failed: recreate`');
    expect(mutating).toEqual([]);
  });

  it("builds the branch again on every run, and reports a failed build's log lines", async () => {
    const { mocks, run } = harness;
    givenConnection({ Status: 'AVAILABLE' });
    givenService(mocks.apprunner, { now: codeService() });
    mocks.apprunner.on(StartDeploymentCommand).resolves({ OperationId: 'op-new' });
    mocks.apprunner.on(ListOperationsCommand).resolves({
      OperationSummaryList: [{ Id: 'op-new', Type: 'START_DEPLOYMENT', Status: 'FAILED', StartedAt: new Date(5000) }],
    });
    // The operation's own stream is not there: the events stream holds the build's lines.
    mocks.logs
      .on(FilterLogEventsCommand)
      .rejectsOnce(Object.assign(new Error('no stream'), { name: 'ResourceNotFoundException' }))
      .resolvesOnce({ events: [{ message: '[AppRunner] Build started.' }], nextToken: 'more' })
      .resolves({
        events: [
          { message: '[AppRunner] npm error Missing script: "build"\n' },
          { message: '[AppRunner] Deployment with ID : op-new failed.' },
        ],
      });
    const { error, mutating, outcome } = await run(SOURCE);
    expect(mutating).toEqual(['StartDeploymentCommand']);
    expect(outcome.diff).toContain('build: branch main again');
    expect(error?.message).toContain('Operation op-new (deployment) failed.');
    expect(error?.message).toContain('Cause: npm error Missing script: "build".');
    expect(outcome.events).toEqual([
      '[AppRunner] Build started.',
      '[AppRunner] npm error Missing script: "build"',
      '[AppRunner] Deployment with ID : op-new failed.',
    ]);
    const reads = mocks.logs.commandCalls(FilterLogEventsCommand).map((c) => c.args[0].input);
    expect(reads.map((input) => input.logStreamNames)).toEqual([['deployment/op-new'], ['events'], ['events']]);
    expect(reads[0]).toMatchObject({
      logGroupName: `/aws/apprunner/web-app/${'1'.repeat(32)}/service`,
      startTime: 4000,
    });
  });
});

describe('source code: the branch head', () => {
  const env = { GITHUB_SHA: WORKFLOW_SHA, GITHUB_REPOSITORY: 'Acme/Web' };
  const withToken = { ...SOURCE, 'github-token': 't' };

  async function deployWith(inputs: Record<string, string>) {
    const { mocks, run } = harness;
    givenConnection({ Status: 'AVAILABLE' });
    givenService(mocks.apprunner, { now: codeService() });
    mocks.apprunner.on(StartDeploymentCommand).resolves({ OperationId: 'op-new' });
    const written: string[] = [];
    const real = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      Object.assign(process.env, env);
      return { ...(await run(inputs, env)), log: written.join('') };
    } finally {
      process.stdout.write = real;
    }
  }

  it("warns when the workflow's commit is not the branch's head, in the log and in the plan", async () => {
    head = 'b'.repeat(40);
    const { error, outcome, log } = await deployWith(withToken);
    expect(error).toBeUndefined();
    expect(github).toEqual(['GET /repos/acme/web/branches/main']);
    const note = `warning: this workflow's commit ${'a'.repeat(12)} is not the head of branch main (${'b'.repeat(12)}): App Runner builds the head.`;
    expect(outcome.diff).toContain(note);
    expect(log).toContain(`::warning::${note} Run the workflow on the branch's newest commit`);
  });

  it('says nothing when the commit is the head, and only logs a GitHub API failure', async () => {
    const same = await deployWith(withToken);
    expect(github).toHaveLength(1);
    expect(same.outcome.diff).not.toContain('warning:');
    expect(same.log).not.toContain('::warning::');

    githubFails = true;
    const failed = await deployWith(withToken);
    expect(failed.error).toBeUndefined();
    expect(failed.log).toContain('Could not read the head of branch main from GitHub');
    expect(failed.outcome.diff).not.toContain('warning:');
  });

  it('does not ask about another repository', async () => {
    harness.mocks.apprunner.on(UpdateServiceCommand).resolves({ Service: codeService(), OperationId: 'op-new' });
    const { error, mutating } = await deployWith({ ...withToken, repo: 'https://github.com/acme/other' });
    expect(error).toBeUndefined();
    expect(mutating).toEqual(['UpdateServiceCommand']);
    expect(github).toEqual([]);
  });
});
