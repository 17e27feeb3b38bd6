/**
 * The endings of a deployment that does not succeed: tasks failing until the circuit breaker trips, an alarm firing in
 * the canary bake, a stop, and the rollback that follows (or STOPPED when a first deployment has nothing to go back to).
 */
import type { EmulatorState } from '../state.ts';
import { addEvent, type DeploymentRecord, type EcsServiceRecord, type RevisionRecord } from './model.ts';
import type { EcsPlan } from './plans.ts';
import { appendLogEvents } from '../logstore.ts';
import { CRASH_LINE, logTarget, runningTasks, startTask, stopTask } from './tasks.ts';

export type Step = () => 'next' | 'hold' | 'end';

export interface Run {
  state: EmulatorState;
  service: EcsServiceRecord;
  deployment: DeploymentRecord;
  plan: EcsPlan;
  stageMs: number;
  failure?: 'crash' | 'image-pull';
}

const CIRCUIT_BREAKER_REASON = 'ECS deployment circuit breaker: tasks failed to start.';

/** One more task of the new revision fails: a running one crashes, or a new one crashes / cannot pull its image. */
function failTask(run: Run): 'next' {
  const { deployment, service, state } = run;
  const running = runningTasks(service, deployment.target.arn)[0];
  if (running) {
    appendLogEvents(state, logTarget(service, deployment.target, running.id), run.plan.crashLines ?? [CRASH_LINE]);
    stopTask(running, { code: 'EssentialContainerExited', reason: 'Essential container in task exited', exitCode: 1 });
    running.containerReason = 'Exit code 1';
  } else {
    const fate = run.failure === 'image-pull' ? 'cannot-pull' : 'crashes';
    const crashLines = run.plan.crashLines;
    const task = startTask(state, { service, revision: deployment.target, deployment, fate, crashLines });
    addEvent(service, `has started 1 tasks: (task ${task.id}).`);
  }
  deployment.circuitBreaker.failureCount += 1;
  return 'next';
}

function triggerAlarm(run: Run): 'next' {
  const { deployment } = run;
  deployment.alarms.triggeredAlarmNames = [...deployment.alarms.alarmNames];
  return 'next';
}

interface Verdict {
  statusReason: string;
  rollbackReason: string;
}

function verdict(run: Run): Verdict {
  if (run.plan.outcome === 'alarm') {
    const names = run.deployment.alarms.alarmNames.join(', ');
    return {
      statusReason: `ECS deployment alarms: alarm(s) triggered: ${names}.`,
      rollbackReason: `CloudWatch alarm(s) ${names} initiated the rollback.`,
    };
  }
  return { statusReason: CIRCUIT_BREAKER_REASON, rollbackReason: 'The circuit breaker initiated the rollback.' };
}

function detectFailure(run: Run): void {
  const { deployment, service } = run;
  if (run.plan.outcome === 'alarm') deployment.alarms.status = 'TRIGGERED';
  else deployment.circuitBreaker.status = 'TRIGGERED';
  deployment.statusReason = verdict(run).statusReason;
  const why = run.plan.outcome === 'alarm' ? 'alarm detected' : 'tasks failed to start';
  addEvent(service, `(deployment ${deployment.legacyId}) deployment failed: ${why}.`);
}

/** A first deployment has no revision to go back to: it stops where it is. */
function stopWithoutSource(run: Run): 'end' {
  detectFailure(run);
  const now = Date.now();
  Object.assign(run.deployment, { status: 'STOPPED', stoppedAt: now, finishedAt: now });
  return 'end';
}

function requestRollback(run: Run, source: RevisionRecord): 'next' {
  const { deployment, service } = run;
  detectFailure(run);
  deployment.status = 'ROLLBACK_REQUESTED';
  deployment.rollback = { reason: verdict(run).rollbackReason, startedAt: Date.now(), serviceRevisionArn: source.arn };
  service.active = source;
  addEvent(service, `rolling back to deployment of revision ${source.arn}.`);
  return 'next';
}

function rollBack(run: Run, source: RevisionRecord): 'next' {
  const { deployment, service } = run;
  deployment.status = 'ROLLBACK_IN_PROGRESS';
  deployment.targetWeight = 0;
  const reason = `Scaling activity initiated by (deployment ${deployment.legacyId})`;
  for (const task of runningTasks(service, deployment.target.arn)) {
    stopTask(task, { code: 'ServiceSchedulerInitiated', reason });
  }
  if (runningTasks(service, source.arn).length === 0) {
    startTask(run.state, { service, revision: source, deployment, fate: 'runs' });
  }
  return 'next';
}

function endRollback(run: Run, failed: boolean): 'end' {
  const { deployment, service } = run;
  deployment.finishedAt = Date.now();
  if (failed) {
    deployment.status = 'ROLLBACK_FAILED';
    deployment.statusReason = `${deployment.statusReason ?? ''} The rollback failed.`.trim();
    // Nothing could be restored: the service stays on the revision that failed.
    service.active = deployment.target;
    addEvent(service, `(deployment ${deployment.legacyId}) rollback failed.`);
  } else {
    deployment.status = 'ROLLBACK_SUCCESSFUL';
    addEvent(service, `(deployment ${deployment.legacyId}) rollback completed.`);
    addEvent(service, 'has reached a steady state.');
  }
  return 'end';
}

function rollbackSteps(run: Run, failed: boolean): Step[] {
  const source = run.deployment.source;
  if (!source) return [() => stopWithoutSource(run)];
  return [() => requestRollback(run, source), () => rollBack(run, source), () => endRollback(run, failed)];
}

function stopSteps(run: Run): Step[] {
  const { deployment, service } = run;
  const requested: Step = () => {
    deployment.status = 'STOP_REQUESTED';
    deployment.statusReason = 'Service deployment stopped.';
    return 'next';
  };
  const stopped: Step = () => {
    const now = Date.now();
    Object.assign(deployment, { status: 'STOPPED', stoppedAt: now, finishedAt: now });
    // The service goes back to what it served before; a first deployment keeps its only revision.
    if (deployment.source) service.active = deployment.source;
    addEvent(service, `(deployment ${deployment.legacyId}) deployment stopped.`);
    return 'end';
  };
  return [requested, stopped];
}

/** The steps after the stage where the plan's outcome happens. */
export function failureSteps(run: Run): Step[] {
  switch (run.plan.outcome) {
    case 'never-ends':
      return [() => 'hold'];
    case 'stopped':
      return stopSteps(run);
    case 'alarm':
      return [() => triggerAlarm(run), ...rollbackSteps(run, false)];
    case 'circuit-breaker':
    case 'rollback-failed': {
      const failures = Array.from({ length: run.deployment.circuitBreaker.threshold }, (): Step => () => failTask(run));
      return [...failures, ...rollbackSteps(run, run.plan.outcome === 'rollback-failed')];
    }
    default:
      return [];
  }
}
