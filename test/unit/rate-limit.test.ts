import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from '../../tools/emulator/rate-limit.ts';

describe('RateLimiter (the emulator account-level request rate)', () => {
  it('lets a burst of `rate` requests through, then refills at `rate` per second', () => {
    const limiter = new RateLimiter({ apprunner: 2 });
    expect([0, 0, 0].map((now) => limiter.take('apprunner', now))).toEqual([true, true, false]);
    expect(limiter.take('apprunner', 400)).toBe(false);
    expect(limiter.take('apprunner', 500)).toBe(true);
    expect(limiter.take('apprunner', 600)).toBe(false);
    // Idle time fills the bucket to its burst, never beyond.
    expect([10_000, 10_000, 10_000].map((now) => limiter.take('apprunner', now))).toEqual([true, true, false]);
  });

  it('limits each API on its own and leaves the others free', () => {
    const limiter = new RateLimiter({ apprunner: 1, ecs: 1 });
    expect(limiter.take('apprunner', 0)).toBe(true);
    expect(limiter.take('apprunner', 0)).toBe(false);
    expect(limiter.take('ecs', 0)).toBe(true);
    expect(Array.from({ length: 50 }, () => limiter.take('ecr', 0)).every(Boolean)).toBe(true);
  });

  it('starts full again after a reset, and refuses a rate that is not positive', () => {
    const limiter = new RateLimiter({ ecs: 1 });
    limiter.take('ecs', 0);
    limiter.reset();
    expect(limiter.take('ecs', 0)).toBe(true);
    expect(() => new RateLimiter({ ecs: 0 })).toThrow('rateLimits.ecs must be a positive number');
  });
});
