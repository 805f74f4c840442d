import { AttemptFailure, UpstreamRetryPolicy } from './upstream-retry.policy';

const settings = { maxRetries: 4, baseDelayMs: 1_000, maxDelayMs: 5_000, retryAfterCapSeconds: 30 };

describe('UpstreamRetryPolicy', () => {
  it.each<[string, AttemptFailure, boolean]>([
    ['a timeout', { kind: 'timeout' }, true],
    ['a reset connection', { kind: 'network', transient: true, code: 'ECONNRESET' }, true],
    ['a certificate error', { kind: 'network', transient: false, code: 'CERT_HAS_EXPIRED' }, false],
    ['HTTP 500', { kind: 'http', status: 500 }, true],
    ['HTTP 503', { kind: 'http', status: 503 }, true],
    ['HTTP 429', { kind: 'http', status: 429 }, true],
    ['a 200 whose body does not parse', { kind: 'invalid_body', status: 200 }, true],
    ['HTTP 400', { kind: 'http', status: 400 }, false],
    ['HTTP 401', { kind: 'http', status: 401 }, false],
    ['HTTP 404', { kind: 'http', status: 404 }, false],
  ])('retries %s: %p', (_name, failure, retried) => {
    expect(new UpstreamRetryPolicy(settings, () => 0).shouldRetry(failure)).toBe(retried);
  });

  it('doubles the backoff each retry up to maxDelayMs, jittered between half and all of each step', () => {
    const lowest = new UpstreamRetryPolicy(settings, () => 0);
    const highest = new UpstreamRetryPolicy(settings, () => 0.999999);
    expect([1, 2, 3, 4, 5].map((retry) => lowest.backoffMs(retry))).toEqual([500, 1_000, 2_000, 2_500, 2_500]);
    expect([1, 2, 3, 4, 5].map((retry) => highest.backoffMs(retry))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('waits what Retry-After asks on a 429 or 503, capped, and backs off when it says nothing', () => {
    const policy = new UpstreamRetryPolicy(settings, () => 0);
    expect(policy.delayBeforeRetryMs(1, { kind: 'http', status: 429, retryAfterMs: 7_000 })).toBe(7_000);
    expect(policy.delayBeforeRetryMs(1, { kind: 'http', status: 503, retryAfterMs: 2_000 })).toBe(2_000);
    expect(policy.delayBeforeRetryMs(1, { kind: 'http', status: 429, retryAfterMs: 3_600_000 })).toBe(30_000);
    expect(policy.delayBeforeRetryMs(2, { kind: 'http', status: 429 })).toBe(1_000);
    expect(policy.delayBeforeRetryMs(2, { kind: 'timeout' })).toBe(1_000);
    expect(policy.delayBeforeRetryMs(2, { kind: 'invalid_body', status: 200 })).toBe(1_000);
  });
});
