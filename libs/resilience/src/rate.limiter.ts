import { ResilienceClock } from './resilience.clock';

export interface RateLimit {
  requests: number;
  perMs: number;
}

export interface RateLimiterSnapshot {
  /** Negative when callers hold reservations on tokens that have not refilled yet. */
  availableTokens: number;
  capacity: number;
}

/**
 * Token bucket: up to `requests` attempts at once, then one every `perMs / requests` ms. Each
 * caller reserves its token before it waits, so concurrent callers queue in arrival order and
 * none of them can wake up to find its token taken.
 */
export class TokenBucketRateLimiter {
  private readonly capacity: number;
  private tokens: number;
  private refilledAtMs: number;

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Pick<ResilienceClock, 'now' | 'sleep'>,
  ) {
    this.capacity = limit.requests;
    this.tokens = limit.requests;
    this.refilledAtMs = clock.now();
  }

  /** Resolves when the caller may send; returns how long it waited, in ms. */
  async acquire(): Promise<number> {
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    // The epsilon keeps float dust (500.0000001) from costing a whole extra millisecond.
    const waitMs = Math.ceil((-this.tokens * this.limit.perMs) / this.limit.requests - 1e-9);
    await this.clock.sleep(waitMs);
    return waitMs;
  }

  snapshot(): RateLimiterSnapshot {
    this.refill();
    return { availableTokens: this.tokens, capacity: this.capacity };
  }

  private refill(): void {
    const nowMs = this.clock.now();
    const elapsedMs = Math.max(0, nowMs - this.refilledAtMs);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs * this.limit.requests) / this.limit.perMs);
    this.refilledAtMs = nowMs;
  }
}
