import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface BoxScoreTraditionalV3 {
  boxScoreTraditional: {
    gameId: string;
    homeTeam: { teamTricode: string; players: unknown[] };
    awayTeam: { teamTricode: string; players: unknown[] };
  };
}

/** NBA.com stats traditional box score v3 for one game: the second source of box scores. */
export class NbacBoxscoreScraper implements Scraper {
  readonly name = 'nbac_boxscore_v3';
  readonly source = 'nbacom' as const;
  readonly endpoint = 'boxscore_traditional_v3';
  readonly provider = 'nba_stats' as const;
  readonly scope = 'game' as const;

  async scrape({ gameDate, gameId, http }: ScrapeContext): Promise<ScrapeResult> {
    if (!gameId) throw new Error(`${this.name} needs a game id`);
    const { data } = await http.get<BoxScoreTraditionalV3>('/stats/boxscoretraditionalv3', {
      params: { GameID: gameId, LeagueID: '00', StartPeriod: 0, EndPeriod: 0, StartRange: 0, EndRange: 0, RangeType: 0 },
    });
    const box = data.boxScoreTraditional;
    const players = (box.homeTeam?.players?.length ?? 0) + (box.awayTeam?.players?.length ?? 0);
    const { games, detail } = listMappable(
      players > 0 ? [mappableGame(gameDate, box.homeTeam?.teamTricode, box.awayTeam?.teamTricode, 'nbacom boxscore', { nbaGameId: box.gameId, upstreamGameId: box.gameId, isFinal: true })] : [],
    );
    return { status: players > 0 ? 'success' : 'no_data', records: players, games, detail, payload: data };
  }
}
