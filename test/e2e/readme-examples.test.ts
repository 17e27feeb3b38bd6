import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../tools/emulator/index.ts';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { runAction } from '../../tools/runner/run-action.ts';
import { writeOciImage } from '../push/support/oci-image.ts';
import { exampleInputs } from './support/example-inputs.ts';
import { expectNoLeaks, expectSuccess, imageConfig, seededImage } from './support/harness.ts';
import { readExamples } from './support/readme-examples.ts';

/**
 * The issue "Hardening before v1": every YAML example that calls one of the actions runs, as a new user copies it,
 * against the emulator through the real bundle. The emulator has an account and region of its own, so that what a
 * reader must change (account IDs, region, secrets, the image) is changed by the test and nothing else is.
 */

const examples = readExamples();
let emulator: Emulator;
let registry: TestRegistry;
let work: string;
let layouts = 0;

beforeAll(async () => {
  emulator = await startEmulator({ region: 'us-east-2', accountId: '210987654321', operationMs: 200, ecsStageMs: 30 });
  registry = await startRegistry({ password: `readmeExamples${randomBytes(8).toString('hex')}` });
  work = mkdtempSync(join(tmpdir(), 'e2e-readme-'));
}, 60_000);
afterAll(async () => {
  await registry?.stop();
  await emulator?.stop();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.reset();
  emulator.attachRegistry({ endpoint: registry.endpoint, username: 'AWS', password: registry.password });
});

/** A fresh image: what `docker build -t web:${{ github.sha }} .` leaves on a runner. */
async function layout(): Promise<string> {
  const dir = join(work, `image-${(layouts += 1)}`);
  await writeOciImage(dir, { layers: [4096, 1024], gzip: true, ref: 'latest' });
  return dir;
}

