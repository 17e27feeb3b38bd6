/**
 * When to read an Express service deployment next, from what the last answer says. An Express update is mostly two
 * bakes of minutes each (the 5 % canary, then 100 % before the old tasks stop) between stages of seconds, and
 * DescribeServiceDeployments tells how long each bake lasts (`deploymentConfiguration`). So: in short stages read
 * every ~4 s (an end is seen within 5 s, a failure early); in a bake of known length sleep until about its end, then
 * read every ~4 s again. pollUntilEnd cuts every wait to the time left before the timeout.
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import type { Clock } from '../../core/clock.js';
import { pollDelayMs } from '../../core/poll.js';

/** The steady read in short stages, ±15 % so that many runs do not read in step. */
const STEADY_MS = 4000;
/** The shared ramp's length (1, 1, 2, 3 s): worth it only for a deployment that could end that soon. */
const RAMP_MS = 7000;
/**
 * Wake this long before the last bake's expected end: its start is known to a poll's accuracy at best (from
 * `updatedAt` or the read before), and only the clean-up, which may be short, follows it.
 */
const LEAD_MS = 2000;
/** Wake this long after a bake with another ahead: before its end a read would only see it still baking. */
const LAG_MS = 1000;
/** No single wait is longer: a rollback that an alarm starts mid-bake is seen within a minute, not at the bake's end. */
const MAX_SLEEP_MS = 60_000;

const UNDER_WAY: ReadonlySet<string> = new Set(['PENDING', 'IN_PROGRESS']);
/** Stages before the canary's traffic: both bakes are still ahead (PENDING has no stage). */
const BEFORE_CANARY: ReadonlySet<string> = new Set([
  '',
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
]);
/** Stages between the canary bake and the final one. */
const BEFORE_FINAL_BAKE: ReadonlySet<string> = new Set([
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
]);

export interface Bakes {
  /** The canary bake (CANARY strategy only), 0 when not known. */
  canaryMs: number;
  /** BAKE_TIME, after all the traffic moved, 0 when not known. */
  finalMs: number;
}

const minutesMs = (minutes: number | undefined): number =>
  minutes !== undefined && Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;

/** The bakes the deployment's configuration announces. */
export function bakesOf(deployment: ServiceDeployment): Bakes {
  const config = deployment.deploymentConfiguration;
  const canary = config?.strategy === 'CANARY' ? config.canaryConfiguration?.canaryBakeTimeInMinutes : undefined;
  return { canaryMs: minutesMs(canary), finalMs: minutesMs(config?.bakeTimeInMinutes) };
}

/**
 * What a lifecycle stage is: the bake it is (if it is one), and how long the bakes that certainly follow it last
 * while the deployment goes well (a lower bound on the time it still takes). AWS's docs do not say which stage
 * shows the canary bake; POST_TEST_TRAFFIC_SHIFT (the canary's traffic moved) is taken, and if AWS bakes in another
 * stage the sleep is still safe: the canary bake and the final one are both ahead of it.
 */
export function stageOf(stage: string, bakes: Bakes): { bakeMs?: number; aheadMs: number } {
  if (BEFORE_CANARY.has(stage)) return { aheadMs: bakes.canaryMs + bakes.finalMs };
  if (stage === 'POST_TEST_TRAFFIC_SHIFT') return { bakeMs: bakes.canaryMs, aheadMs: bakes.finalMs };
  if (BEFORE_FINAL_BAKE.has(stage)) return { aheadMs: bakes.finalMs };
  if (stage === 'BAKE_TIME') return { bakeMs: bakes.finalMs, aheadMs: 0 };
  return { aheadMs: 0 };
}

export interface ScheduleInput {
  /** 0-based number of the read just made. */
  attempt: number;
  answer: ServiceDeployment | undefined;
  /** When the answer's stage began (estimated), if known. */
  stageStartedAt?: number;
  now: number;
  random: number;
}

/** A read in a short stage, or once a bake's expected end is near or past. */
function shortDelayMs(attempt: number, aheadMs: number, random: number): number {
  // Minutes of bakes still ahead: ±15 % around 4 s, so that many runs do not read in step.
  if (aheadMs >= RAMP_MS) return Math.round(STEADY_MS * (0.85 + 0.3 * random));
  // The end may come at any read (clean-up, the end of the last bake, a rollback): the shared ramp first, then no
  // more than 4 s apart, so that the step exits within 5 s of the end, process exit included.
  if (attempt < 4) return pollDelayMs(attempt, random);
  return Math.round(STEADY_MS * (0.85 + 0.15 * random));
}

/** The wait before the next read. */
export function nextDelayMs(input: ScheduleInput): number {
  const { answer, now } = input;
  if (!answer || !UNDER_WAY.has(answer.status ?? '')) return shortDelayMs(input.attempt, 0, input.random);
  const { bakeMs, aheadMs } = stageOf(answer.lifecycleStage ?? '', bakesOf(answer));
  const short = shortDelayMs(input.attempt, aheadMs, input.random);
  if (!bakeMs || input.stageStartedAt === undefined) return short;
  const end = input.stageStartedAt + bakeMs;
  // The last bake: wake before its end, then read every ~4 s. A bake with another ahead: waking a little late
  // costs nothing, as the deployment cannot end before the next bake does.
  const wake = aheadMs > 0 ? end + Math.min(LAG_MS, aheadMs) : end - LEAD_MS;
  return Math.max(short, Math.min(wake - now, MAX_SLEEP_MS));
}

export interface StageSighting {
  stage: string;
  /** Estimated start of the stage; undefined when first seen without an earlier read to bound it. */
  startedAt?: number;
  /** When the stage was last read. */
  polledAt: number;
  answer?: ServiceDeployment;
}

/**
 * When a stage first seen at `now` began: after the read before (which saw another stage), at `updatedAt` if that
 * falls in between (ECS stamps a stage change; a clock skew or a later stamp cannot move it outside the bounds).
 * Without a read before, nothing bounds it, so no long sleep is taken on it.
 */
export function stageStart(previousPollAt: number | undefined, now: number, updatedAt?: Date): number | undefined {
  if (previousPollAt === undefined) return undefined;
  const updated = updatedAt?.getTime();
  return updated !== undefined && updated >= previousPollAt && updated <= now ? updated : previousPollAt;
}

/** The sighting after a read answered `answer` at `now`. The same answer again (a failed read) says nothing new. */
export function sight(
  previous: StageSighting | undefined,
  answer: ServiceDeployment | undefined,
  now: number,
): StageSighting {
  if (previous && answer === previous.answer) return previous;
  const stage = answer?.lifecycleStage ?? '';
  if (previous && previous.stage === stage) return { ...previous, polledAt: now, answer };
  return { stage, startedAt: stageStart(previous?.polledAt, now, answer?.updatedAt), polledAt: now, answer };
}

/** pollUntilEnd's `delayMs` for one deployment: it remembers when each stage was first seen. */
export function expressSchedule(): (attempt: number, answer: ServiceDeployment | undefined, clock: Clock) => number {
  let sighting: StageSighting | undefined;
  return (attempt, answer, clock) => {
    const now = clock.now();
    sighting = sight(sighting, answer, now);
    return nextDelayMs({ attempt, answer, stageStartedAt: sighting.startedAt, now, random: clock.random() });
  };
}
