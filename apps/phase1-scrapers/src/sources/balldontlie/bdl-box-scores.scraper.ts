import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface BdlBoxScore {
  date: string;
  status: string;
  home_team: { abbreviation: string; players: unknown[] };
  visitor_team: { abbreviation: string; players: unknown[] };
}

/** balldontlie box scores for a date: the primary box-score source. */
export class BdlBoxScoresScraper implements Scraper {
  readonly name = 'bdl_box_scores';
  readonly source = 'balldontlie' as const;
  readonly endpoint = 'box_scores';
  readonly provider = 'balldontlie' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const { data } = await http.get<{ data: BdlBoxScore[] }>('/nba/v1/box_scores', { params: { date: gameDate } });
    const withPlayers = data.data.filter((box) => (box.home_team.players?.length ?? 0) + (box.visitor_team.players?.length ?? 0) > 0);
    const players = withPlayers.reduce((sum, box) => sum + box.home_team.players.length + box.visitor_team.players.length, 0);
    // A game between teams that are not NBA teams (All-Star weekend) is stored but not expected downstream.
    const { games, detail } = listMappable(
      withPlayers.map((box) =>
        mappableGame(gameDate, box.home_team.abbreviation, box.visitor_team.abbreviation, 'balldontlie', {
          upstreamGameId: `${gameDate}:${box.visitor_team.abbreviation}@${box.home_team.abbreviation}`,
          isFinal: box.status === 'Final',
        }),
      ),
    );
    return {
      status: withPlayers.length > 0 ? 'success' : 'no_data',
      records: players,
      detail,
      games,
      payload: data,
    };
  }
}
