import { TokenBucketRateLimiter } from './rate.limiter';
import { RecordingClock } from './testing/scripted-http.server';

describe('TokenBucketRateLimiter', () => {
  it('lets a full bucket through at once, then one request per refill interval', async () => {
    const clock = new RecordingClock();
    const limiter = new TokenBucketRateLimiter({ requests: 2, perMs: 1_000 }, clock);

    const waits = [];
    for (let request = 0; request < 5; request += 1) waits.push(await limiter.acquire());

    expect(waits).toEqual([0, 0, 500, 500, 500]);
    expect(clock.sleeps).toEqual([500, 500, 500]);
  });

  it('queues concurrent callers in arrival order, each waiting for its own token', async () => {
    const clock = new RecordingClock();
    const frozenClock = { now: clock.now, sleep: async (ms: number) => void clock.sleeps.push(ms) };
    const limiter = new TokenBucketRateLimiter({ requests: 1, perMs: 1_000 }, frozenClock);

    const waits = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);

    expect(waits).toEqual([0, 1_000, 2_000]);
  });

  it('refills while idle, but never beyond its capacity', async () => {
    const clock = new RecordingClock();
    const limiter = new TokenBucketRateLimiter({ requests: 3, perMs: 3_000 }, clock);
    for (let request = 0; request < 3; request += 1) await limiter.acquire();

    clock.advance(60_000);

    expect(limiter.snapshot()).toEqual({ availableTokens: 3, capacity: 3 });
  });
});
