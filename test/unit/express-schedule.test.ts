import { describe, expect, it } from '@jest/globals';
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import type { Clock } from '../../src/core/clock.ts';
import { pollUntilEnd } from '../../src/core/poll.ts';
import {
  bakesOf,
  expressSchedule,
  nextDelayMs,
  sight,
  stageOf,
  stageStart,
} from '../../src/targets/ecs-express/schedule.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** What DescribeServiceDeployments answers for an Express deployment with the given bakes (minutes). */
function deployment(
  over: Partial<ServiceDeployment> = {},
  bakes: { canary?: number; final?: number; strategy?: 'CANARY' | 'ROLLING' } = {},
): ServiceDeployment {
  return {
    status: 'IN_PROGRESS',
    deploymentConfiguration: {
      strategy: bakes.strategy ?? 'CANARY',
      canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: bakes.canary ?? 3 },
      bakeTimeInMinutes: bakes.final ?? 3,
    },
    ...over,
  } as ServiceDeployment;
}

const input = (answer: ServiceDeployment | undefined, more: { stageStartedAt?: number; now?: number } = {}) => ({
  attempt: 10,
  answer,
  now: T0,
  random: 0.5,
  ...more,
});

describe('bakesOf and stageOf', () => {
  it('reads the bakes the deployment configuration announces, the canary one only for a canary', () => {
    expect(bakesOf(deployment())).toEqual({ canaryMs: 3 * MINUTE, finalMs: 3 * MINUTE });
    expect(bakesOf(deployment({}, { canary: 0.75, final: 0.5 }))).toEqual({ canaryMs: 45_000, finalMs: 30_000 });
    expect(bakesOf(deployment({}, { strategy: 'ROLLING' }))).toEqual({ canaryMs: 0, finalMs: 3 * MINUTE });
    expect(bakesOf({ status: 'IN_PROGRESS' })).toEqual({ canaryMs: 0, finalMs: 0 });
  });

  it('knows which stages bake and which bakes are still ahead of each', () => {
    const bakes = { canaryMs: 10, finalMs: 20 };
    expect(stageOf('', bakes)).toEqual({ aheadMs: 30 });
    expect(stageOf('SCALE_UP', bakes)).toEqual({ aheadMs: 30 });
    expect(stageOf('POST_TEST_TRAFFIC_SHIFT', bakes)).toEqual({ bakeMs: 10, aheadMs: 20 });
    expect(stageOf('PRODUCTION_TRAFFIC_SHIFT', bakes)).toEqual({ aheadMs: 20 });
    expect(stageOf('BAKE_TIME', bakes)).toEqual({ bakeMs: 20, aheadMs: 0 });
    expect(stageOf('CLEAN_UP', bakes)).toEqual({ aheadMs: 0 });
  });
});

