import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK, PlatformConfig } from '@lib/platform';
import { resilienceClock, ResilientHttpClient } from '@lib/resilience';
import { providerPolicies, UPSTREAM_PROVIDERS, UpstreamProvider } from './upstream-providers';

/**
 * One resilient client per upstream provider for the life of the service, so each provider's rate
 * limiter and circuit breaker see every request made to it.
 */
@Injectable()
export class UpstreamClients {
  private readonly clients: Record<UpstreamProvider, ResilientHttpClient>;

  constructor(config: PlatformConfig, @Inject(CLOCK) platformClock: Clock) {
    const clock = resilienceClock({ now: () => platformClock.now().getTime(), ...(platformClock.sleep ? { sleep: (ms: number) => platformClock.sleep!(ms) } : {}) });
    const policies = providerPolicies(config);
    this.clients = Object.fromEntries(
      UPSTREAM_PROVIDERS.map((provider) => {
        const policy = policies[provider];
        const rateLimit = { ...policy.rateLimit, requests: policy.rateLimit.requests * config.UPSTREAM_RATE_LIMIT_FACTOR };
        return [provider, new ResilientHttpClient({ ...policy, rateLimit }, clock)];
      }),
    ) as Record<UpstreamProvider, ResilientHttpClient>;
  }

  forProvider(provider: UpstreamProvider): ResilientHttpClient {
    return this.clients[provider];
  }
}
