import { RawRows } from './raw-processor';

/**
 * Coverage of a game list from a source without NBA.com game ids (balldontlie, ESPN, The Odds
 * API): each listed game, named by its matchup `AWAY@HOME` on the date.
 */
export function matchupsListed(rows: Array<{ home_team_code: unknown; away_team_code: unknown }>, source: string): NonNullable<RawRows['coverage']> {
  return rows.map((row) => ({ source, gameId: `${String(row.away_team_code)}@${String(row.home_team_code)}`, available: true, rows: 1 }));
}
