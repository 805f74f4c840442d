import { matchupKey } from '@lib/identity';
import { ListedGame, Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

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

export function scheduledGames(gameDate: string, games: ScheduleGame[]): ListedGame[] {
  return games.map((game) => ({
    matchupKey: matchupKey(gameDate, game.homeTeam.teamTricode, game.awayTeam.teamTricode, 'nbacom schedule'),
    nbaGameId: game.gameId,
    upstreamGameId: game.gameId,
    tipoffUtc: game.gameDateTimeUTC,
    isFinal: game.gameStatus === 3,
  }));
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
    return {
      status: games.length > 0 ? 'success' : 'no_data',
      records: games.length,
      games: scheduledGames(gameDate, games),
      payload: { leagueSchedule: { seasonYear: data.leagueSchedule.seasonYear, leagueId: data.leagueSchedule.leagueId, gameDates: day ? [day] : [] } },
    };
  }
}
