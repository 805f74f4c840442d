import { PROVIDER_POLICY_DEFAULTS, providerPolicy } from './provider.policy';

describe('providerPolicy', () => {
  it('lays the provider settings over the defaults', () => {
    const policy = providerPolicy('odds_api', { baseUrl: 'https://api.the-odds-api.com', rateLimit: { requests: 30, perMs: 60_000 }, secretQueryParams: ['apiKey'] });

    expect(policy).toEqual({
      ...PROVIDER_POLICY_DEFAULTS,
      provider: 'odds_api',
      baseUrl: 'https://api.the-odds-api.com',
      rateLimit: { requests: 30, perMs: 60_000 },
      secretQueryParams: ['apiKey'],
    });
  });

  it('refuses a bad policy at construction, naming the provider and every bad field', () => {
    expect(() => providerPolicy('espn', { baseUrl: 'site.api.espn.com', timeoutMs: 0, rateLimit: { requests: 0, perMs: 1_000 } })).toThrow(
      'invalid provider policy for "espn": baseUrl must be an http(s) URL, got "site.api.espn.com"; timeoutMs must be a number >= 1, got 0; rateLimit.requests must be an integer >= 1, got 0',
    );
  });

  it('says a proxy URL is malformed without echoing it, since it may hold a password', () => {
    expect(() => providerPolicy('nba_stats', { baseUrl: 'https://stats.nba.com', proxyUrl: 'user:hunter2@nowhere' })).toThrow(/proxyUrl must be an http\(s\) URL$/);
  });
});
