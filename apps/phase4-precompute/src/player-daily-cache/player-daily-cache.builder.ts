import { daysBetween } from '@lib/messaging';
import { QualityTier, worstTier } from '@lib/quality';

/** A played game from nba_analytics.player_game_summary, as the cache needs it. */
export interface PlayerGameHistory {
  game_id: string;
  game_date: string;
  player_lookup: string;
  team_code: string;
  minutes: number | null;
  points: number | null;
  fga: number | null;
  fta: number | null;
  usage_rate: number | null;
  quality_tier: QualityTier;
}

/** A team game from nba_analytics.team_game_summary. */
export interface TeamGameHistory {
  game_date: string;
  team_code: string;
  pace: number | null;
  opponent_points: number | null;
}

/** A player expected in a game on the date: who, for whom, against whom. No result of that game. */
export interface GameSubject {
  game_id: string;
  player_lookup: string;
  player_id: number | null;
  player_name: string | null;
  team_code: string;
  opponent_code: string;
  is_home: boolean;
}

export interface PlayerDailyCacheRow {
  game_date: string;
  player_lookup: string;
  game_id: string;
  player_id: number | null;
  player_name: string | null;
  team_code: string;
  opponent_code: string;
  is_home: boolean;
  games_played: number;
  points_avg_last_5: number | null;
  points_avg_last_10: number | null;
  points_avg_season: number | null;
  points_std_last_10: number | null;
  minutes_avg_last_5: number | null;
  minutes_avg_last_10: number | null;
  minutes_avg_season: number | null;
  usage_avg_last_5: number | null;
  usage_avg_last_10: number | null;
  usage_avg_season: number | null;
  true_shooting_season: number | null;
  last_game_date: string | null;
  days_rest: number | null;
  back_to_back: boolean;
  team_pace: number | null;
  opponent_points_allowed: number | null;
  history_tier: QualityTier;
  data_through_date: string | null;
}

const round = (value: number | null, digits = 2) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

function mean(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return present.length === 0 ? null : present.reduce((sum, value) => sum + value, 0) / present.length;
}

function std(values: Array<number | null>): number | null {
  const present = values.filter((value): value is number => value !== null);
  if (present.length < 2) return null;
  const average = present.reduce((sum, value) => sum + value, 0) / present.length;
  return Math.sqrt(present.reduce((sum, value) => sum + (value - average) ** 2, 0) / (present.length - 1));
}

/**
 * The player daily cache for one date, from history strictly before it. Rows dated on or after the
 * date are refused rather than filtered, so a caller that leaks a result fails loudly.
 */
export function buildPlayerDailyCache(
  gameDate: string,
  subjects: readonly GameSubject[],
  players: readonly PlayerGameHistory[],
  teams: readonly TeamGameHistory[],
): PlayerDailyCacheRow[] {
  const leaked = [...players, ...teams].find((row) => row.game_date >= gameDate);
  if (leaked) throw new Error(`history for ${gameDate} contains a game dated ${leaked.game_date}: features may only use earlier games`);

  const byPlayer = new Map<string, PlayerGameHistory[]>();
  for (const row of players) {
    const list = byPlayer.get(row.player_lookup) ?? [];
    list.push(row);
    byPlayer.set(row.player_lookup, list);
  }
  for (const list of byPlayer.values()) list.sort((a, b) => (a.game_date < b.game_date ? 1 : a.game_date > b.game_date ? -1 : 0));

  const paceByTeam = new Map<string, Array<number | null>>();
  const allowedByTeam = new Map<string, Array<number | null>>();
  for (const team of teams) {
    paceByTeam.set(team.team_code, [...(paceByTeam.get(team.team_code) ?? []), team.pace]);
    allowedByTeam.set(team.team_code, [...(allowedByTeam.get(team.team_code) ?? []), team.opponent_points]);
  }
  const dataThrough = players.reduce<string | null>((latest, row) => (latest === null || row.game_date > latest ? row.game_date : latest), null);

  return subjects.map((subject) => {
    const games = byPlayer.get(subject.player_lookup) ?? [];
    const last5 = games.slice(0, 5);
    const last10 = games.slice(0, 10);
    const last = games[0];
    const fga = games.reduce((sum, game) => sum + (game.fga ?? 0), 0);
    const fta = games.reduce((sum, game) => sum + (game.fta ?? 0), 0);
    const points = games.reduce((sum, game) => sum + (game.points ?? 0), 0);
    const daysRest = last ? daysBetween(last.game_date, gameDate) - 1 : null;
    return {
      game_date: gameDate,
      player_lookup: subject.player_lookup,
      game_id: subject.game_id,
      player_id: subject.player_id,
      player_name: subject.player_name,
      team_code: subject.team_code,
      opponent_code: subject.opponent_code,
      is_home: subject.is_home,
      games_played: games.length,
      points_avg_last_5: round(mean(last5.map((game) => game.points))),
      points_avg_last_10: round(mean(last10.map((game) => game.points))),
      points_avg_season: round(mean(games.map((game) => game.points))),
      points_std_last_10: round(std(last10.map((game) => game.points))),
      minutes_avg_last_5: round(mean(last5.map((game) => game.minutes))),
      minutes_avg_last_10: round(mean(last10.map((game) => game.minutes))),
      minutes_avg_season: round(mean(games.map((game) => game.minutes))),
      usage_avg_last_5: round(mean(last5.map((game) => game.usage_rate))),
      usage_avg_last_10: round(mean(last10.map((game) => game.usage_rate))),
      usage_avg_season: round(mean(games.map((game) => game.usage_rate))),
      true_shooting_season: fga + fta > 0 ? round(points / (2 * (fga + 0.44 * fta)), 4) : null,
      last_game_date: last?.game_date ?? null,
      days_rest: daysRest,
      back_to_back: daysRest === 0,
      team_pace: round(mean(paceByTeam.get(subject.team_code) ?? [])),
      opponent_points_allowed: round(mean(allowedByTeam.get(subject.opponent_code) ?? [])),
      history_tier: last10.length > 0 ? worstTier(...last10.map((game) => game.quality_tier)) : 'gold',
      data_through_date: dataThrough,
    };
  });
}
