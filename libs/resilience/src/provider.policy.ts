/** How one upstream provider is called: every scraper of that provider shares one of these. */
export interface ProviderPolicy {
  /** Short name used in errors, logs and metrics, e.g. 'balldontlie', 'nba_com'. */
  provider: string;
  baseUrl: string;
  /** Per attempt, not per call: each retry gets the full timeout again. */
  timeoutMs: number;
  /** Attempts after the first; 0 disables retries. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest a Retry-After header may make us wait, however long the upstream asks for. */
  retryAfterCapSeconds: number;
  /** At most `requests` attempts (retries included) per `perMs` window. */
  rateLimit: { requests: number; perMs: number };
  circuitBreaker: { failureThreshold: number; coolDownMs: number };
  headers?: Record<string, string>;
  /** NBA.com blocks cloud IPs: production routes it through a proxy. May carry user:password. */
  proxyUrl?: string;
  /** Query parameters whose values never appear in an error, a log line or a returned url, e.g. ['apiKey']. */
  secretQueryParams?: string[];
}

export type ProviderPolicySettings = Pick<ProviderPolicy, 'baseUrl'> & Partial<Omit<ProviderPolicy, 'provider' | 'baseUrl'>>;

export const PROVIDER_POLICY_DEFAULTS: Omit<ProviderPolicy, 'provider' | 'baseUrl'> = {
  timeoutMs: 15_000,
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  retryAfterCapSeconds: 60,
  rateLimit: { requests: 1, perMs: 1_000 },
  circuitBreaker: { failureThreshold: 5, coolDownMs: 60_000 },
};

/** A complete, validated policy: the defaults with this provider's settings laid over them. */
export function providerPolicy(provider: string, settings: ProviderPolicySettings): ProviderPolicy {
  const policy: ProviderPolicy = { ...PROVIDER_POLICY_DEFAULTS, ...settings, provider };
  validateProviderPolicy(policy);
  return policy;
}

/** Throws naming the provider and the field, so a bad setting stops start-up rather than the first scrape. */
export function validateProviderPolicy(policy: ProviderPolicy): void {
  const problems: string[] = [];
  const requireNumber = (field: string, value: number, { min, integer }: { min: number; integer?: boolean }) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      problems.push(`${field} must be ${integer ? 'an integer' : 'a number'} >= ${min}, got ${String(value)}`);
    }
  };
  if (!policy.provider?.trim()) problems.push('provider must be a non-empty name');
  if (!isHttpUrl(policy.baseUrl)) problems.push(`baseUrl must be an http(s) URL, got ${JSON.stringify(policy.baseUrl)}`);
  // The proxy URL may hold credentials: say what is wrong with it without echoing it.
  if (policy.proxyUrl !== undefined && !isHttpUrl(policy.proxyUrl)) problems.push('proxyUrl must be an http(s) URL');
  requireNumber('timeoutMs', policy.timeoutMs, { min: 1 });
  requireNumber('maxRetries', policy.maxRetries, { min: 0, integer: true });
  requireNumber('baseDelayMs', policy.baseDelayMs, { min: 0 });
  requireNumber('maxDelayMs', policy.maxDelayMs, { min: policy.baseDelayMs });
  requireNumber('retryAfterCapSeconds', policy.retryAfterCapSeconds, { min: 0 });
  requireNumber('rateLimit.requests', policy.rateLimit?.requests, { min: 1, integer: true });
  requireNumber('rateLimit.perMs', policy.rateLimit?.perMs, { min: 1 });
  requireNumber('circuitBreaker.failureThreshold', policy.circuitBreaker?.failureThreshold, { min: 1, integer: true });
  requireNumber('circuitBreaker.coolDownMs', policy.circuitBreaker?.coolDownMs, { min: 0 });
  if (problems.length > 0) {
    throw new Error(`invalid provider policy for ${JSON.stringify(policy.provider)}: ${problems.join('; ')}`);
  }
}

function isHttpUrl(value: string | undefined): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
