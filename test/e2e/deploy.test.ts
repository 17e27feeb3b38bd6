import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  CANARIES,
  expectNoLeaks,
  expectSuccess,
  mutating,
  mutatingOperations,
  seededImage,
  seedRunningService,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

const harness = useHarness();

const runningService = (name: string) => seedRunningService(harness.emulator, name);

describe('the bundle against the emulator: the everyday paths', () => {
  it('creates a service, waits for it, and reports it in outputs and summary', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'shop-web', 'v1');
    const result = await harness.run({ service: 'shop-web', image, 'access-role-arn': accessRole(emulator) });

    expectSuccess(result);
    const service = emulator.service('shop-web');
    expect(service?.status).toBe('RUNNING');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(image);
    expect(service?.config.SourceConfiguration.AutoDeploymentsEnabled).toBe(false);
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateService']);
    expect(result.outputs).toMatchObject({
      'service-arn': service?.arn,
      'service-id': service?.id,
      'service-status': 'RUNNING',
      'operation-id': service?.operations[0].id,
      'operation-status': 'SUCCEEDED',
      'image-uri': image,
    });
    expect(result.outputs['service-url']).toMatch(/^https:\/\/[a-z0-9]+\.eu-west-1\.awsapprunner\.com$/);
    expect(result.stdout).toContain('Create service shop-web:');
    expect(result.summary).toContain('App Runner deploy: shop-web');
    expect(result.summary).toContain('✅ create succeeded');
    expect(result.summary).toContain(`${service?.operations[0].id} (SUCCEEDED)`);
    expectNoLeaks(result);
  });

  it('updates a running service to a new image with one UpdateService', async () => {
    const { emulator } = harness;
    const { v2, seeded } = runningService('cart-api');
    const result = await harness.run({ service: 'cart-api', image: v2 });

    expectSuccess(result);
    const service = emulator.service('cart-api');
    expect(service?.arn).toBe(seeded.arn);
    expect(service?.status).toBe('RUNNING');
    expect(service?.config.SourceConfiguration.ImageRepository?.ImageIdentifier).toBe(v2);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expect(service?.operations[0].type).toBe('UPDATE_SERVICE');
    expect(result.outputs).toMatchObject({
      'service-arn': seeded.arn,
      'operation-id': service?.operations[0].id,
      'operation-status': 'SUCCEEDED',
      'image-uri': v2,
    });
    expect(result.stdout).toMatch(/image: \S+:v1 → \S+:v2/);
    expect(result.summary).toContain('✅ update succeeded');
    expectNoLeaks(result);
  });

  it('makes no mutating call when nothing changed', async () => {
    const { emulator } = harness;
    const { v1 } = runningService('no-op-svc');
    const result = await harness.run({ service: 'no-op-svc', image: v1 });

    expectSuccess(result);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(result.stdout).toContain('No change to service no-op-svc: nothing to deploy.');
    expect(result.outputs['operation-id']).toBeUndefined();
    expect(result.outputs['service-status']).toBe('RUNNING');
    expect(result.summary).toContain('✅ no change');
    expectNoLeaks(result);
  });

  it('starts a deployment of the same configuration with force-deploy', async () => {
    const { emulator } = harness;
    const { v1 } = runningService('forced-svc');
    const result = await harness.run({ service: 'forced-svc', image: v1, 'force-deploy': 'true' });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['StartDeployment']);
    const service = emulator.service('forced-svc');
    expect(service?.operations[0].type).toBe('START_DEPLOYMENT');
    expect(result.outputs['operation-id']).toBe(service?.operations[0].id);
    expect(result.outputs['operation-status']).toBe('SUCCEEDED');
    expect(result.stdout).toContain('force-deploy starts a new deployment');
    expectNoLeaks(result);
  });

  it('plans without changing anything in a dry run, and shows a readable diff', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('dry-svc');
    const result = await harness.run({
      service: 'dry-svc',
      image: v2,
      cpu: '2',
      memory: '4 GB',
      'env-vars': `LOG_LEVEL=debug\nAPI_KEY=${CANARIES.envValue}`,
      'dry-run': 'true',
    });

    expectSuccess(result);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(result.stdout).toContain('Update service dry-svc:');
    expect(result.stdout).toMatch(/^ {2}image: \S+:v1 → \S+:v2$/m);
    expect(result.stdout).toMatch(/^ {2}cpu: 1 vCPU → 2 vCPU$/m);
    expect(result.stdout).toMatch(/^ {2}memory: 2 GB → 4 GB$/m);
    expect(result.stdout).toMatch(/^ {2}\+ env API_KEY$/m);
    expect(result.stdout).toMatch(/^ {2}\+ env LOG_LEVEL$/m);
    expect(emulator.service('dry-svc')?.operations).toHaveLength(0);
    expect(result.summary).toContain('dry run: nothing changed');
    expectNoLeaks(result);
  });

  it('starts the update and returns at once with wait: false', async () => {
    const { emulator } = harness;
    const { v2 } = runningService('nowait-svc');
    emulator.planNextOperation('nowait-svc', { outcome: 'succeed', durationMs: 5000 });
    const result = await harness.run({ service: 'nowait-svc', image: v2, wait: 'false' });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateService']);
    expect(emulator.calls().filter((call) => call.operation === 'ListOperations')).toEqual([]);
    const service = emulator.service('nowait-svc');
    expect(service?.status).toBe('OPERATION_IN_PROGRESS');
    expect(result.outputs['operation-id']).toBe(service?.operations[0].id);
    expect(result.stdout).toContain(`Not waiting for operation ${service?.operations[0].id} (wait: false).`);
    expectNoLeaks(result);
  });
});
