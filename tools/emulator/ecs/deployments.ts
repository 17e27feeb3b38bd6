/**
 * The ECS service deployment state machine, in real time. Each Create/Update makes a new service revision and a
 * deployment that walks the lifecycle stages on timers (one `stageMs` each), then ends where its plan says: SUCCESSFUL,
 * rolled back after the circuit breaker or an alarm, STOPPED, ROLLBACK_FAILED, or never.
 */
import type { EmulatorState } from '../state.ts';
import {
  addEvent,
  ecsArn,
  randomDigits,
  randomToken,
  UNDER_WAY,
  type DeploymentRecord,
  type EcsServiceRecord,
  type ExpressConfig,
  type LifecycleStage,
  type RevisionRecord,
} from './model.ts';
import { assignTaskDefinition } from './config.ts';
import { bakeTimes, DEFAULT_FAIL_AT, STAGES, type EcsPlan } from './plans.ts';
import { failureSteps, type Run, type Step } from './failures.ts';
import { runningTasks, startTask, stopTask } from './tasks.ts';

export type { Run, Step };

/** How many tasks a revision runs: its minimum, at least one (a deployment must prove a task healthy). */
export const taskCount = (revision: RevisionRecord): number => Math.max(1, revision.config.scalingTarget.minTaskCount);

export function startTasks(run: Run, revision: RevisionRecord, count: number): void {
  const started = Array.from({ length: count }, () =>
    startTask(run.state, { service: run.service, revision, deployment: run.deployment, fate: 'runs' }),
  );
  addEvent(run.service, `has started ${count} tasks: ${started.map((task) => `(task ${task.id})`).join(' ')}.`);
}

/** Stops the running tasks that do not belong to `keep`, as the scheduler does when it scales a revision in. */
export function stopOthers(run: Run, keep: RevisionRecord): void {
  const stopping = runningTasks(run.service).filter((task) => task.revisionArn !== keep.arn);
  if (stopping.length === 0) return;
  const reason = `Scaling activity initiated by (deployment ${run.deployment.legacyId})`;
  for (const task of stopping) stopTask(task, { code: 'ServiceSchedulerInitiated', reason });
  addEvent(
    run.service,
    `has stopped ${stopping.length} running tasks: ${stopping.map((task) => `(task ${task.id})`).join(' ')}.`,
  );
}

function enterStage(run: Run, stage: LifecycleStage, failsHere: boolean): 'next' {
  const { deployment } = run;
  deployment.lifecycleStage = stage;
  if (stage === 'RECONCILE_SERVICE') {
    deployment.status = 'IN_PROGRESS';
    deployment.startedAt = Date.now();
  }
  if (stage === 'SCALE_UP' && !failsHere) startTasks(run, deployment.target, taskCount(deployment.target));
  if (stage === 'TEST_TRAFFIC_SHIFT') deployment.targetWeight = deployment.source ? 5 : 100;
  if (stage === 'PRODUCTION_TRAFFIC_SHIFT') deployment.targetWeight = 100;
  if (stage === 'CLEAN_UP') stopOthers(run, deployment.target);
  return 'next';
}

function succeed(run: Run): 'end' {
  const { deployment, service } = run;
  const now = Date.now();
  Object.assign(deployment, { status: 'SUCCESSFUL', finishedAt: now, targetWeight: 100 });
  deployment.circuitBreaker.status = 'MONITORING_COMPLETE';
  deployment.alarms.status = 'MONITORING_COMPLETE';
  addEvent(service, `(deployment ${deployment.legacyId}) deployment completed.`);
  addEvent(service, 'has reached a steady state.');
  return 'end';
}

const CRASHING: ReadonlySet<string> = new Set(['circuit-breaker', 'rollback-failed']);

/** A step and how long until the next one. */
interface Timed {
  step: Step;
  ms: number;
}

function buildSteps(run: Run): Timed[] {
  const failAt = run.plan.failAt ?? DEFAULT_FAIL_AT[run.plan.outcome];
  const { canaryMs, finalMs } = run.deployment.bakes;
  const bakes: Partial<Record<LifecycleStage, number>> = { POST_TEST_TRAFFIC_SHIFT: canaryMs, BAKE_TIME: finalMs };
  const steps: Timed[] = [];
  for (const stage of STAGES) {
    const failsHere = stage === failAt && CRASHING.has(run.plan.outcome);
    // A bake lasts its own time; the stage where the plan's outcome happens (an alarm in the canary bake) one stage.
    const ms = stage === failAt ? run.stageMs : (bakes[stage] ?? run.stageMs);
    steps.push({ step: () => enterStage(run, stage, failsHere), ms });
    if (stage === failAt) return [...steps, ...failureSteps(run).map((step) => ({ step, ms: run.stageMs }))];
  }
  return [...steps, { step: () => succeed(run), ms: run.stageMs }];
}

