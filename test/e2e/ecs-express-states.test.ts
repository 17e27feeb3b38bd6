import { describe, expect, it } from '@jest/globals';
import {
  expectFailure,
  expectNoLeaks,
  expectSuccess,
  mutating,
  mutatingOperations,
  seededImage,
  type Harness,
} from './support/harness.ts';
import { createInputs, executionRole, infrastructureRole, servedRevision, STAGE_MS } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/** ECS Express services that are not simply ACTIVE and idle. */
const harness = useHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });

type SeedInput = Parameters<Harness['emulator']['seedExpressService']>[0];

/** An Express service on `<name>:v1`; `extra` (given the v1 image) adds a status or a deployment under way. */
function seed(name: string, extra: (v1: string) => Partial<SeedInput> = () => ({})) {
  const { emulator } = harness;
  const v1 = seededImage(emulator, name, 'v1');
  const v2 = seededImage(emulator, name, 'v2');
  const state = emulator.seedExpressService({
    name,
    config: {
      infrastructureRoleArn: infrastructureRole(emulator),
      executionRoleArn: executionRole(emulator),
      primaryContainer: { image: v1, containerPort: 8080 },
    },
    ...extra(v1),
  });
  return { v1, v2, state };
}

describe('ECS Express: services that are not simply ACTIVE', () => {
  it('refuses a DRAINING service within seconds, changing nothing, and says what to do', async () => {
    const { emulator } = harness;
    const { v2 } = seed('draining-api', () => ({ status: 'DRAINING', drainMs: 60_000 }));
    const result = await harness.run(createInputs(emulator, 'draining-api', v2));

    expectFailure(result, 'DRAINING');
    // What to do: wait until it is INACTIVE (deleted), then run again to create it.
    expect(result.errors[0]).toMatch(/wait|again|re-?run|INACTIVE/i);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.expressService('draining-api')?.status).toBe('DRAINING');
    expect(result.outputs['service-status']).toBe('DRAINING');
    expect(result.durationMs).toBeLessThan(10_000);
    expectNoLeaks(result);
  });

  it('creates an INACTIVE (deleted) service again', async () => {
    const { emulator } = harness;
    const { v2 } = seed('inactive-api', () => ({ status: 'INACTIVE' }));
    const result = await harness.run(createInputs(emulator, 'inactive-api', v2));

    expectSuccess(result);
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateExpressGatewayService']);
    const state = emulator.expressService('inactive-api');
    expect(state?.status).toBe('ACTIVE');
    expect(state?.deployments).toHaveLength(1);
    expect(state?.deployments[0].status).toBe('SUCCESSFUL');
    expect(servedRevision(emulator, 'inactive-api')?.config.primaryContainer?.image).toBe(v2);
    expect(result.outputs).toMatchObject({
      'service-arn': state?.arn,
      'service-status': 'ACTIVE',
      'deployment-arn': state?.deployments[0].arn,
      'deployment-status': 'SUCCESSFUL',
      'image-uri': v2,
    });
    expectNoLeaks(result);
  });

  it('waits for a deployment already in progress, then deploys (on-busy: wait, the default)', async () => {
    const { emulator } = harness;
    const { v2 } = seed('busy-api', (v1) => ({
      deployment: {
        config: { primaryContainer: { image: v1, containerPort: 8080, environment: [{ name: 'BUSY', value: '1' }] } },
        plan: { outcome: 'success', stageMs: 200 },
      },
    }));
    const busy = emulator.expressService('busy-api')?.deployments[0];
    expect(busy?.status).toBe('IN_PROGRESS');
    const result = await harness.run({ service: 'busy-api', image: v2 });

    expectSuccess(result);
    // One Update, and not refused: it came after the earlier deployment had ended.
    const updates = emulator.calls().filter((call) => call.operation === 'UpdateExpressGatewayService');
    expect(updates.map((call) => call.error)).toEqual([undefined]);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    const state = emulator.expressService('busy-api');
    expect(state?.deployments.map((deployment) => deployment.status)).toEqual([
      'SUCCESSFUL',
      'SUCCESSFUL',
      'SUCCESSFUL',
    ]);
    expect(state?.deployments[1].arn).toBe(busy?.arn);
    expect(result.outputs['deployment-arn']).toBe(state?.deployments[0].arn);
    expect(servedRevision(emulator, 'busy-api')?.config.primaryContainer?.image).toBe(v2);
    expect(result.stdout).toContain(busy?.arn ?? 'busy deployment');
    expectNoLeaks(result);
  });

  it('refuses a service with a deployment in progress with on-busy: fail, changing nothing', async () => {
    const { emulator } = harness;
    const { v2 } = seed('busy-fail-api', (v1) => ({
      deployment: {
        config: { primaryContainer: { image: v1, containerPort: 8080 } },
        plan: { outcome: 'never-ends' },
      },
    }));
    const result = await harness.run({ service: 'busy-fail-api', image: v2, 'on-busy': 'fail' });

    expectFailure(result, /IN_PROGRESS|in progress/i);
    expect(mutating(emulator.calls())).toEqual([]);
    expect(emulator.expressService('busy-fail-api')?.deployments[0].status).toBe('IN_PROGRESS');
    expect(result.durationMs).toBeLessThan(10_000);
    expectNoLeaks(result);
  });
});
