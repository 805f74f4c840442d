import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '@lib/platform';
import { ResilientHttpClient } from '@lib/resilience';
import { providerPolicies, UPSTREAM_PROVIDERS, UpstreamProvider } from './upstream-providers';

/**
 * One resilient client per upstream provider for the life of the service, so each provider's rate
 * limiter and circuit breaker see every request made to it.
 */
@Injectable()
export class UpstreamClients {
  private readonly clients: Record<UpstreamProvider, ResilientHttpClient>;

  constructor(config: PlatformConfig) {
    const policies = providerPolicies(config);
    this.clients = Object.fromEntries(
      UPSTREAM_PROVIDERS.map((provider) => [provider, new ResilientHttpClient(policies[provider])]),
    ) as Record<UpstreamProvider, ResilientHttpClient>;
  }

  forProvider(provider: UpstreamProvider): ResilientHttpClient {
    return this.clients[provider];
  }
}
