import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface ScheduleGame {
  gameId: string;
  gameStatus: number;
  gameDateTimeUTC: string;
  homeTeam: { teamTricode: string };
  awayTeam: { teamTricode: string };
}
interface ScheduleLeagueV2 {
  meta?: unknown;
  leagueSchedule: { seasonYear: string; leagueId: string; gameDates: Array<{ gameDate: string; games: ScheduleGame[] }> };
}

/** 'MM/DD/YYYY 00:00:00' (NBA.com's gameDate) → 'YYYY-MM-DD'. */
export function scheduleDateToIso(gameDate: string): string {
  const [month, day, year] = gameDate.slice(0, 10).split('/');
  return `${year}-${month}-${day}`;
}

/**
 * The date's NBA games as listed games. Knockout games whose teams are not decided yet (empty
 * tricodes) and games of clubs outside the NBA (international preseason clubs, All-Star teams) are
 * not expected downstream; the detail names them with the reason.
 */
export function readScheduledGames(gameDate: string, games: ScheduleGame[]) {
  return listMappable(
    games.map((game) =>
      mappableGame(gameDate, game.homeTeam.teamTricode, game.awayTeam.teamTricode, 'nbacom schedule', {
        nbaGameId: game.gameId,
        upstreamGameId: game.gameId,
        tipoffUtc: game.gameDateTimeUTC,
        isFinal: game.gameStatus === 3,
      }),
    ),
  );
}

/** NBA.com's season schedule (CDN); the payload keeps only the requested date's games. */
export class NbacScheduleScraper implements Scraper {
  readonly name = 'nbac_schedule';
  readonly source = 'nbacom' as const;
  readonly endpoint = 'schedule';
  readonly provider = 'nba_cdn' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const { data } = await http.get<ScheduleLeagueV2>('/static/json/staticData/scheduleLeagueV2.json');
    const day = data.leagueSchedule.gameDates.find((entry) => scheduleDateToIso(entry.gameDate) === gameDate);
    const games = day?.games ?? [];
    const reading = readScheduledGames(gameDate, games);
    return {
      status: games.length > 0 ? 'success' : 'no_data',
      records: games.length,
      games: reading.games,
      detail: reading.detail,
      payload: { leagueSchedule: { seasonYear: data.leagueSchedule.seasonYear, leagueId: data.leagueSchedule.leagueId, gameDates: day ? [day] : [] } },
    };
  }
}