describe('nextDelayMs', () => {
  it('reads every ~4 s in short stages, with no quick ramp when minutes of bakes are ahead', () => {
    expect(nextDelayMs({ ...input(deployment({ lifecycleStage: 'SCALE_UP' })), attempt: 0 })).toBe(4000);
    expect(nextDelayMs({ ...input(deployment({ status: 'PENDING' })), attempt: 0, random: 0 })).toBe(3400);
    expect(nextDelayMs({ ...input(deployment({ lifecycleStage: 'SCALE_UP' })), random: 0.999 })).toBe(4599);
  });

  it('reads at most 4 s apart once the end may come at any read: clean-up, a rollback', () => {
    expect(nextDelayMs({ ...input(deployment({ lifecycleStage: 'CLEAN_UP' })), random: 0.999 })).toBe(3999);
    expect(nextDelayMs({ ...input(deployment({ lifecycleStage: 'CLEAN_UP' })), random: 0 })).toBe(3400);
    const rolling = deployment({ status: 'ROLLBACK_IN_PROGRESS', lifecycleStage: 'BAKE_TIME' });
    expect(nextDelayMs(input(rolling, { stageStartedAt: T0 }))).toBe(3700);
  });

  it('keeps the shared ramp (1, 1, 2, 3 s) for a deployment that could end within seconds', () => {
    const short = deployment({ lifecycleStage: 'SCALE_UP' }, { canary: 0.001, final: 0.001 });
    expect([0, 1, 2, 3].map((attempt) => nextDelayMs({ ...input(short), attempt }))).toEqual([1000, 1000, 2000, 3000]);
    expect(nextDelayMs({ ...input(undefined), attempt: 0 })).toBe(1000);
  });

  it('sleeps through the canary bake to just after its end: the final bake is still ahead', () => {
    const canary = deployment({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' }, { canary: 0.75 });
    expect(nextDelayMs(input(canary, { stageStartedAt: T0 - 5000 }))).toBe(45_000 - 5000 + 1000);
  });

  it('wakes 2 s before the final bake ends, then reads every ~4 s', () => {
    const bake = deployment({ lifecycleStage: 'BAKE_TIME' }, { final: 0.75 });
    expect(nextDelayMs(input(bake, { stageStartedAt: T0 - 3000 }))).toBe(45_000 - 3000 - 2000);
    expect(nextDelayMs(input(bake, { stageStartedAt: T0 - 42_000 }))).toBe(3700);
    expect(nextDelayMs(input(bake, { stageStartedAt: T0 - 5 * MINUTE }))).toBe(3700);
  });

  it('never sleeps more than a minute at once, so that a rollback mid-bake is seen soon', () => {
    const bake = deployment({ lifecycleStage: 'BAKE_TIME' }, { final: 10 });
    expect(nextDelayMs(input(bake, { stageStartedAt: T0 }))).toBe(60_000);
  });

  it('reads every ~4 s in a bake whose start is not known', () => {
    expect(nextDelayMs(input(deployment({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT' })))).toBe(4000);
    expect(nextDelayMs(input(deployment({ lifecycleStage: 'BAKE_TIME' })))).toBe(3700);
  });
});

describe('stageStart and sight', () => {
  it('puts a new stage between the read before and now, at updatedAt when it falls in between', () => {
    expect(stageStart(undefined, T0, new Date(T0 - 1000))).toBeUndefined();
    expect(stageStart(T0 - 4000, T0, new Date(T0 - 1000))).toBe(T0 - 1000);
    expect(stageStart(T0 - 4000, T0, new Date(T0 - 60_000))).toBe(T0 - 4000);
    expect(stageStart(T0 - 4000, T0, new Date(T0 + 30_000))).toBe(T0 - 4000);
    expect(stageStart(T0 - 4000, T0)).toBe(T0 - 4000);
  });

  it('keeps the first sighting of a stage, and learns nothing from a failed read (the same answer)', () => {
    const scaling = deployment({ lifecycleStage: 'SCALE_UP' });
    const first = sight(undefined, scaling, T0);
    expect(first).toMatchObject({ stage: 'SCALE_UP', startedAt: undefined, polledAt: T0 });
    const baking = deployment({ lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', updatedAt: new Date(T0 + 1500) });
    const second = sight(first, baking, T0 + 4000);
    expect(second).toMatchObject({ stage: 'POST_TEST_TRAFFIC_SHIFT', startedAt: T0 + 1500, polledAt: T0 + 4000 });
    expect(sight(second, baking, T0 + 8000)).toBe(second);
    const again = { ...baking };
    expect(sight(second, again, T0 + 8000)).toMatchObject({ startedAt: T0 + 1500, polledAt: T0 + 8000 });
  });
});

/** An Express update in simulated time: each stage's length, the two bakes from its configuration. */
function simulated(stageMs: number, bakeMinutes: number) {
  const stages: [ServiceDeployment['lifecycleStage'] | undefined, number][] = [
    [undefined, stageMs],
    ['RECONCILE_SERVICE', stageMs],
    ['PRE_SCALE_UP', stageMs],
    ['SCALE_UP', stageMs],
    ['POST_SCALE_UP', stageMs],
    ['TEST_TRAFFIC_SHIFT', stageMs],
    ['POST_TEST_TRAFFIC_SHIFT', bakeMinutes * MINUTE],
    ['PRODUCTION_TRAFFIC_SHIFT', stageMs],
    ['POST_PRODUCTION_TRAFFIC_SHIFT', stageMs],
    ['BAKE_TIME', bakeMinutes * MINUTE],
    ['CLEAN_UP', stageMs],
  ];
  const endsAt = T0 + stages.reduce((sum, [, ms]) => sum + ms, 0);
  const answerAt = (now: number): ServiceDeployment => {
    let start = T0;
    for (const [lifecycleStage, ms] of stages) {
      if (now < start + ms) {
        const status = lifecycleStage ? 'IN_PROGRESS' : 'PENDING';
        return deployment(
          { status, lifecycleStage, updatedAt: new Date(start) },
          { canary: bakeMinutes, final: bakeMinutes },
        );
      }
      start += ms;
    }
    return deployment({ status: 'SUCCESSFUL', lifecycleStage: 'CLEAN_UP', updatedAt: new Date(endsAt) });
  };
  return { endsAt, answerAt };
}

function clockAt(start: number): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
  };
}

describe('expressSchedule through pollUntilEnd', () => {
  const follow = (stageMs: number, bakeMinutes: number, timeoutMs = 30 * MINUTE) => {
    const { endsAt, answerAt } = simulated(stageMs, bakeMinutes);
    const clock = clockAt(T0 + 300);
    let reads = 0;
    const result = pollUntilEnd<ServiceDeployment>({
      read: async () => {
        reads += 1;
        return answerAt(clock.now());
      },
      statusOf: (answer) => [answer?.status, answer?.lifecycleStage].filter(Boolean).join(' '),
      isTerminal: (answer) => answer?.status === 'SUCCESSFUL',
      timeoutMs,
      clock,
      delayMs: expressSchedule(),
    });
    return result.then((polled) => ({ ...polled, reads: () => reads, endsAt, now: clock.now(), sleeps: clock.sleeps }));
  };

  it("sleeps through AWS's 3-minute bakes and still sees every stage and the end within a poll", async () => {
    const run = await follow(8000, 3);
    expect(run.last?.status).toBe('SUCCESSFUL');
    expect(run.now - run.endsAt).toBeLessThanOrEqual(4000);
    // Short stages at ~4 s; each bake in one-minute sleeps rather than 45 reads.
    expect(run.reads()).toBeLessThanOrEqual(30);
    expect(run.sleeps.filter((ms) => ms > 10_000).length).toBeGreaterThanOrEqual(4);
    expect(run.timeline.map((entry) => entry.status)).toContain('IN_PROGRESS BAKE_TIME');
  });

  it('sleeps each compressed bake in one go, waking 2 s before the final one ends', async () => {
    const run = await follow(2000, 0.75);
    expect(run.last?.status).toBe('SUCCESSFUL');
    expect(run.now - run.endsAt).toBeLessThanOrEqual(4000);
    expect(run.sleeps.filter((ms) => ms > 10_000)).toHaveLength(2);
    expect(run.reads()).toBeLessThanOrEqual(10);
  });

  it('never sleeps past the timeout', async () => {
    const run = await follow(2000, 3, 30_000);
    expect(run.timedOut).toBe(true);
    expect(run.now - (T0 + 300)).toBeLessThanOrEqual(30_000);
  });
});
