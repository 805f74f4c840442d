import { ResilientHttpClient, UpstreamRequestError, UpstreamResponse } from '@lib/resilience';
import { ScrapeHttp, ScrapeRequestOptions } from './scraper';

/**
 * Wraps a provider's client for one scraper run and adds up what every request saw (attempts and
 * HTTP statuses, failures included), so the execution log tells the whole story of the run.
 */
export class TallyingHttpClient implements ScrapeHttp {
  attempts = 0;
  /**
   * Each request's statuses, in the order the requests were asked for: requests a scraper has in
   * flight together finish in any order, and the log of the same run must read the same every time.
   */
  private readonly statusesByRequest: number[][] = [];

  constructor(private readonly client: ResilientHttpClient) {}

  get statusesSeen(): number[] {
    return this.statusesByRequest.flat();
  }

  async get<T>(path: string, options: ScrapeRequestOptions = {}): Promise<UpstreamResponse<T>> {
    const statuses: number[] = [];
    this.statusesByRequest.push(statuses);
    try {
      const response = await this.client.get<T>(path, options);
      this.attempts += response.attempts;
      statuses.push(...response.statusesSeen);
      return response;
    } catch (error) {
      if (error instanceof UpstreamRequestError) {
        this.attempts += error.attempts;
        statuses.push(...error.statusesSeen);
      }
      throw error;
    }
  }
}
