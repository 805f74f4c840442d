import { Inject, Injectable, Optional } from '@nestjs/common';
import { PlatformConfig } from '@lib/platform';
import { ResilienceClock, ResilientHttpClient } from '@lib/resilience';

/** Tests give the clients a clock whose waits are short; real timers otherwise. */
export const RESILIENCE_CLOCK = Symbol('RESILIENCE_CLOCK');
import { providerPolicies, UPSTREAM_PROVIDERS, UpstreamProvider } from './upstream-providers';

/**
 * One resilient client per upstream provider for the life of the service, so each provider's rate
 * limiter and circuit breaker see every request made to it.
 */
@Injectable()
export class UpstreamClients {
  private readonly clients: Record<UpstreamProvider, ResilientHttpClient>;

  constructor(config: PlatformConfig, @Optional() @Inject(RESILIENCE_CLOCK) clock?: Partial<ResilienceClock>) {
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
