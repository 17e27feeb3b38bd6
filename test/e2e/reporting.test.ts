import { describe, expect, it } from '@jest/globals';
import { TagResourceCommand } from '@aws-sdk/client-apprunner';
import { sdkClients } from '../../tools/emulator/helpers.ts';
import { REPOSITORY, RUN_ID, SHA } from '../../tools/runner/run-action.ts';
import {
  accessRole,
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  imageConfig,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

const MANAGED = 'apprunner-deploy:managed-keys';

describe('service tags', () => {
  it('tags on create, adds and removes its own keys later, and leaves tags set by others alone', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'tagged-svc', 'v1');
    const create = await harness.run({
      service: 'tagged-svc',
      image,
      'access-role-arn': accessRole(emulator),
      tags: 'team=web\nenv=staging',
    });
    expectSuccess(create);
    expect(emulator.service('tagged-svc')?.tags).toEqual({ team: 'web', env: 'staging', [MANAGED]: 'env team' });
    expectNoLeaks(create);

    // Someone else tags the service by hand; the action must never remove that tag.
    const arn = emulator.service('tagged-svc')?.arn ?? '';
    const aws = sdkClients(emulator);
    await aws.apprunner.send(
      new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'cost-center', Value: 'retail' }] }),
    );
    aws.destroy();
    const before = emulator.calls().length;
    const update = await harness.run({ service: 'tagged-svc', image, tags: '{"env": "prod", "tier": 2}' });

    expectSuccess(update);
    expect(emulator.service('tagged-svc')?.tags).toEqual({
      env: 'prod',
      tier: '2',
      [MANAGED]: 'env tier',
      'cost-center': 'retail',
    });
    const calls = emulator.calls().slice(before);
    expect(mutatingOperations(calls)).toEqual(['TagResource', 'UntagResource']);
    const untag = calls.find((call) => call.operation === 'UntagResource');
    expect(untag?.input).toMatchObject({ TagKeys: ['team'] });
    expect(update.stdout).toMatch(/Tags: .*\+env.*-team/);
    expect(update.stdout).toContain('No change to service tagged-svc');
    expectNoLeaks(update);
  });
});

describe('GitHub deployments', () => {
  it('reports in_progress, then success with the service URL', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'gh-ok', 'v1');
    const result = await harness.run({
      service: 'gh-ok',
      image,
      'access-role-arn': accessRole(emulator),
      'github-environment': 'production',
    });

    expectSuccess(result);
    const calls = emulator.githubCalls();
    expect(calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
      `POST /repos/${REPOSITORY}/deployments 201`,
      `POST /repos/${REPOSITORY}/deployments/1/statuses 201`,
      `POST /repos/${REPOSITORY}/deployments/1/statuses 201`,
    ]);
    // Without `required_contexts: []` GitHub (and the emulator) answers 409 while any status check is pending.
    expect(calls[0].body).toMatchObject({
      ref: SHA,
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
    });
    expect(calls[1].body).toMatchObject({ state: 'in_progress' });
    expect(calls[2].body).toMatchObject({
      state: 'success',
      environment_url: result.outputs['service-url'],
      log_url: `https://github.com/${REPOSITORY}/actions/runs/${RUN_ID}`,
    });
    expectNoLeaks(result);
  });

  it('reports failure when the deployment is rolled back', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'gh-rollback', 'v1');
    const v2 = seededImage(emulator, 'gh-rollback', 'v2');
    emulator.seedService({ name: 'gh-rollback', config: imageConfig(emulator, { image: v1 }) });
    emulator.planNextOperation('gh-rollback', { outcome: 'rollback' });
    const result = await harness.run({ service: 'gh-rollback', image: v2, 'github-environment': 'production' });

    expectFailure(result, 'was rolled back');
    const states = emulator.githubCalls().map((call) => (call.body as { state?: string } | null)?.state);
    expect(states).toEqual([undefined, 'in_progress', 'failure']);
    const last = emulator.githubCalls().at(-1)?.body as { description?: string };
    expect(last.description).toContain('was rolled back');
    expect(last.description?.length).toBeLessThanOrEqual(140);
    expectNoLeaks(result);
  });

  it('creates no GitHub deployment in a dry run', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'gh-dry', 'v1');
    const result = await harness.run({
      service: 'gh-dry',
      image,
      'access-role-arn': accessRole(emulator),
      'github-environment': 'production',
      'dry-run': 'true',
    });

    expectSuccess(result);
    expect(emulator.githubCalls()).toEqual([]);
    expectNoLeaks(result);
  });
});
