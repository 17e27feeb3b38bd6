/**
 * The App Runner operation state machine, in real time. Each operation walks its plan's statuses on timers; when it
 * reaches a terminal status the service lands where AWS puts it (new config on success, old config on rollback).
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorState } from '../state.ts';
import {
  deploymentLines,
  deploymentStartLines,
  operationStartedLines,
  operationStatusLines,
  writeDeploymentLog,
  writeServiceEvents,
} from './events.ts';
import type {
  OperationRecord,
  OperationStatus,
  OperationType,
  ServiceConfig,
  ServiceRecord,
  ServiceStatus,
} from './model.ts';
import {
  canRollBack,
  expandPlan,
  PENDING_MS,
  rollsBack,
  takePlan,
  TERMINAL,
  type OperationPlan,
  type PlanStep,
} from './plans.ts';

interface Run {
  state: EmulatorState;
  service: ServiceRecord;
  operation: OperationRecord;
  steps: PlanStep[];
}

interface Landing {
  status: ServiceStatus;
  config: ServiceConfig;
}

const FORWARD_STATUS: Record<OperationType, ServiceStatus> = {
  CREATE_SERVICE: 'RUNNING',
  UPDATE_SERVICE: 'RUNNING',
  START_DEPLOYMENT: 'RUNNING',
  RESUME_SERVICE: 'RUNNING',
  PAUSE_SERVICE: 'PAUSED',
  DELETE_SERVICE: 'DELETED',
};

/** Where the service lands when its operation ends in `status`. */
function landing(operation: OperationRecord, status: OperationStatus): Landing {
  const { previous, target, type } = operation;
  if (status === 'SUCCEEDED') return { status: FORWARD_STATUS[type], config: target };
  // A create that fails leaves a CREATE_FAILED service showing the config it tried.
  if (type === 'CREATE_SERVICE') return { status: 'CREATE_FAILED', config: target };
  if (type === 'DELETE_SERVICE') return { status: 'DELETE_FAILED', config: previous.config };
  // A rebuild (update of a CREATE_FAILED service) that fails stays CREATE_FAILED.
  if (type === 'UPDATE_SERVICE' && previous.status === 'CREATE_FAILED')
    return { status: 'CREATE_FAILED', config: target };
  return { status: previous.status, config: previous.config };
}

function finish(run: Run, status: OperationStatus): void {
  const { service, operation, state } = run;
  const now = Date.now();
  const land = landing(operation, status);
  operation.endedAt = now;
  service.status = land.status;
  service.config = land.config;
  service.updatedAt = now;
  if (land.status === 'DELETED') service.deletedAt = now;
  writeServiceEvents(state, service, operationStatusLines(operation, status, land.status));
}

function enterStep(run: Run, index: number): void {
  const step = run.steps[index];
  const { operation } = run;
  const before = operation.status;
  if (index > 0) {
    operation.status = step.status;
    operation.updatedAt = Date.now();
  }
  if (index > 0)
    writeDeploymentLog(run.state, { service: run.service, operation, lines: deploymentLines(operation, before) });
  if (TERMINAL.has(step.status)) {
    finish(run, step.status);
    return;
  }
  if (index > 0)
    writeServiceEvents(run.state, run.service, operationStatusLines(operation, step.status, run.service.status));
  if (step.ms !== undefined && index < run.steps.length - 1) run.state.later(step.ms, () => enterStep(run, index + 1));
}

export interface OperationStart {
  type: OperationType;
  /** The config the service has once the operation succeeds (shown while it runs, as UpdateService's answer does). */
  target: ServiceConfig;
  /** Overrides the planned/default plan (the image-pull verdict, or an operation seeded under way). */
  plan?: OperationPlan;
  /** The operation was already under way when seeded: it starts past PENDING. */
  underWay?: boolean;
  /** Status to return to on failure when it is not the service's current one (seeding). */
  previousStatus?: ServiceStatus;
  /** Why the operation fails, when it does (default: the new version fails its health check). */
  failure?: OperationRecord['failure'];
  buildLog?: string[];
}

export function startOperation(state: EmulatorState, service: ServiceRecord, start: OperationStart): OperationRecord {
  const previousStatus = start.previousStatus ?? service.status;
  const rollback = canRollBack(start.type, previousStatus);
  const plan =
    start.plan ??
    takePlan(state, { serviceName: service.name, type: start.type, canRollBack: rollback }) ??
    ({ outcome: 'succeed' } satisfies OperationPlan);
  if (rollsBack(plan) && !rollback) {
    throw new Error(`A ${start.type} operation of a ${previousStatus} service cannot roll back`);
  }
  const steps = expandPlan(plan, { operationMs: state.operationMs, pendingMs: start.underWay ? 0 : PENDING_MS });
  const now = Date.now();
  const operation: OperationRecord = {
    id: randomUUID(),
    type: start.type,
    status: steps[0].status,
    targetArn: service.arn,
    startedAt: now,
    updatedAt: now,
    previous: { status: previousStatus, config: service.config },
    target: start.target,
    failure: start.failure ?? 'health-check',
    buildLog: start.buildLog,
  };
  service.operations.push(operation);
  service.status = 'OPERATION_IN_PROGRESS';
  service.config = start.target;
  service.updatedAt = now;
  writeServiceEvents(state, service, operationStartedLines(operation));
  writeDeploymentLog(state, { service, operation, lines: deploymentStartLines(operation) });
  enterStep({ state, service, operation, steps }, 0);
  return operation;
}
