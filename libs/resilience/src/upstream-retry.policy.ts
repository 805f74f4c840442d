import { isNetworkError } from 'axios-retry';
import type { AxiosError } from 'axios';
import { ProviderPolicy } from './provider.policy';
import { retryAfterMs } from './retry-after';

/** One failed attempt, as the retry decision sees it. */
export interface AttemptFailure {
  /** 'invalid_body': a 2xx whose whole body arrived but does not parse (cut short by the upstream, or garbage). */
  kind: 'http' | 'timeout' | 'network' | 'invalid_body';
  status?: number;
  /** What the upstream's Retry-After asked for, uncapped. */
  retryAfterMs?: number;
  /** Only for kind 'network': whether the failure can pass (a reset connection) or will not (a bad certificate). */
  transient?: boolean;
  code?: string;
  /** A 2xx whose body stopped arriving part-way. */
  bodyCutOff?: boolean;
}

export type RetrySettings = Pick<ProviderPolicy, 'maxRetries' | 'baseDelayMs' | 'maxDelayMs' | 'retryAfterCapSeconds'>;

/**
 * The one retry policy of every upstream call: which failures are worth another attempt and how
 * long to wait first. Timeouts, transient network failures, 5xx, 429 and a 2xx whose body does not
 * parse (truncated or garbled: the upstream was unwell, like a 5xx) are retried; any other 4xx is an
 * answer about the request, which will not change by asking again.
 */
export class UpstreamRetryPolicy {
  constructor(
    private readonly settings: RetrySettings,
    private readonly random: () => number,
  ) {}

  get maxRetries(): number {
    return this.settings.maxRetries;
  }

  shouldRetry(failure: AttemptFailure): boolean {
    switch (failure.kind) {
      case 'timeout':
      case 'invalid_body':
        return true;
      case 'network':
        return failure.transient === true;
      case 'http':
        return failure.status === 429 || (failure.status !== undefined && failure.status >= 500);
    }
  }

  /** `retryNumber` counts from 1 (the wait before the second attempt). */
  delayBeforeRetryMs(retryNumber: number, failure: AttemptFailure): number {
    // RFC 9110 gives Retry-After to 429 and 503 alike; on either, the upstream knows better than our backoff.
    if ((failure.status === 429 || failure.status === 503) && failure.retryAfterMs !== undefined) {
      return Math.min(failure.retryAfterMs, this.settings.retryAfterCapSeconds * 1000);
    }
    return this.backoffMs(retryNumber);
  }

  /**
   * Exponential, capped, with "equal jitter": at least half the step, so retries never collapse
   * to zero, and up to the full step, so scrapers that failed together do not retry together.
   */
  backoffMs(retryNumber: number): number {
    const step = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** (retryNumber - 1));
    return Math.round(step / 2 + (step / 2) * this.random());
  }
}

/** The axios error code the client gives a 2xx whose body does not parse as the JSON it asked for. */
export const UNPARSEABLE_BODY_CODE = 'ERR_UNPARSEABLE_BODY';

/** Reads an axios failure into the terms of the retry policy. */
export function attemptFailureOf(error: AxiosError, nowMs: number): AttemptFailure {
  if (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED') return { kind: 'timeout', code: error.code };
  if (error.code === UNPARSEABLE_BODY_CODE && error.response) return { kind: 'invalid_body', status: error.response.status, code: error.code };
  if (error.response && error.response.status >= 200 && error.response.status < 300) {
    // A success status with an error means the body never arrived whole (the connection dropped, or
    // the body stalled past the timeout, which axios reports as an aborted stream): a transfer
    // failure, not the upstream's answer, and the next attempt may well get the whole body.
    return { kind: 'network', transient: true, code: error.code, bodyCutOff: true };
  }
  if (error.response) {
    return { kind: 'http', status: error.response.status, retryAfterMs: retryAfterMs(error.response.headers?.['retry-after'], nowMs), code: error.code };
  }
  return { kind: 'network', transient: isNetworkError(error), code: error.code };
}
