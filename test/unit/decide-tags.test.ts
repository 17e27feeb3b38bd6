import { describe, expect, it } from '@jest/globals';
import { decideStep } from '../../src/targets/apprunner/plan/decide.ts';
import { OWNED_KEYS_TAG, planTags } from '../../src/core/tags.ts';

const choices = { service: 'web', onCreateFailed: 'fail', onPaused: 'fail', onBusy: 'wait' } as const;
const failedCreate = {
  Id: 'op-1',
  Type: 'CREATE_SERVICE',
  Status: 'FAILED',
  EndedAt: new Date('2026-11-01T10:00:00Z'),
} as const;

describe('decideStep', () => {
  it('creates a missing service and updates a running one', () => {
    expect(decideStep({ choices })).toEqual({ kind: 'create' });
    expect(decideStep({ status: 'RUNNING', choices })).toEqual({ kind: 'update' });
  });

  it('refuses CREATE_FAILED by default, saying what happened and what to do', () => {
    const step = decideStep({ status: 'CREATE_FAILED', lastOperation: failedCreate, choices });
    expect(step.kind).toBe('refuse');
    if (step.kind !== 'refuse') return;
    expect(step.message).toContain(
      'Service `web` is CREATE_FAILED; its last operation, CREATE_SERVICE op-1, is FAILED at 2026-11-01T10:00:00.000Z',
    );
    expect(step.message).toContain('Nothing was changed');
    expect(step.message).toContain('on-create-failed: update');
    expect(step.message).toContain('ARN and URL change');
  });

  it('follows the user choices for CREATE_FAILED, PAUSED and busy services', () => {
    expect(decideStep({ status: 'CREATE_FAILED', choices: { ...choices, onCreateFailed: 'update' } }).kind).toBe(
      'rebuild',
    );
    expect(decideStep({ status: 'CREATE_FAILED', choices: { ...choices, onCreateFailed: 'recreate' } }).kind).toBe(
      'recreate',
    );
    expect(decideStep({ status: 'PAUSED', choices: { ...choices, onPaused: 'resume' } }).kind).toBe('resume');
    expect(decideStep({ status: 'OPERATION_IN_PROGRESS', choices }).kind).toBe('wait-for-busy');
    const busy = decideStep({ status: 'OPERATION_IN_PROGRESS', choices: { ...choices, onBusy: 'fail' } });
    expect(busy.kind === 'refuse' && busy.message).toContain('on-busy: wait');
  });

  it.each([
    ['PAUSED', 'on-paused: resume'],
    ['DELETE_FAILED', 'deletion failed'],
    ['DELETED', 'another service name'],
    ['SOMETHING_NEW', 'does not know this status'],
  ])('refuses %s', (status, advice) => {
    const step = decideStep({ status, choices });
    expect(step.kind === 'refuse' && step.message).toContain(advice);
  });
});

describe('planTags', () => {
  it('sets wanted tags and records the keys it owns', () => {
    expect(planTags({ current: { other: 'x' }, desired: { team: 'web', env: 'prod' } })).toEqual({
      set: { team: 'web', env: 'prod', [OWNED_KEYS_TAG]: 'env team' },
      remove: [],
      unrecorded: false,
    });
  });

  it('removes keys it set before and leaves tags set by others alone', () => {
    const current = { team: 'web', env: 'prod', other: 'x', [OWNED_KEYS_TAG]: 'env team' };
    expect(planTags({ current, desired: { team: 'web' } })).toEqual({
      set: { [OWNED_KEYS_TAG]: 'team' },
      remove: ['env'],
      unrecorded: false,
    });
    expect(planTags({ current, desired: { team: 'web', env: 'prod' } })).toMatchObject({ set: {}, remove: [] });
    expect(planTags({ current, desired: {} })).toMatchObject({ set: {}, remove: ['env', 'team', OWNED_KEYS_TAG] });
  });

  it('says when the keys cannot be recorded', () => {
    expect(planTags({ current: {}, desired: { 'cost center': 'x' } })).toEqual({
      set: { 'cost center': 'x' },
      remove: [],
      unrecorded: true,
    });
  });
});
