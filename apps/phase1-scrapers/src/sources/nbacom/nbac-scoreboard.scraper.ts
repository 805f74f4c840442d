import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface ScoreboardV3 {
  scoreboard: {
    gameDate: string;
    games: Array<{ gameId: string; gameStatus: number; gameTimeUTC: string; homeTeam: { teamTricode: string }; awayTeam: { teamTricode: string } }>;
  };
}

/** NBA.com stats scoreboard v3 for a date: the games, their status and scores. */
export class NbacScoreboardScraper implements Scraper {
  readonly name = 'nbac_scoreboard_v3';
  readonly source = 'nbacom' as const;
  readonly endpoint = 'scoreboard_v3';
  readonly provider = 'nba_stats' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const { data } = await http.get<ScoreboardV3>('/stats/scoreboardv3', { params: { GameDate: gameDate, LeagueID: '00' } });
    const listed = data.scoreboard.games;
    const { games, detail } = listMappable(
      listed.map((game) =>
        mappableGame(gameDate, game.homeTeam.teamTricode, game.awayTeam.teamTricode, 'nbacom scoreboard', {
          nbaGameId: game.gameId,
          upstreamGameId: game.gameId,
          tipoffUtc: game.gameTimeUTC,
          isFinal: game.gameStatus === 3,
        }),
      ),
    );
    return { status: listed.length > 0 ? 'success' : 'no_data', records: listed.length, games, detail, payload: data };
  }
}