describe('the examples that call the actions', () => {
  it('are found, and every reusable-workflow call (a job, not a step) is listed as skipped', () => {
    expect(examples.steps.map((step) => `${step.source}: ${step.uses}`)).toEqual([
      'README.md › Quick start: apprunner-deploy-action/apprunner-deploy-action@v1',
      'README.md › ECS Express Mode: apprunner-deploy-action/apprunner-deploy-action/ecs-express@v1',
      'README.md › Migrating from App Runner: apprunner-deploy-action/apprunner-deploy-action/ecs-express@v1',
    ]);
    const workflow = (name: string) => `apprunner-deploy-action/apprunner-deploy-action/.github/workflows/${name}@v1`;
    expect(examples.skipped.map((call) => `${call.source}: ${call.uses}`)).toEqual([
      `README.md › The short version: ${workflow('deploy.yml')}`,
      `README.md › Wiring infra into app yourself: ${workflow('infra.yml')}`,
      `README.md › Wiring infra into app yourself: ${workflow('app.yml')}`,
      `examples/workflows/deploy-ecs-express.yml: ${workflow('deploy.yml')}`,
      `examples/workflows/deploy-manual.yml: ${workflow('deploy.yml')}`,
      `examples/workflows/deploy-production.yml: ${workflow('deploy.yml')}`,
      `examples/workflows/deploy-staging.yml: ${workflow('deploy.yml')}`,
      `examples/workflows/infra-then-app.yml: ${workflow('infra.yml')}`,
      `examples/workflows/infra-then-app.yml: ${workflow('app.yml')}`,
      `examples/workflows/plan-pull-request.yml: ${workflow('infra.yml')}`,
    ]);
  });

  it.each(examples.steps.map((step) => [step.source, step] as const))('%s runs as copied', async (_source, step) => {
    const inputs = await exampleInputs(step, { emulator, layout });
    const result = await runAction({ action: step.action, inputs, awsEnv: emulator.env() });

    expectSuccess(result);
    expectNoLeaks(result, [registry.password]);
    if (step.action === 'apprunner') {
      expect(emulator.service(inputs.service)?.status).toBe('RUNNING');
    } else {
      expect(emulator.expressService(inputs.service)?.status).toBe('ACTIVE');
    }
    // A local image is pushed, and the service runs exactly the digest pushed.
    if (inputs['ecr-repository'] !== undefined) {
      expect(result.outputs['image-digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(result.outputs['image-uri']).toContain(`/${inputs['ecr-repository']}@${result.outputs['image-digest']}`);
    }
  });
});

/**
 * The README's "what is checked when": the role checks depend on whether the service exists, so they come after the
 * reads, but still before any change. With `ecr-repository`, "any change" includes the push: no repository is
 * created and no registry credential is even asked for.
 */
describe('role checks that depend on the service are made after the reads and before any change', () => {
  const role = (name: string) => `arn:aws:iam::${emulator.accountId}:role/${name}`;
  const pushInputs = async () => ({ image: `oci:${await layout()}`, 'ecr-repository': 'checked-web' });

  async function expectRefusedBeforeAnyChange(action: 'apprunner' | 'ecs-express', inputs: Record<string, string>) {
    const result = await runAction({ action, inputs, awsEnv: emulator.env() });
    const calls = emulator.calls();
    expect(result.exitCode).toBe(1);
    expect(calls.filter((call) => call.mutating).map((call) => call.operation)).toEqual([]);
    expect(calls.map((call) => call.operation)).not.toContain('GetAuthorizationToken');
    // The service was read first: these checks need its state.
    expect(calls.length).toBeGreaterThan(0);
    return result.errors;
  }

  it('App Runner: `access-role-arn` on create from private ECR', async () => {
    const errors = await expectRefusedBeforeAnyChange('apprunner', { service: 'checked-web', ...(await pushInputs()) });
    expect(errors).toEqual([expect.stringMatching(/^Input `access-role-arn`: is required to deploy from private ECR/)]);
  });

  it('App Runner: `instance-role-arn` for secrets, on create and on a service that has none', async () => {
    const secret = emulator.seedSecret('checked/db-url').arn;
    const inputs = { 'access-role-arn': role('access'), secrets: `DB_URL=${secret}`, ...(await pushInputs()) };
    const onCreate = await expectRefusedBeforeAnyChange('apprunner', { service: 'checked-web', ...inputs });
    expect(onCreate).toEqual([expect.stringMatching(/^Input `instance-role-arn`: is required to read `secrets`/)]);

    emulator.reset();
    emulator.seedService({
      name: 'checked-web',
      config: imageConfig(emulator, { image: seededImage(emulator, 'checked-web', 'v1') }),
    });
    const secretAgain = emulator.seedSecret('checked/db-url').arn;
    const onUpdate = await expectRefusedBeforeAnyChange('apprunner', {
      service: 'checked-web',
      secrets: `DB_URL=${secretAgain}`,
      ...(await pushInputs()),
    });
    expect(onUpdate).toEqual([expect.stringMatching(/^Input `instance-role-arn`: is required to read `secrets`/)]);
  });

  it('ECS Express: `execution-role-arn` on create', async () => {
    const errors = await expectRefusedBeforeAnyChange('ecs-express', {
      service: 'checked-web',
      'infrastructure-role-arn': role('infrastructure'),
      ...(await pushInputs()),
    });
    expect(errors).toEqual([expect.stringMatching(/^Input `execution-role-arn`: is required to create a service/)]);
  });

  it('ECS Express: `infrastructure-role-arn` on create', async () => {
    const errors = await expectRefusedBeforeAnyChange('ecs-express', {
      service: 'checked-web',
      'execution-role-arn': role('execution'),
      ...(await pushInputs()),
    });
    expect(errors).toEqual([
      expect.stringMatching(/^Input `infrastructure-role-arn`: is required to create a service/),
    ]);
  });

  it('ECS Express: `infrastructure-role-arn` cannot change on an existing service', async () => {
    emulator.seedExpressService({
      name: 'checked-web',
      config: {
        infrastructureRoleArn: role('infrastructure'),
        executionRoleArn: role('execution'),
        primaryContainer: { image: seededImage(emulator, 'checked-web', 'v1'), containerPort: 8080 },
      },
    });
    const errors = await expectRefusedBeforeAnyChange('ecs-express', {
      service: 'checked-web',
      'infrastructure-role-arn': role('another-infrastructure'),
      ...(await pushInputs()),
    });
    expect(errors).toEqual([
      expect.stringMatching(/^Input `infrastructure-role-arn`: cannot change after the service/),
    ]);
  });
});
