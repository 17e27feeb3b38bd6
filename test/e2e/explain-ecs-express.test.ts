import { describe, expect, it } from '@jest/globals';
import { expectFailure, expectNoLeaks, expectSuccess, seededImage } from './support/harness.ts';
import { createInputs, seedActiveExpress, STAGE_MS } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/** ECS Express failures whose `::error::` line says what serves now, the cause, and what to do next. */
const harness = useHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });

describe('ECS Express failures that explain themselves', () => {
  it('a rollback: serving-image-uri is the old image, image-uri the one attempted; the error says so', async () => {
    const { emulator } = harness;
    const { v1, v2 } = seedActiveExpress(emulator, 'explain-api');
    emulator.planNextEcsDeployment('explain-api', { outcome: 'circuit-breaker' });
    const result = await harness.run({ service: 'explain-api', image: v2 });

    expectFailure(result, 'ROLLBACK_SUCCESSFUL');
    expect(result.outputs).toMatchObject({ 'image-uri': v2, 'serving-image-uri': v1 });
    const error = result.errors[0];
    expect(error).toContain(`serves ${v1}`);
    expect(error).toMatch(/circuit breaker/i);
    expect(error).toMatch(/deploy again/);
    expect(error).toContain('above');
    expect(result.summary).toContain(`Still serving: ${v1}`);
    expectNoLeaks(result);
  });

  it('a failed create serves nothing: no serving-image-uri, and the error says nothing serves', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'explain-new-api', 'v1');
    emulator.planNextEcsDeployment('explain-new-api', { outcome: 'circuit-breaker' });
    const result = await harness.run(createInputs(emulator, 'explain-new-api', image));

    expectFailure(result, 'STOPPED');
    expect(result.outputs['serving-image-uri'] ?? '').toBe('');
    expect(result.errors[0]).toMatch(/serves nothing/);
    expect(result.summary).not.toContain('Still serving');
  });

  it('a successful update serves the image it deployed', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'explain-ok-api');
    const result = await harness.run({ service: 'explain-ok-api', image: v2 });

    expectSuccess(result);
    expect(result.outputs).toMatchObject({ 'image-uri': v2, 'serving-image-uri': v2 });
    expect(result.summary).not.toContain('Still serving');
  });
});
