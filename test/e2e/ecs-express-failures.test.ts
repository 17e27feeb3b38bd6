import { describe, expect, it } from '@jest/globals';
import { expectFailure, expectNoLeaks, mutatingOperations, seededImage } from './support/harness.ts';
import { createInputs, seedActiveExpress, servedRevision, STAGE_MS } from './support/ecs-express.ts';
import { useHarness } from './support/use-harness.ts';

/** ECS Express deployments that do not end well: each fails the step and says why, in the log and the summary. */
const harness = useHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });

/** What the emulator's crashing container writes to its log before it exits 1. */
const CRASH_LINE = 'Error: the application failed to start and exits with code 1';

describe('ECS Express: deployments that do not end well', () => {
  it('fails an update the circuit breaker rolled back, naming the stopped tasks, their exit code and the count', async () => {
    const { emulator } = harness;
    const { v1, v2, state: seeded } = seedActiveExpress(emulator, 'crash-api');
    emulator.planNextEcsDeployment('crash-api', { outcome: 'circuit-breaker' });
    const result = await harness.run({ service: 'crash-api', image: v2 });

    expectFailure(result, 'ROLLBACK_SUCCESSFUL');
    const state = emulator.expressService('crash-api');
    const [deployment] = state?.deployments ?? [];
    expect(deployment.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(deployment.failureCount).toBe(3);
    const crashed = state?.tasks.filter((task) => task.stopCode === 'EssentialContainerExited') ?? [];
    expect(crashed.length).toBe(3);
    // The service still serves v1.
    expect(servedRevision(emulator, 'crash-api')?.config.primaryContainer?.image).toBe(v1);
    expect(state?.activeRevisionArn).toBe(deployment.sourceRevisionArn);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    expect(result.outputs).toMatchObject({
      'service-arn': seeded.arn,
      'deployment-arn': deployment.arn,
      'deployment-status': 'ROLLBACK_SUCCESSFUL',
      'service-status': 'ACTIVE',
    });
    // The container's own last words, in the log and in the job summary.
    expect(result.stdout).toContain(CRASH_LINE);
    expect(result.summary).toContain(CRASH_LINE);
    expect(result.summary).toContain('ROLLBACK_SUCCESSFUL');
    expect(result.summary).toContain('❌');
    // The log was read where the container writes it.
    const logReads = emulator.calls().filter((call) => call.service === 'logs');
    expect(logReads.length).toBeGreaterThan(0);
    expectNoLeaks(result);
    // Why, in the error itself: the stopped tasks' reason and exit code, and how many failures tripped the breaker.
    const error = result.errors[0];
    expect(error).toMatch(/circuit breaker/i);
    expect(error).toMatch(/\b3\b[^]*\b3\b/);
    expect(error).toContain(crashed[0].stoppedReason ?? 'Essential container in task exited');
    expect(error).toMatch(/exit code:? ?1\b/i);
  });

  it('fails an update an alarm rolled back, naming the alarm that fired', async () => {
    const { emulator } = harness;
    const { v1, v2 } = seedActiveExpress(emulator, 'alarm-api');
    emulator.planNextEcsDeployment('alarm-api', { outcome: 'alarm' });
    const result = await harness.run({ service: 'alarm-api', image: v2 });

    expectFailure(result, 'ROLLBACK_SUCCESSFUL');
    const [deployment] = emulator.expressService('alarm-api')?.deployments ?? [];
    expect(deployment.status).toBe('ROLLBACK_SUCCESSFUL');
    expect(deployment.triggeredAlarmNames).toEqual(['alarm-api-deployment-alarm']);
    expect(result.errors[0]).toContain('alarm-api-deployment-alarm');
    expect(result.outputs['deployment-status']).toBe('ROLLBACK_SUCCESSFUL');
    expect(servedRevision(emulator, 'alarm-api')?.config.primaryContainer?.image).toBe(v1);
    expect(result.summary).toContain('alarm-api-deployment-alarm');
    expectNoLeaks(result);
  });

  it('fails a deployment that was STOPPED', async () => {
    const { emulator } = harness;
    const { v1, v2 } = seedActiveExpress(emulator, 'stopped-api');
    emulator.planNextEcsDeployment('stopped-api', { outcome: 'stopped' });
    const result = await harness.run({ service: 'stopped-api', image: v2 });

    expectFailure(result, 'STOPPED');
    const [deployment] = emulator.expressService('stopped-api')?.deployments ?? [];
    expect(deployment.status).toBe('STOPPED');
    expect(result.outputs).toMatchObject({ 'deployment-arn': deployment.arn, 'deployment-status': 'STOPPED' });
    expect(servedRevision(emulator, 'stopped-api')?.config.primaryContainer?.image).toBe(v1);
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    expectNoLeaks(result);
  });

  it('fails a rollback that failed, saying the service is left on the failed revision', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'rbfail-api');
    emulator.planNextEcsDeployment('rbfail-api', { outcome: 'rollback-failed' });
    const result = await harness.run({ service: 'rbfail-api', image: v2 });

    expectFailure(result, 'ROLLBACK_FAILED');
    expect(result.outputs['deployment-status']).toBe('ROLLBACK_FAILED');
    expect(emulator.expressService('rbfail-api')?.deployments[0].status).toBe('ROLLBACK_FAILED');
    expectNoLeaks(result);
  });

  it('fails a create whose first deployment trips the circuit breaker (STOPPED: nothing to roll back to)', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'doomed-api', 'v1');
    emulator.planNextEcsDeployment('doomed-api', { outcome: 'circuit-breaker' });
    const result = await harness.run(createInputs(emulator, 'doomed-api', image));

    expectFailure(result, 'STOPPED');
    const state = emulator.expressService('doomed-api');
    expect(state?.deployments[0].status).toBe('STOPPED');
    expect(result.outputs).toMatchObject({ 'service-arn': state?.arn, 'deployment-status': 'STOPPED' });
    expect(mutatingOperations(emulator.calls())).toEqual(['CreateExpressGatewayService']);
    expect(result.stdout).toContain(CRASH_LINE);
    expectNoLeaks(result);
    expect(result.errors[0]).toContain('Essential container in task exited');
  });

  it('names the image pull error when the image is missing from ECR (preflight off)', async () => {
    const { emulator } = harness;
    const { v1 } = seedActiveExpress(emulator, 'pull-api');
    const missing = v1.replace(/:v1$/, ':does-not-exist');
    const result = await harness.run({ service: 'pull-api', image: missing, preflight: 'false' });

    expectFailure(result, 'ROLLBACK_SUCCESSFUL');
    expect(servedRevision(emulator, 'pull-api')?.config.primaryContainer?.image).toBe(v1);
    expect(result.stdout).toContain('CannotPullContainerError');
    expect(result.summary).toContain('CannotPullContainerError');
    // No container of the new revision ever ran: lines of the old, healthy tasks are no reason and must not pose as one.
    expect(result.stdout).not.toContain('Listening on');
    expectNoLeaks(result);
    expect(result.errors[0]).toContain('CannotPullContainerError');
  });

  it('refuses a missing ECR image before any change with preflight (the default)', async () => {
    const { emulator } = harness;
    const { v1 } = seedActiveExpress(emulator, 'preflight-api');
    const missing = v1.replace(/:v1$/, ':does-not-exist');
    const result = await harness.run({ service: 'preflight-api', image: missing });

    expect(result.exitCode).toBe(1);
    expect(result.errors.join('\n')).toContain('does-not-exist');
    expect(mutatingOperations(emulator.calls())).toEqual([]);
    expect(emulator.expressService('preflight-api')?.deployments).toHaveLength(1);
    expectNoLeaks(result);
  });

  it('gives up after wait-timeout, saying the deployment goes on in AWS, within a few seconds of it', async () => {
    const { emulator } = harness;
    const { v2 } = seedActiveExpress(emulator, 'stuck-api');
    emulator.planNextEcsDeployment('stuck-api', { outcome: 'never-ends' });
    const result = await harness.run({ service: 'stuck-api', image: v2, 'wait-timeout': '10' });

    const [deployment] = emulator.expressService('stuck-api')?.deployments ?? [];
    expect(deployment.status).toBe('IN_PROGRESS');
    expectFailure(result, 'IN_PROGRESS');
    expect(result.errors[0]).toMatch(/\bAWS\b/);
    expect(result.errors[0]).toMatch(/10 ?s|wait-timeout/);
    expect(result.outputs).toMatchObject({ 'deployment-arn': deployment.arn, 'deployment-status': 'IN_PROGRESS' });
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
    expect(result.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(result.durationMs).toBeLessThan(10_000 + 5_000);
    expectNoLeaks(result);
  });
});
