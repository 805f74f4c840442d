import { PlatformConfig } from '@lib/platform';
import { ProviderPolicy } from '@lib/resilience';

export const UPSTREAM_PROVIDERS = ['balldontlie', 'nba_stats', 'nba_cdn', 'nba_injury_report', 'nba_officials', 'espn', 'odds_api', 'bigdataball'] as const;
export type UpstreamProvider = (typeof UPSTREAM_PROVIDERS)[number];

/** Shared defaults; each provider below says only where it differs. */
const SHARED_POLICY = {
  maxRetries: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  retryAfterCapSeconds: 120,
  circuitBreaker: { failureThreshold: 5, coolDownMs: 5 * 60_000 },
};

// NBA.com answers only requests that look like a browser on its own site.
const NBA_COM_HEADERS = {
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  Referer: 'https://www.nba.com/',
  Origin: 'https://www.nba.com',
  Accept: 'application/json, text/plain, */*',
};

/** Each upstream's resilience policy, from configuration: base URLs, keys and the NBA.com proxy. */
export function providerPolicies(config: PlatformConfig): Record<UpstreamProvider, ProviderPolicy> {
  const base = { ...SHARED_POLICY, timeoutMs: config.UPSTREAM_TIMEOUT_MS };
  return {
    balldontlie: {
      ...base,
      provider: 'balldontlie',
      baseUrl: config.BALLDONTLIE_BASE_URL,
      // The free tier allows 5 requests a minute, paid tiers 60–600; 60 is the tier we plan on.
      rateLimit: { requests: 60, perMs: 60_000 },
      headers: config.BALLDONTLIE_API_KEY ? { Authorization: config.BALLDONTLIE_API_KEY } : undefined,
    },
    nba_stats: {
      ...base,
      provider: 'nba_stats',
      baseUrl: config.NBA_STATS_BASE_URL,
      rateLimit: { requests: 20, perMs: 60_000 },
      headers: NBA_COM_HEADERS,
      proxyUrl: config.NBA_PROXY_URL,
    },
    nba_cdn: {
      ...base,
      provider: 'nba_cdn',
      baseUrl: config.NBA_CDN_BASE_URL,
      rateLimit: { requests: 60, perMs: 60_000 },
      headers: NBA_COM_HEADERS,
      proxyUrl: config.NBA_PROXY_URL,
    },
    // A report time not published yet answers 404: one request per time tried, newest first.
    nba_injury_report: {
      ...base,
      provider: 'nba_injury_report',
      baseUrl: config.NBA_INJURY_REPORT_BASE_URL,
      rateLimit: { requests: 60, perMs: 60_000 },
      headers: { ...NBA_COM_HEADERS, Accept: 'application/pdf' },
      proxyUrl: config.NBA_PROXY_URL,
    },
    nba_officials: {
      ...base,
      provider: 'nba_officials',
      baseUrl: config.NBA_REFEREE_ASSIGNMENTS_BASE_URL,
      rateLimit: { requests: 20, perMs: 60_000 },
      headers: { ...NBA_COM_HEADERS, Referer: 'https://official.nba.com/', Origin: 'https://official.nba.com', Accept: 'text/html,application/xhtml+xml' },
      proxyUrl: config.NBA_PROXY_URL,
    },
    espn: { ...base, provider: 'espn', baseUrl: config.ESPN_BASE_URL, rateLimit: { requests: 60, perMs: 60_000 } },
    odds_api: {
      ...base,
      provider: 'odds_api',
      baseUrl: config.ODDS_API_BASE_URL,
      rateLimit: { requests: 30, perMs: 60_000 },
      secretQueryParams: ['apiKey'],
    },
    bigdataball: { ...base, provider: 'bigdataball', baseUrl: config.BIGDATABALL_BASE_URL, rateLimit: { requests: 30, perMs: 60_000 } },
  };
}
