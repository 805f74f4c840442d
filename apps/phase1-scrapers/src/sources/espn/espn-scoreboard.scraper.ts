import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface EspnScoreboard {
  events: Array<{
    id: string;
    date: string;
    status?: { type?: { completed?: boolean } };
    competitions: Array<{ competitors: Array<{ homeAway: 'home' | 'away'; team: { abbreviation: string } }> }>;
  }>;
}

/** ESPN's scoreboard for a date: the games and their ESPN event ids (needed for game summaries). */
export class EspnScoreboardScraper implements Scraper {
  readonly name = 'espn_scoreboard';
  readonly source = 'espn' as const;
  readonly endpoint = 'scoreboard';
  readonly provider = 'espn' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const { data } = await http.get<EspnScoreboard>('/apis/site/v2/sports/basketball/nba/scoreboard', {
      params: { dates: gameDate.replaceAll('-', '') },
    });
    const { games, detail } = listMappable(
      data.events.map((event) => {
        const competitors = event.competitions[0].competitors;
        const home = competitors.find((competitor) => competitor.homeAway === 'home')?.team.abbreviation;
        const away = competitors.find((competitor) => competitor.homeAway === 'away')?.team.abbreviation;
        return mappableGame(gameDate, home, away, 'espn', { upstreamGameId: event.id, tipoffUtc: event.date, isFinal: event.status?.type?.completed === true });
      }),
    );
    return { status: data.events.length > 0 ? 'success' : 'no_data', records: data.events.length, games, detail, payload: data };
  }
}
