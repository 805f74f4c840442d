/**
 * How long a Retry-After header asks us to wait, in ms, before any cap: either delta-seconds
 * (`120`) or an HTTP-date (`Wed, 05 Nov 2025 18:00:03 GMT`), read against `nowMs` so that a date
 * already past means "now" rather than a negative wait. Undefined when the header is absent or
 * unreadable, so the caller falls back to its backoff instead of retrying at once.
 */
export function retryAfterMs(header: unknown, nowMs: number): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  // A bare number that failed the pattern (e.g. "-5") is not a date either, whatever Date.parse thinks.
  if (/^[-+]?\d/.test(text)) return undefined;
  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}
