/**
 * Account-level request rates, as AWS applies them: a token bucket per API (App Runner, ECS, ...) shared by every
 * caller of the account and region. A request that finds the bucket empty is refused with 400 ThrottlingException
 * "Rate exceeded" and changes nothing; it costs no token. The bucket holds a small burst (`rate` tokens, at least 1)
 * and refills continuously at `rate` per second.
 */
import type { AwsServiceName } from './errors.ts';

/** Requests per second, per signing name; an API left out is not limited. */
export type RateLimits = Partial<Record<AwsServiceName | 'ecs', number>>;

interface Bucket {
  rate: number;
  burst: number;
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly limits: RateLimits;
  private buckets = new Map<string, Bucket>();

  constructor(limits: RateLimits = {}) {
    for (const [service, rate] of Object.entries(limits)) {
      if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
        throw new Error(`rateLimits.${service} must be a positive number of requests per second, got ${rate}`);
      }
    }
    this.limits = { ...limits };
  }

  /** Takes a token for a request to `service`: false when the account's rate for it is used up (throttled). */
  take(service: string, now = Date.now()): boolean {
    const rate = this.limits[service as keyof RateLimits];
    if (rate === undefined) return true;
    let bucket = this.buckets.get(service);
    if (!bucket) {
      const burst = Math.max(1, rate);
      bucket = { rate, burst, tokens: burst, at: now };
      this.buckets.set(service, bucket);
    }
    bucket.tokens = Math.min(bucket.burst, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Full buckets again (between tests); the limits stay. */
  reset(): void {
    this.buckets.clear();
  }
}
