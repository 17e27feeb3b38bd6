/**
 * How the next operation of a service unfolds in real time. Either explicit steps, or an outcome shorthand expanded
 * into the status sequence App Runner reports for it. A plan may name the operation type it is for, so that in a
 * flow of several operations (delete → create, resume → update) the intended one uses it.
 */
import type { EmulatorState } from '../state.ts';
import type { OperationStatus, OperationType, ServiceStatus } from './model.ts';

export interface PlanStep {
  status: OperationStatus;
  /** How long the operation stays in this status; a last step without `ms` that is not terminal never ends. */
  ms?: number;
}

export type PlanOutcome = 'succeed' | 'fail' | 'rollback' | 'rollback-fail' | 'never';

export type OperationPlan = ({ steps: PlanStep[] } | { outcome: PlanOutcome; durationMs?: number }) & {
  /** The operation type this plan is for; without it, the next operation that can follow it takes it. */
  type?: OperationType;
};

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

const TYPES: ReadonlySet<string> = new Set([
  'START_DEPLOYMENT',
  'CREATE_SERVICE',
  'PAUSE_SERVICE',
  'RESUME_SERVICE',
  'DELETE_SERVICE',
  'UPDATE_SERVICE',
]);

/** How long an operation of an outcome plan waits in PENDING before it starts, as App Runner's do briefly. */
export const PENDING_MS = 150;

export interface ExpandOptions {
  /** IN_PROGRESS length when the plan gives none. */
  operationMs: number;
  /** Length of the PENDING step an outcome plan starts with; 0 for an operation already under way. */
  pendingMs: number;
}

export function expandPlan(plan: OperationPlan, options: ExpandOptions): PlanStep[] {
  if (plan.type !== undefined && !TYPES.has(plan.type)) throw new Error(`Unknown operation type ${plan.type}`);
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
  const pending: PlanStep[] = options.pendingMs > 0 ? [{ status: 'PENDING', ms: options.pendingMs }] : [];
  return [...pending, ...outcomeSteps(plan.outcome, plan.durationMs ?? options.operationMs)];
}

function outcomeSteps(outcome: PlanOutcome, ms: number): PlanStep[] {
  const half = Math.max(1, Math.round(ms / 2));
  switch (outcome) {
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

export function rollsBack(plan: OperationPlan): boolean {
  if ('steps' in plan) return plan.steps.some((step) => step.status.startsWith('ROLLBACK_'));
  return plan.outcome === 'rollback' || plan.outcome === 'rollback-fail';
}

/**
 * Only a deployment of a RUNNING service has an old version to go back to. Creates, deletes, pauses, resumes and
 * rebuilds of a CREATE_FAILED service fail instead.
 */
export function canRollBack(type: OperationType, previousStatus: ServiceStatus): boolean {
  return (type === 'UPDATE_SERVICE' || type === 'START_DEPLOYMENT') && previousStatus === 'RUNNING';
}

const NEVER_ROLLS_BACK: ReadonlySet<string> = new Set([
  'CREATE_SERVICE',
  'DELETE_SERVICE',
  'PAUSE_SERVICE',
  'RESUME_SERVICE',
]);

/** Refuses, at planning time, a plan that could never be followed: a rollback of an operation that cannot roll back. */
export function checkPlan(plan: OperationPlan, options: ExpandOptions): void {
  expandPlan(plan, options);
  if (plan.type !== undefined && NEVER_ROLLS_BACK.has(plan.type) && rollsBack(plan)) {
    throw new Error(`A ${plan.type} operation never rolls back; plan it to fail instead`);
  }
}

/** Plans the next operation of `serviceName`; a plan for the same type (or the untyped one) is replaced. */
export function addPlan(state: EmulatorState, init: { serviceName: string; plan: OperationPlan }): void {
  const plans = (state.plans.get(init.serviceName) ?? []).filter((item) => item.type !== init.plan.type);
  state.plans.set(init.serviceName, [...plans, init.plan]);
}

export interface PlanQuery {
  serviceName: string;
  type: OperationType;
  /** Whether this operation can roll back: a plan that rolls back waits for one that can. */
  canRollBack: boolean;
}

function findPlan(state: EmulatorState, query: PlanQuery): number {
  const plans = state.plans.get(query.serviceName) ?? [];
  const suits = (plan: OperationPlan): boolean =>
    (plan.type === undefined || plan.type === query.type) && (query.canRollBack || !rollsBack(plan));
  const named = plans.findIndex((plan) => plan.type === query.type && suits(plan));
  return named >= 0 ? named : plans.findIndex(suits);
}

export function hasPlan(state: EmulatorState, query: PlanQuery): boolean {
  return findPlan(state, query) >= 0;
}

/** The plan this operation follows, removed from the service's plans. */
export function takePlan(state: EmulatorState, query: PlanQuery): OperationPlan | undefined {
  const index = findPlan(state, query);
  if (index < 0) return undefined;
  const plans = state.plans.get(query.serviceName) ?? [];
  const [plan] = plans.splice(index, 1);
  if (plans.length === 0) state.plans.delete(query.serviceName);
  return plan;
}
