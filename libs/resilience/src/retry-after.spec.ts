import { retryAfterMs } from './retry-after';

const now = Date.parse('2025-11-05T18:00:00Z');

describe('retryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterMs('7', now)).toBe(7_000);
    expect(retryAfterMs(' 120 ', now)).toBe(120_000);
    expect(retryAfterMs('0', now)).toBe(0);
  });

  it('reads an HTTP-date as the time left until it, against the given clock', () => {
    expect(retryAfterMs('Wed, 05 Nov 2025 18:00:03 GMT', now)).toBe(3_000);
  });

  it('treats an HTTP-date already past as no wait at all', () => {
    expect(retryAfterMs('Wed, 05 Nov 2025 17:59:00 GMT', now)).toBe(0);
  });

  it('takes the first value when the header came twice', () => {
    expect(retryAfterMs(['5', '9'], now)).toBe(5_000);
  });

  it.each([[undefined], [''], ['soon'], ['-5'], ['1e3'], [null]])('knows nothing from %p, so the caller backs off instead', (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined();
  });
});
