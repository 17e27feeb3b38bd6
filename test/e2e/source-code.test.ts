import { describe, expect, it } from '@jest/globals';
import { REPOSITORY, SHA } from '../../tools/runner/run-action.ts';
import { expectFailure, expectNoLeaks, expectSuccess, instanceRole, mutatingOperations } from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness({ operationMs: 300 });

const REPO_URL = `https://github.com/${REPOSITORY}`;

/** Runs the action and answers its result with the calls that run made. */
async function run(given: Record<string, string>) {
  const before = harness.emulator.calls().length;
  const result = await harness.run(given);
  return { ...result, calls: harness.emulator.calls().slice(before) };
}

function sourceInputs(name: string, extra: Record<string, string> = {}): Record<string, string> {
  const connection = harness.emulator.seedConnection(`${name}-gh`);
  harness.emulator.seedBranch(REPOSITORY, 'main', SHA);
  return {
    service: name,
    repo: REPO_URL,
    'source-connection-arn': connection.arn,
    runtime: 'NODEJS_18',
    'build-command': 'npm ci && npm run build',
    'start-command': 'node dist/server.js',
    port: '3000',
    'env-vars': 'NODE_ENV=production',
    ...extra,
  };
}

describe('source-code mode', () => {
  it('creates a service that builds the branch, with the settings images take, and a rerun builds it again', async () => {
    const { emulator } = harness;
    const secret = emulator.seedSecret('prod/src-web/db');
    const inputs = sourceInputs('src-web', {
      secrets: `DATABASE_URL=${secret.arn}`,
      'instance-role-arn': instanceRole(emulator),
      'min-instances': '2',
      'health-check-protocol': 'HTTP',
      'health-check-path': '/health',
    });
    const first = await run(inputs);

    expectSuccess(first);
    expect(mutatingOperations(first.calls)).toEqual(['CreateAutoScalingConfiguration', 'CreateService']);
    expect(emulator.service('src-web')?.description).toMatchObject({
      Status: 'RUNNING',
      SourceConfiguration: {
        CodeRepository: {
          RepositoryUrl: REPO_URL,
          SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
          CodeConfiguration: {
            ConfigurationSource: 'API',
            CodeConfigurationValues: {
              Runtime: 'NODEJS_18',
              BuildCommand: 'npm ci && npm run build',
              StartCommand: 'node dist/server.js',
              Port: '3000',
              RuntimeEnvironmentVariables: { NODE_ENV: 'production' },
              RuntimeEnvironmentSecrets: { DATABASE_URL: secret.arn },
            },
          },
        },
        AuthenticationConfiguration: { ConnectionArn: inputs['source-connection-arn'] },
        AutoDeploymentsEnabled: false,
      },
      HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
      AutoScalingConfigurationSummary: { AutoScalingConfigurationName: 'src-web' },
    });
    expect(first.stdout).toContain(`Source code: branch main of ${REPO_URL}.`);
    const events = emulator.serviceEventLog('src-web');
    expect(events && emulator.logMessages(events)).toContain(
      '[AppRunner] Starting to build your application source code.',
    );
    expect(first.summary).toContain(`${REPO_URL} (branch main)`);
    expect(first.stdout).not.toContain('is not the head of branch');

    // App Runner cannot say which commit it runs: each run builds the branch head again, and creates nothing.
    const rerun = await run(inputs);
    expectSuccess(rerun);
    expect(mutatingOperations(rerun.calls)).toEqual(['StartDeployment']);
    expect(rerun.stdout).toContain('build: branch main again');
    expectNoLeaks(rerun);
  });

  it('refuses a connection still PENDING_HANDSHAKE and says how to complete it, changing nothing', async () => {
    const { emulator } = harness;
    const pending = emulator.seedConnection('pending-gh', { status: 'PENDING_HANDSHAKE' });
    const result = await run(sourceInputs('src-pending', { 'source-connection-arn': pending.arn }));

    expectFailure(result, 'Connection pending-gh (input `source-connection-arn`) is PENDING_HANDSHAKE');
    expect(result.errors[0]).toContain('Complete handshake');
    expect(mutatingOperations(result.calls)).toEqual([]);
    expect(emulator.service('src-pending')).toBeUndefined();
  });

  it('fails a run whose build fails, with the build log lines in the log and the summary', async () => {
    const { emulator } = harness;
    emulator.failNextBuild('src-broken', [
      '[Build] > npm run build',
      "[Build] src/server.ts(3,1): error TS2304: Cannot find name 'expres'.",
      '[Build] npm ERR! code 2',
    ]);
    const result = await run(sourceInputs('src-broken'));

    expectFailure(result, "Failed to build your application source code. Reason: Failed to execute 'build' command.");
    expect(result.stdout).toContain("[Build] src/server.ts(3,1): error TS2304: Cannot find name 'expres'.");
    expect(result.summary).toContain('[Build] npm ERR! code 2');
    expect(emulator.service('src-broken')?.status).toBe('CREATE_FAILED');
  });

  it('warns in the log and the summary when the workflow commit is not the head of the branch', async () => {
    const { emulator } = harness;
    const inputs = sourceInputs('src-behind');
    emulator.seedBranch(REPOSITORY, 'main', 'f'.repeat(40));
    const result = await run(inputs);

    expectSuccess(result);
    expect(result.stdout).toMatch(
      /::warning::.*this workflow's commit a1b2c3d4e5f6 is not the head of branch main \(ffffffffffff\)/,
    );
    expect(result.summary).toContain('is not the head of branch main');
  });

  it('says before the call that a CREATE_FAILED service cannot change its configuration source', async () => {
    const { emulator } = harness;
    emulator.failNextBuild('src-failed', ['[Build] apprunner.yaml: unknown runtime']);
    const repository = sourceInputs('src-failed', {
      runtime: '',
      'build-command': '',
      'start-command': '',
      port: '',
      'env-vars': '',
    });
    expectFailure(await run(repository), 'Failed to build your application source code');

    const result = await run({
      ...sourceInputs('src-failed'),
      'source-connection-arn': repository['source-connection-arn'],
      'on-create-failed': 'update',
    });
    expectFailure(result, 'ConfigurationSource cannot be changed from REPOSITORY to API for CREATE_FAILED services');
    expect(result.errors[0]).toContain('on-create-failed: recreate');
    expect(mutatingOperations(result.calls)).toEqual([]);
  });
});
