import { describe, expect, it } from '@jest/globals';
import { REPOSITORY } from '../../tools/runner/run-action.ts';
import {
  CANARIES,
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  mutating,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import { createInputs, pairs, seedActiveExpress, servedRevision, STAGE_MS } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/**
 * What must never be printed by the ECS Express action: the GitHub token, the AWS secret key, variable values, the
 * value of a parameter a secret points at, and values copied from the runner's environment. Each run ends with
 * expectNoLeaks over stdout, stderr, outputs and summary (only `::add-mask::` lines may carry a canary).
 */
const harness = useHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });

const COPIED_VALUE = 'e2e-canary-copied-env-value-71d0';

function canaryParameter() {
  return harness.emulator.seedParameter('/shop/api-key', { type: 'SecureString', value: CANARIES.parameterValue });
}

describe('ECS Express: no secret in the log, the outputs or the summary', () => {
  it('creates a service with variables, secrets, copied variables and a GitHub deployment, printing none of them', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'leak-create', 'v1');
    const apiKey = canaryParameter();
    const result = await harness.run(
      {
        ...createInputs(emulator, 'leak-create', image),
        'env-vars': `SESSION_KEY=${CANARIES.envValue}`,
        secrets: `API_KEY=${apiKey.arn}`,
        'copy-env-vars': 'COPIED',
        'github-environment': 'production',
      },
      { env: { COPIED: COPIED_VALUE } },
    );

    expectSuccess(result);
    const container = servedRevision(emulator, 'leak-create')?.config.primaryContainer;
    expect(pairs(container?.environment)).toEqual({ SESSION_KEY: CANARIES.envValue, COPIED: COPIED_VALUE });
    expect(pairs(container?.secrets)).toEqual({ API_KEY: apiKey.arn });
    // The secret is looked up by metadata only: never its value.
    const operations = emulator.calls().map((call) => call.operation);
    expect(operations).not.toContain('GetParameter');
    expect(operations).not.toContain('GetParameters');
    expect(operations).not.toContain('GetSecretValue');
    // The GitHub deployment was reported with the token, which the log never shows.
    const github = emulator.githubCalls().map((call) => `${call.method} ${call.path} ${call.status}`);
    expect(github[0]).toBe(`POST /repos/${REPOSITORY}/deployments 201`);
    expect(github.length).toBeGreaterThanOrEqual(2);
    expect(result.stdout).toContain(`::add-mask::${CANARIES.githubToken}`);
    expectNoLeaks(result, [COPIED_VALUE]);
  });

  it('shows variable names, never values, in a dry-run diff', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'leak-dry');
    const result = await harness.run(
      {
        service: 'leak-dry',
        image: v2,
        'env-vars': `SESSION_KEY=${CANARIES.envValue}\nLOG_LEVEL=${CANARIES.envValue}-2`,
        'copy-env-vars': 'COPIED',
        'dry-run': 'true',
      },
      { env: { COPIED: COPIED_VALUE } },
    );

    expectSuccess(result);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(result.stdout).toContain('SESSION_KEY');
    expect(result.stdout).toContain('COPIED');
    expectNoLeaks(result, [COPIED_VALUE]);
  });

  it('prints the failed deployment’s reasons and container log, but no secret, on a rollback', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'leak-rollback');
    emulator.planNextEcsDeployment('leak-rollback', { outcome: 'circuit-breaker' });
    const result = await harness.run({
      service: 'leak-rollback',
      image: v2,
      'env-vars': `SESSION_KEY=${CANARIES.envValue}`,
      'github-environment': 'production',
    });

    expectFailure(result, 'ROLLBACK_SUCCESSFUL');
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    const states = emulator.githubCalls().map((call) => (call.body as { state?: string } | null)?.state);
    expect(states.at(-1)).toBe('failure');
    expectNoLeaks(result);
  });

  it('never prints a canary when a secret reference is missing (preflight refuses it)', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'leak-missing', 'v1');
    const result = await harness.run({
      ...createInputs(emulator, 'leak-missing', image),
      'env-vars': `SESSION_KEY=${CANARIES.envValue}`,
      secrets: 'API_KEY=/shop/does-not-exist',
    });

    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain('/shop/does-not-exist');
    expect(mutating(emulator.calls())).toEqual([]);
    expectNoLeaks(result);
  });
});
