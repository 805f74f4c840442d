import { addDays, seasonStartOf } from '@lib/messaging';
import { scheduleDateToIso } from '../../apps/phase1-scrapers/src/sources/nbacom/nbac-schedule.scraper';
import { ClusterClient } from '../cluster/cluster-client';

/** NBA.com game ids: 001… preseason, 002… regular season, 003… All-Star, 004… playoffs, 005… play-in, 006… NBA Cup final. */
const PREDICTED_GAME_ID = /^00[2456]/;

interface SeasonSchedule {
  leagueSchedule: { gameDates: Array<{ gameDate: string; games: Array<{ gameId: string }> }> };
}

/**
 * The season's game dates before `date`, from NBA.com's season schedule (scheduleLeagueV2, the
 * source phase 1 reads; the local cluster's replay serves the bundled one). Preseason and All-Star
 * dates are left out: nothing is predicted from them.
 */
export async function seasonGameDatesBefore(cdnBaseUrl: string, date: string): Promise<string[]> {
  const url = `${cdnBaseUrl.replace(/\/$/, '')}/static/json/staticData/scheduleLeagueV2.json`;
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`the season schedule at ${url} answered ${response.status}`);
  const schedule = (await response.json()) as SeasonSchedule;
  const seasonStart = seasonStartOf(date);
  return schedule.leagueSchedule.gameDates
    .filter((day) => day.games.some((game) => PREDICTED_GAME_ID.test(game.gameId)))
    .map((day) => scheduleDateToIso(day.gameDate))
    .filter((day) => day >= seasonStart && day < date)
    .sort();
}

/** Player-games of the season before `date` in the warehouse: 0 means phase 5 would have nothing to learn from. */
export async function seasonGamesBefore(client: ClusterClient, date: string): Promise<number> {
  const {
    rows: [row],
  } = await client.query(
    'SELECT COUNT(*) AS player_games FROM nba_analytics.player_game_summary WHERE game_date BETWEEN @seasonStart AND @dayBefore',
    { seasonStart: seasonStartOf(date), dayBefore: addDays(date, -1) },
  );
  return Number(row?.player_games ?? 0);
}
