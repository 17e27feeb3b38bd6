/**
 * How the next ECS deployment of a service unfolds, planned from the control API. The outcome names a real ending
 * (circuit breaker, alarm, stop, failed rollback, or none); `failAt` names the lifecycle stage where it happens.
 */
import type { LifecycleStage } from './model.ts';

export type EcsOutcome = 'success' | 'circuit-breaker' | 'alarm' | 'stopped' | 'rollback-failed' | 'never-ends';

export interface EcsPlan {
  outcome: EcsOutcome;
  /** How long each lifecycle stage but the two bakes lasts (default: the emulator's `ecsStageMs`). */
  stageMs?: number;
  /**
   * How many times faster than AWS the bakes run: Express's 3-minute canary bake and 3-minute final bake last
   * 180 s / timeScale, and DescribeServiceDeployments reports them as 3 / timeScale minutes, so that what the action
   * reads and how long the bakes last agree. Default: each bake lasts one stage, and is reported so.
   */
  timeScale?: number;
  /** The stage where the outcome happens; defaults in DEFAULT_FAIL_AT. */
  failAt?: LifecycleStage;
  /** What a crashing container logs before it exits (default: CRASH_LINE), e.g. an application's own error output. */
  crashLines?: string[];
}

/** The order ECS walks a service deployment's lifecycle stages in. */
export const STAGES: readonly LifecycleStage[] = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
];

/** The bakes of an Express update (AWS docs, "Updating an Amazon ECS Express Mode service"): ~3 min each. */
export const EXPRESS_BAKE_MINUTES = { canary: 3, final: 3 };

export interface BakeTimes {
  /** POST_TEST_TRAFFIC_SHIFT, with the canary's 5 % of the traffic. */
  canaryMs: number;
  /** BAKE_TIME, with all of it. */
  finalMs: number;
}

/** How long the bakes of a deployment last, in the emulator's (compressed) time; reported in minutes of it. */
export function bakeTimes(plan: EcsPlan, stageMs: number): BakeTimes {
  if (plan.timeScale === undefined) return { canaryMs: stageMs, finalMs: stageMs };
  const ms = (minutes: number) => (minutes * 60_000) / (plan.timeScale as number);
  return { canaryMs: ms(EXPRESS_BAKE_MINUTES.canary), finalMs: ms(EXPRESS_BAKE_MINUTES.final) };
}

/** Tasks crash while scaling up; the alarm fires during the canary bake (after the 5 % test traffic shift). */
export const DEFAULT_FAIL_AT: Record<EcsOutcome, LifecycleStage | undefined> = {
  success: undefined,
  'circuit-breaker': 'SCALE_UP',
  alarm: 'POST_TEST_TRAFFIC_SHIFT',
  stopped: 'SCALE_UP',
  'rollback-failed': 'SCALE_UP',
  'never-ends': 'SCALE_UP',
};

const OUTCOMES: ReadonlySet<string> = new Set(Object.keys(DEFAULT_FAIL_AT));

/** Refuses, at planning time, a plan that could never be followed. */
export function checkEcsPlan(plan: EcsPlan): void {
  if (!OUTCOMES.has(plan.outcome)) throw new Error(`Unknown ECS deployment outcome ${plan.outcome}`);
  if (plan.failAt !== undefined && !STAGES.includes(plan.failAt)) throw new Error(`Unknown stage ${plan.failAt}`);
  if (plan.failAt !== undefined && plan.outcome === 'success') throw new Error('A successful plan has no failAt');
  if (plan.stageMs !== undefined && !(Number.isFinite(plan.stageMs) && plan.stageMs > 0)) {
    throw new Error(`stageMs must be a positive number, got ${plan.stageMs}`);
  }
  if (plan.timeScale !== undefined && !(Number.isFinite(plan.timeScale) && plan.timeScale > 0)) {
    throw new Error(`timeScale must be a positive number, got ${plan.timeScale}`);
  }
}