function advance(run: Run, steps: Timed[], index: number): void {
  // A deployment ended from outside (the service was deleted) takes no further step.
  if (!UNDER_WAY.has(run.deployment.status)) return;
  const result = steps[index].step();
  run.deployment.updatedAt = Date.now();
  if (result === 'next' && index + 1 < steps.length) {
    run.state.later(steps[index].ms, () => advance(run, steps, index + 1));
  }
}

function newRevision(state: EmulatorState, service: EcsServiceRecord, config: ExpressConfig): RevisionRecord {
  assignTaskDefinition(state, service.name, config);
  const arn = ecsArn(state, `service-revision/${service.cluster}/${service.name}/${randomDigits(19)}`);
  const revision = { arn, config, createdAt: Date.now() };
  service.revisions.push(revision);
  return revision;
}

export interface DeploymentStart {
  config: ExpressConfig;
  /** Overrides the planned one (the image-pull verdict, or a seeded deployment). */
  plan?: EcsPlan;
  /** Why failing tasks fail: their container exits (default) or their image cannot be pulled. */
  failure?: 'crash' | 'image-pull';
  /** Seeded already under way: it starts past PENDING. */
  underWay?: boolean;
}

/** A new revision of `config` and its deployment record (PENDING), made the service's current one. */
function newDeployment(state: EmulatorState, service: EcsServiceRecord, config: ExpressConfig): DeploymentRecord {
  const source = service.deployments.length > 0 ? service.active : undefined;
  const target = newRevision(state, service, config);
  const now = Date.now();
  const id = randomToken(21);
  const deployment: DeploymentRecord = {
    id,
    arn: ecsArn(state, `service-deployment/${service.cluster}/${service.name}/${id}`),
    legacyId: `ecs-svc/${randomDigits(19)}`,
    status: 'PENDING',
    createdAt: now,
    updatedAt: now,
    ...(source ? { source } : {}),
    target,
    circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 },
    alarms: { status: 'MONITORING', alarmNames: [`${service.name}-deployment-alarm`], triggeredAlarmNames: [] },
    targetWeight: 0,
    // One stage each unless a plan compresses AWS's bakes (startDeployment).
    bakes: bakeTimes({ outcome: 'success' }, state.ecs.stageMs),
  };
  service.deployments.push(deployment);
  service.active = target;
  service.updatedAt = now;
  return deployment;
}

export function startDeployment(
  state: EmulatorState,
  service: EcsServiceRecord,
  start: DeploymentStart,
): DeploymentRecord {
  const plan = start.plan ?? takeEcsPlan(state, service.name) ?? { outcome: 'success' };
  const deployment = newDeployment(state, service, start.config);
  const stageMs = plan.stageMs ?? state.ecs.stageMs;
  deployment.bakes = bakeTimes(plan, stageMs);
  const run: Run = { state, service, deployment, plan, stageMs, failure: start.failure ?? 'crash' };
  const steps = buildSteps(run);
  if (start.underWay) advance(run, steps, 0);
  else state.later(run.stageMs, () => advance(run, steps, 0));
  return deployment;
}

/** A deployment that already ended SUCCESSFUL (seeding), its tasks running when the service is ACTIVE. */
export function settledDeployment(state: EmulatorState, service: EcsServiceRecord, config: ExpressConfig): void {
  const deployment = newDeployment(state, service, config);
  Object.assign(deployment, {
    status: 'SUCCESSFUL',
    lifecycleStage: 'CLEAN_UP',
    startedAt: deployment.createdAt,
    finishedAt: deployment.createdAt,
    targetWeight: 100,
  });
  deployment.circuitBreaker.status = 'MONITORING_COMPLETE';
  deployment.alarms.status = 'MONITORING_COMPLETE';
  if (service.status !== 'ACTIVE') return;
  const run: Run = { state, service, deployment, plan: { outcome: 'success' }, stageMs: state.ecs.stageMs };
  startTasks(run, deployment.target, taskCount(deployment.target));
}

export function takeEcsPlan(state: EmulatorState, serviceName: string): EcsPlan | undefined {
  const plan = state.ecs.plans.get(serviceName);
  state.ecs.plans.delete(serviceName);
  return plan;
}
