import { ResilientHttpClient, UpstreamRequestError, UpstreamResponse } from '@lib/resilience';
import { ScrapeHttp, ScrapeRequestOptions } from './scraper';

/**
 * Wraps a provider's client for one scraper run and adds up what every request saw (attempts and
 * HTTP statuses, failures included), so the execution log tells the whole story of the run.
 */
export class TallyingHttpClient implements ScrapeHttp {
  attempts = 0;
  readonly statusesSeen: number[] = [];

  constructor(private readonly client: ResilientHttpClient) {}

  async get<T>(path: string, options: ScrapeRequestOptions = {}): Promise<UpstreamResponse<T>> {
    try {
      const response = await this.client.get<T>(path, options);
      this.attempts += response.attempts;
      this.statusesSeen.push(...response.statusesSeen);
      return response;
    } catch (error) {
      if (error instanceof UpstreamRequestError) {
        this.attempts += error.attempts;
        this.statusesSeen.push(...error.statusesSeen);
      }
      throw error;
    }
  }
}
