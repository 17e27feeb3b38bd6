import { describe, expect, it } from '@jest/globals';
import {
  CANARIES,
  expectNoLeaks,
  expectSuccess,
  mutating,
  mutatingOperations,
  seededImage,
} from './support/harness.ts';
import {
  activeConfiguration,
  createInputs,
  executionRole,
  infrastructureRole,
  lineWith,
  onlyCall,
  pairs,
  seedActiveExpress,
  servedRevision,
  STAGE_MS,
  taskRole,
} from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/** The ECS Express action (dist/ecs-express/index.js) against the emulator: create, update, no-op, force, dry run. */
const harness = useHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });

describe('ECS Express: the everyday paths', () => {
  it('creates a missing service, follows its deployment, and reports it in outputs and summary', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'shop-web', 'v1');
    const result = await harness.run({ ...createInputs(emulator, 'shop-web', image), port: '8080' });

    expectSuccess(result);
    const state = emulator.expressService('shop-web');
    expect(state?.status).toBe('ACTIVE');
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateExpressGatewayService']);
    const create = onlyCall(emulator.calls(), 'CreateExpressGatewayService');
    expect(create).toMatchObject({
      serviceName: 'shop-web',
      executionRoleArn: executionRole(emulator),
      infrastructureRoleArn: infrastructureRole(emulator),
      primaryContainer: { image, containerPort: 8080 },
    });
    expect(state?.deployments).toHaveLength(1);
    const [deployment] = state?.deployments ?? [];
    expect(deployment.status).toBe('SUCCESSFUL');
    expect(result.outputs).toMatchObject({
      'service-arn': state?.arn,
      'service-url': `https://${state?.endpoint}`,
      'service-status': 'ACTIVE',
      'deployment-arn': deployment.arn,
      'deployment-status': 'SUCCESSFUL',
      'service-revision-arn': deployment.targetRevisionArn,
      'image-uri': image,
    });
    expect(result.outputs['service-url']).toMatch(/^https:\/\/shop-web-[a-z0-9]{8}\.ecs\.eu-west-1\.on\.aws$/);
    expect(servedRevision(emulator, 'shop-web')?.config.primaryContainer?.image).toBe(image);
    expect(result.stdout).toContain('shop-web');
    expect(result.summary).toContain('shop-web');
    expect(result.summary).toContain(image);
    expect(result.summary).toContain('✅');
    expectNoLeaks(result);
  });

  it('updates an ACTIVE service with one Update that sends the whole merged configuration', async () => {
    const { emulator } = harness;
    const { v2, state: seeded, secretArn } = seedActiveExpress(emulator, 'cart-api');
    const result = await harness.run({
      service: 'cart-api',
      image: v2,
      'env-vars': `LOG_LEVEL=debug\nSESSION_KEY=${CANARIES.envValue}`,
    });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    // The whole desired configuration, not only what changed: ECS's handling of omitted members is unconfirmed.
    const update = onlyCall(emulator.calls(), 'UpdateExpressGatewayService');
    expect(update).toMatchObject({
      serviceArn: seeded.arn,
      executionRoleArn: executionRole(emulator),
      taskRoleArn: taskRole(emulator),
      cpu: '256',
      memory: '512',
      healthCheckPath: '/healthz',
      networkConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60001'] },
      scalingTarget: { minTaskCount: 1, maxTaskCount: 4, autoScalingMetric: 'REQUEST_COUNT_PER_TARGET' },
      primaryContainer: { image: v2, containerPort: 8080 },
    });
    const container = (update.primaryContainer ?? {}) as Record<string, unknown>;
    expect(pairs(container.environment)).toEqual({
      KEEP_ME: 'kept',
      LOG_LEVEL: 'debug',
      SESSION_KEY: CANARIES.envValue,
    });
    expect(pairs(container.secrets)).toEqual({ DB_URL: secretArn });

    const state = emulator.expressService('cart-api');
    expect(state?.arn).toBe(seeded.arn);
    expect(state?.deployments).toHaveLength(2);
    const [deployment] = state?.deployments ?? [];
    expect(deployment.status).toBe('SUCCESSFUL');
    const served = servedRevision(emulator, 'cart-api')?.config;
    expect(served?.primaryContainer?.image).toBe(v2);
    expect(served?.healthCheckPath).toBe('/healthz');
    expect(served?.scalingTarget).toMatchObject({ minTaskCount: 1, maxTaskCount: 4 });
    expect(pairs(served?.primaryContainer?.environment)).toMatchObject({ KEEP_ME: 'kept', LOG_LEVEL: 'debug' });
    expect(result.outputs).toMatchObject({
      'service-arn': seeded.arn,
      'deployment-arn': deployment.arn,
      'deployment-status': 'SUCCESSFUL',
      'service-revision-arn': state?.activeRevisionArn,
      'image-uri': v2,
      'service-url': `https://${state?.endpoint}`,
    });
    expect(lineWith(result, ':v1', ':v2')).toBeDefined();
    expect(result.summary).toContain('✅');
    expectNoLeaks(result);
  });

  it('replaces every variable and secret with env-update-strategy: overwrite', async () => {
    const { emulator } = harness;
    const { v1 } = seedActiveExpress(emulator, 'overwrite-api');
    const result = await harness.run({
      service: 'overwrite-api',
      image: v1,
      'env-vars': 'ONLY_ME=1',
      'env-update-strategy': 'overwrite',
    });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    const container = servedRevision(emulator, 'overwrite-api')?.config.primaryContainer;
    expect(pairs(container?.environment)).toEqual({ ONLY_ME: '1' });
    expect(pairs(container?.secrets)).toEqual({});
    expect(lineWith(result, 'KEEP_ME')).toBeDefined();
    expect(lineWith(result, 'DB_URL')).toBeDefined();
    expectNoLeaks(result);
  });

  it('makes no mutating call when nothing changed', async () => {
    const { emulator } = harness;
    const { v1, state: seeded } = seedActiveExpress(emulator, 'no-op-api');
    const result = await harness.run({ service: 'no-op-api', image: v1, 'env-vars': 'LOG_LEVEL=info' });

    expectSuccess(result);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.expressService('no-op-api')?.deployments).toHaveLength(1);
    expect(result.outputs['service-arn']).toBe(seeded.arn);
    expect(result.outputs['service-status']).toBe('ACTIVE');
    expect(result.outputs['deployment-arn']).toBeUndefined();
    expect(result.stdout).toMatch(/no change|nothing to deploy/i);
    expect(result.summary).toMatch(/no change/i);
    expectNoLeaks(result);
  });

  it('starts a new deployment of the same configuration with force-deploy', async () => {
    const { emulator } = harness;
    const { v1 } = seedActiveExpress(emulator, 'forced-api');
    const before = servedRevision(emulator, 'forced-api')?.config;
    const result = await harness.run({ service: 'forced-api', image: v1, 'force-deploy': 'true' });

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    const state = emulator.expressService('forced-api');
    expect(state?.deployments).toHaveLength(2);
    expect(state?.deployments[0].status).toBe('SUCCESSFUL');
    expect(result.outputs['deployment-arn']).toBe(state?.deployments[0].arn);
    expect(result.outputs['deployment-status']).toBe('SUCCESSFUL');
    const after = servedRevision(emulator, 'forced-api')?.config;
    // The same configuration, on a new revision (its managed task definition is registered again).
    expect({ ...after, taskDefinitionArn: '' }).toEqual({ ...before, taskDefinitionArn: '' });
    expect(result.stdout).toContain('force-deploy');
    expectNoLeaks(result);
  });

  it('prints a per-field diff and changes nothing in a dry run', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'dry-api');
    const result = await harness.run({
      service: 'dry-api',
      image: v2,
      cpu: '1',
      memory: '2 GB',
      'health-check-path': '/ready',
      'env-vars': `LOG_LEVEL=debug\nAPI_KEY=${CANARIES.envValue}`,
      'dry-run': 'true',
    });

    expectSuccess(result);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.expressService('dry-api')?.deployments).toHaveLength(1);
    expect(activeConfiguration(emulator, 'dry-api')).toMatchObject({ cpu: '256', healthCheckPath: '/healthz' });
    expect(lineWith(result, 'image', ':v1', ':v2')).toBeDefined();
    expect(lineWith(result, /\bcpu\b/i, /256|0\.25/, /1024|\b1 vCPU|\b1\b/)).toBeDefined();
    expect(lineWith(result, /\bmemory\b/i, /512|0\.5/, /2048|2 GB/)).toBeDefined();
    expect(lineWith(result, /health/i, '/healthz', '/ready')).toBeDefined();
    expect(lineWith(result, 'API_KEY')).toBeDefined();
    expect(lineWith(result, 'LOG_LEVEL')).toBeDefined();
    expect(result.outputs['deployment-arn']).toBeUndefined();
    expect(result.summary).toMatch(/dry run/i);
    expectNoLeaks(result);
  });
});
