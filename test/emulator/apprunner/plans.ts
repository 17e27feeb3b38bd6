/**
 * How the next operation of a service unfolds in real time. Either explicit steps, or an outcome shorthand expanded
 * into the status sequence App Runner reports for it.
 */
import type { OperationStatus } from './model.ts';

export interface PlanStep {
  status: OperationStatus;
  /** How long the operation stays in this status; a last step without `ms` that is not terminal never ends. */
  ms?: number;
}

export type PlanOutcome = 'succeed' | 'fail' | 'rollback' | 'rollback-fail' | 'never';

export type OperationPlan = { steps: PlanStep[] } | { outcome: PlanOutcome; durationMs?: number };

export const TERMINAL: ReadonlySet<OperationStatus> = new Set<OperationStatus>([
  'SUCCEEDED',
  'FAILED',
  'ROLLBACK_SUCCEEDED',
  'ROLLBACK_FAILED',
]);

const STATUSES: ReadonlySet<string> = new Set([
  'PENDING',
  'IN_PROGRESS',
  'FAILED',
  'SUCCEEDED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_SUCCEEDED',
]);

export function expandPlan(plan: OperationPlan, defaultMs: number): PlanStep[] {
  if ('steps' in plan) {
    if (plan.steps.length === 0) throw new Error('An operation plan needs at least one step');
    for (const [index, step] of plan.steps.entries()) {
      if (!STATUSES.has(step.status)) throw new Error(`Unknown operation status ${step.status}`);
      if (TERMINAL.has(step.status) && index !== plan.steps.length - 1) {
        throw new Error(`Terminal status ${step.status} must be the last step`);
      }
    }
    return plan.steps.map((step) => ({ ...step }));
  }
  const ms = plan.durationMs ?? defaultMs;
  const half = Math.max(1, Math.round(ms / 2));
  switch (plan.outcome) {
    case 'succeed':
      return [{ status: 'IN_PROGRESS', ms }, { status: 'SUCCEEDED' }];
    case 'fail':
      return [{ status: 'IN_PROGRESS', ms }, { status: 'FAILED' }];
    case 'rollback':
      return [
        { status: 'IN_PROGRESS', ms: half },
        { status: 'ROLLBACK_IN_PROGRESS', ms: half },
        { status: 'ROLLBACK_SUCCEEDED' },
      ];
    case 'rollback-fail':
      return [
        { status: 'IN_PROGRESS', ms: half },
        { status: 'ROLLBACK_IN_PROGRESS', ms: half },
        { status: 'ROLLBACK_FAILED' },
      ];
    case 'never':
      return [{ status: 'IN_PROGRESS' }];
  }
}
