import { isNbaTeam, matchupKey } from '@lib/identity';
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

export interface ScheduleReading {
  games: ListedGame[];
  /** Scheduled games that no box-score source is expected to have, and why. */
  notExpected: Array<{ gameId: string; reason: string }>;
}

/**
 * The date's NBA games as listed games. Knockout games whose teams are not decided yet (empty
 * tricodes) and exhibitions against clubs outside the NBA are set aside with the reason.
 */
export function readScheduledGames(gameDate: string, games: ScheduleGame[]): ScheduleReading {
  const reading: ScheduleReading = { games: [], notExpected: [] };
  for (const game of games) {
    const home = game.homeTeam.teamTricode;
    const away = game.awayTeam.teamTricode;
    if (!home || !away) {
      reading.notExpected.push({ gameId: game.gameId, reason: 'teams not decided yet' });
    } else if (!isNbaTeam(home) || !isNbaTeam(away)) {
      reading.notExpected.push({ gameId: game.gameId, reason: `exhibition against a non-NBA club (${away} at ${home})` });
    } else {
      reading.games.push({
        matchupKey: matchupKey(gameDate, home, away, 'nbacom schedule'),
        nbaGameId: game.gameId,
        upstreamGameId: game.gameId,
        tipoffUtc: game.gameDateTimeUTC,
        isFinal: game.gameStatus === 3,
      });
    }
  }
  return reading;
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
      detail: reading.notExpected.length > 0 ? `not expected: ${reading.notExpected.map((game) => `${game.gameId} (${game.reason})`).join(', ')}` : undefined,
      payload: { leagueSchedule: { seasonYear: data.leagueSchedule.seasonYear, leagueId: data.leagueSchedule.leagueId, gameDates: day ? [day] : [] } },
    };
  }
}
