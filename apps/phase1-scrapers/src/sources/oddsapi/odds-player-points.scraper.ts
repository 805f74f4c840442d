import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface EventOdds {
  id: string;
  bookmakers: Array<{ key: string; markets: Array<{ key: string; outcomes: unknown[] }> }>;
}

/** The Odds API player_points lines of one event, every bookmaker (US region, American odds). */
export class OddsPlayerPointsScraper implements Scraper {
  readonly name = 'odds_player_points';
  readonly source = 'odds_api' as const;
  readonly endpoint = 'player_points';
  readonly provider = 'odds_api' as const;
  readonly scope = 'game' as const;

  constructor(private readonly apiKey: string | undefined) {}

  async scrape({ upstreamGameId, http }: ScrapeContext): Promise<ScrapeResult> {
    if (!this.apiKey) throw new Error('ODDS_API_KEY is not configured');
    if (!upstreamGameId) throw new Error(`${this.name} needs the Odds API event id`);
    const { data } = await http.get<EventOdds>(`/v4/sports/basketball_nba/events/${encodeURIComponent(upstreamGameId)}/odds`, {
      params: { apiKey: this.apiKey, regions: 'us', markets: 'player_points', oddsFormat: 'american' },
    });
    const outcomes = data.bookmakers.reduce(
      (sum, bookmaker) => sum + bookmaker.markets.filter((market) => market.key === 'player_points').reduce((inner, market) => inner + market.outcomes.length, 0),
      0,
    );
    return { status: outcomes > 0 ? 'success' : 'no_data', records: outcomes, payload: data };
  }
}
