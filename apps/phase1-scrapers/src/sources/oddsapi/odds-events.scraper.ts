import { addDays } from '@lib/messaging';
import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface OddsEvent {
  id: string;
  commence_time: string;
  home_team: string;
  away_team: string;
}

/** NBA game dates are US dates: a date's games tip between its morning UTC and the next morning UTC. */
export function nbaDateWindowUtc(gameDate: string): { from: string; to: string } {
  return { from: `${gameDate}T10:00:00Z`, to: `${addDays(gameDate, 1)}T09:59:59Z` };
}

/** The Odds API's NBA events on a date (their ids are needed for the per-event player props). */
export class OddsEventsScraper implements Scraper {
  readonly name = 'odds_events';
  readonly source = 'odds_api' as const;
  readonly endpoint = 'events';
  readonly provider = 'odds_api' as const;
  readonly scope = 'date' as const;

  constructor(private readonly apiKey: string | undefined) {}

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    if (!this.apiKey) throw new Error('ODDS_API_KEY is not configured');
    const window = nbaDateWindowUtc(gameDate);
    const { data } = await http.get<OddsEvent[]>('/v4/sports/basketball_nba/events', {
      params: { apiKey: this.apiKey, commenceTimeFrom: window.from, commenceTimeTo: window.to },
    });
    const { games, detail } = listMappable(
      data.map((event) => mappableGame(gameDate, event.home_team, event.away_team, 'odds_api', { upstreamGameId: event.id, tipoffUtc: event.commence_time })),
    );
    return { status: data.length > 0 ? 'success' : 'no_data', records: data.length, games, detail, payload: data };
  }
}
