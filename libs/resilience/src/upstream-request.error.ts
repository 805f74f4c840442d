export type UpstreamErrorKind = 'http' | 'timeout' | 'network' | 'invalid_json' | 'circuit_open' | 'rate_limited';

export interface UpstreamRequestErrorDetails {
  provider: string;
  /** Secrets already redacted. */
  url: string;
  kind: UpstreamErrorKind;
  /** The last HTTP status, when the last attempt got an answer. */
  status?: number;
  /** Requests actually sent: 0 when the circuit refused the call. */
  attempts: number;
  statusesSeen: number[];
  /** What the upstream's last Retry-After asked for, uncapped, rounded up to whole seconds. */
  retryAfterSeconds?: number;
  /** The underlying error code (ECONNRESET, ETIMEDOUT, ...), when there is one. */
  code?: string;
  /** What went wrong, in words; secrets already redacted. */
  reason: string;
}

/**
 * The one error every upstream call fails with. It carries no request config or raw axios error,
 * because those hold API keys and proxy credentials that a logger would happily print.
 */
export class UpstreamRequestError extends Error {
  override readonly name = 'UpstreamRequestError';
  readonly provider: string;
  readonly url: string;
  readonly kind: UpstreamErrorKind;
  readonly status?: number;
  readonly attempts: number;
  readonly statusesSeen: number[];
  readonly retryAfterSeconds?: number;
  readonly code?: string;
  readonly reason: string;

  constructor(details: UpstreamRequestErrorDetails) {
    super(describe(details));
    this.provider = details.provider;
    this.url = details.url;
    this.kind = details.kind;
    this.status = details.status;
    this.attempts = details.attempts;
    this.statusesSeen = [...details.statusesSeen];
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.code = details.code;
    this.reason = details.reason;
  }
}

function describe(details: UpstreamRequestErrorDetails): string {
  const request = `${details.provider} GET ${details.url}`;
  if (details.kind === 'circuit_open') return `${request} not sent: ${details.reason}`;
  const attempts = `${details.attempts} attempt${details.attempts === 1 ? '' : 's'}`;
  const statuses = details.statusesSeen.length > 0 ? ` (HTTP statuses seen: ${details.statusesSeen.join(', ')})` : '';
  return `${request} failed [${details.kind}] after ${attempts}: ${details.reason}${statuses}`;
}
