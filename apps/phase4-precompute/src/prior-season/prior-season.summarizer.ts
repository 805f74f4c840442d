import { playerLookup } from '@lib/identity';
import { parseCsv } from '@lib/platform';

/** One player's totals over last season: the prior of the minutes × rate model. */
export interface PriorSeasonLine {
  games: number;
  minutes: number;
  points: number;
  fga: number;
}

export type PriorSeasonTotals = Record<string, PriorSeasonLine>;

/**
 * Per player_lookup: games, minutes, points and field-goal attempts of a season's player game logs
 * (the columns of data/season_2024_25/player_game_logs.csv). Games with no minutes are left out; a
 * malformed number stops the summary and names the row.
 */
export function summarizePriorSeason(csvText: string, source = 'player_game_logs.csv'): PriorSeasonTotals {
  const totals: PriorSeasonTotals = {};
  parseCsv(csvText).forEach((row, index) => {
    const number = (column: string) => {
      const value = Number(row[column]);
      if (row[column] === undefined || row[column] === '' || !Number.isFinite(value)) {
        throw new Error(`${source} row ${index + 2}: ${column} must be a number, got '${row[column] ?? ''}'`);
      }
      return value;
    };
    const minutes = number('minutes');
    if (minutes <= 0) return;
    const lookup = playerLookup(row.player, source);
    const line = (totals[lookup] ??= { games: 0, minutes: 0, points: 0, fga: 0 });
    line.games += 1;
    line.minutes = Math.round((line.minutes + minutes) * 100) / 100;
    line.points += number('pts');
    line.fga += number('fga');
  });
  return Object.fromEntries(Object.entries(totals).sort(([a], [b]) => a.localeCompare(b)));
}
