import { describe, expect, it } from '@jest/globals';
import {
  accessRole,
  expectFailure,
  expectNoLeaks,
  imageConfig,
  seededImage,
  seedRunningService,
} from './support/harness.ts';
import { useHarness } from './support/use-harness.ts';

/** App Runner failures whose `::error::` line says the service's state now, the cause, and what to do next. */
const harness = useHarness();

const HEALTH = "Health check failed on protocol 'TCP' [Port: '8080'].";

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('App Runner failures that explain themselves', () => {
  it('a failed create: the error names CREATE_FAILED, the health-check cause and on-create-failed', async () => {
    const { emulator } = harness;
    const image = seededImage(emulator, 'explain-create', 'v1');
    emulator.planNextOperation('explain-create', { outcome: 'fail' });
    const result = await harness.run({ service: 'explain-create', image, 'access-role-arn': accessRole(emulator) });

    expect(emulator.service('explain-create')?.status).toBe('CREATE_FAILED');
    expectFailure(result, 'CREATE_FAILED');
    const error = result.errors[0];
    expect(error).toContain(HEALTH);
    expect(error).toContain('on-create-failed: update');
    expect(error).toContain('recreate');
    // A service that never served serves no image.
    expect(result.outputs['serving-image-uri'] ?? '').toBe('');
    expectNoLeaks(result);
  });

  it('a rollback: the error says RUNNING on the previous version and why; serving-image-uri is the old image', async () => {
    const { emulator } = harness;
    const { v1, v2 } = seedRunningService(emulator, 'explain-rollback');
    emulator.planNextOperation('explain-rollback', { outcome: 'rollback', durationMs: 2000 });
    const result = await harness.run({ service: 'explain-rollback', image: v2 });

    expectFailure(result, 'ROLLBACK_SUCCEEDED');
    const error = result.errors[0];
    expect(error).toContain('RUNNING');
    expect(error).toContain(v1);
    expect(error).toContain(HEALTH);
    expect(error).toMatch(/deploy again/);
    expect(result.outputs).toMatchObject({ 'image-uri': v2, 'serving-image-uri': v1 });
    expect(result.summary).toContain(`Still serving: ${v1}`);
    expectNoLeaks(result);
  });

  it('prints each event line once, in the log and in the summary, from the operation’s own stream', async () => {
    const { emulator } = harness;
    const { v2 } = seedRunningService(emulator, 'explain-once');
    emulator.planNextOperation('explain-once', { outcome: 'rollback', durationMs: 2000 });
    const result = await harness.run({ service: 'explain-once', image: v2 });

    expectFailure(result, 'ROLLBACK_SUCCEEDED');
    const operationId = emulator.service('explain-once')?.operations[0].id ?? '';
    // Both streams hold the line, as in AWS; the action prints it once in the events group, once in the error.
    const group = emulator.serviceEventLog('explain-once')?.group ?? '';
    expect(count(emulator.logMessages({ group, stream: 'events' }).join('\n'), HEALTH)).toBe(1);
    expect(count(emulator.logMessages({ group, stream: `deployment/${operationId}` }).join('\n'), HEALTH)).toBe(1);
    const log = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::error::'))
      .join('\n');
    expect(count(log, HEALTH)).toBe(1);
    expect(count(log, 'Failed to deploy your application image.')).toBe(1);
    // Only the summary's events block holds event lines; the Why line holds the cause.
    const events = result.summary.slice(result.summary.indexOf('Service events'));
    expect(count(events, HEALTH)).toBe(1);
    expectNoLeaks(result);
  });

  it('a failed update: RUNNING on the previous version, the cause, and to deploy again', async () => {
    const { emulator } = harness;
    const { v1, v2 } = seedRunningService(emulator, 'explain-fail');
    emulator.planNextOperation('explain-fail', { outcome: 'fail' });
    const result = await harness.run({ service: 'explain-fail', image: v2 });

    expectFailure(result, '(update) failed.');
    const error = result.errors[0];
    expect(error).toContain(`RUNNING and serves ${v1}`);
    expect(error).toContain(HEALTH);
    expect(error).toMatch(/deploy again/);
    expect(result.outputs['serving-image-uri']).toBe(v1);
  });

  it('a failed resume: still PAUSED, why from the events stream, and what to do', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'explain-paused', 'v1');
    const v2 = seededImage(emulator, 'explain-paused', 'v2');
    emulator.seedService({ name: 'explain-paused', status: 'PAUSED', config: imageConfig(emulator, { image: v1 }) });
    emulator.planNextOperation('explain-paused', { outcome: 'fail' });
    const result = await harness.run({ service: 'explain-paused', image: v2, 'on-paused': 'resume' });

    expectFailure(result, 'PAUSED');
    const error = result.errors[0];
    expect(error).toContain('(resume)');
    expect(error).toMatch(/run again|console/);
    // No deployment stream for a resume: the lines come from `events`, since the operation started, once each.
    const log = result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::error::'))
      .join('\n');
    expect(count(log, 'Service resume failed. For details, see service logs.')).toBe(1);
    expect(count(log, 'Service resume started.')).toBe(1);
  });

  it('a failed delete (on-create-failed: recreate): DELETE_FAILED, and to delete it in the console', async () => {
    const { emulator } = harness;
    const v1 = seededImage(emulator, 'explain-undead', 'v1');
    emulator.seedService({
      name: 'explain-undead',
      status: 'CREATE_FAILED',
      config: imageConfig(emulator, { image: v1 }),
    });
    emulator.planNextOperation('explain-undead', { outcome: 'fail' });
    const result = await harness.run({ service: 'explain-undead', image: v1, 'on-create-failed': 'recreate' });

    expect(emulator.service('explain-undead')?.status).toBe('DELETE_FAILED');
    expectFailure(result, '(delete) failed.');
    const error = result.errors[0];
    expect(error).toContain('DELETE_FAILED');
    expect(error).toContain('Service deletion failed');
    expect(error).toContain('Delete it in the App Runner console');
    expect(result.outputs['serving-image-uri'] ?? '').toBe('');
  });

  it('a timeout: the service is still OPERATION_IN_PROGRESS, and the operation goes on in AWS', async () => {
    const { emulator } = harness;
    const { v2 } = seedRunningService(emulator, 'explain-stuck');
    emulator.planNextOperation('explain-stuck', { outcome: 'never' });
    const result = await harness.run({ service: 'explain-stuck', image: v2, 'wait-timeout': '10' });

    expectFailure(result, 'OPERATION_IN_PROGRESS');
    expect(result.errors[0]).toContain('raise `wait-timeout`');
  });
});
