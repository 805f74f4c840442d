import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface EspnSummary {
  header: { id: string; competitions: Array<{ competitors: Array<{ homeAway: 'home' | 'away'; team: { abbreviation: string } }> }> };
  boxscore: { players?: Array<{ statistics: Array<{ athletes: unknown[] }> }> };
}

/** ESPN's game summary for one event: the last box-score fallback after balldontlie and NBA.com. */
export class EspnGameSummaryScraper implements Scraper {
  readonly name = 'espn_game_summary';
  readonly source = 'espn' as const;
  readonly endpoint = 'summary';
  readonly provider = 'espn' as const;
  readonly scope = 'game' as const;

  async scrape({ gameDate, upstreamGameId, http }: ScrapeContext): Promise<ScrapeResult> {
    if (!upstreamGameId) throw new Error(`${this.name} needs the ESPN event id`);
    const { data } = await http.get<EspnSummary>('/apis/site/v2/sports/basketball/nba/summary', { params: { event: upstreamGameId } });
    const athletes = (data.boxscore.players ?? []).reduce(
      (sum, team) => sum + team.statistics.reduce((inner, group) => inner + (group.athletes?.length ?? 0), 0),
      0,
    );
    const competitors = data.header.competitions[0].competitors;
    const home = competitors.find((competitor) => competitor.homeAway === 'home')?.team.abbreviation;
    const away = competitors.find((competitor) => competitor.homeAway === 'away')?.team.abbreviation;
    const { games, detail } = listMappable(athletes > 0 ? [mappableGame(gameDate, home, away, 'espn', { upstreamGameId: data.header.id, isFinal: true })] : []);
    return { status: athletes > 0 ? 'success' : 'no_data', records: athletes, games, detail, payload: data };
  }
}
