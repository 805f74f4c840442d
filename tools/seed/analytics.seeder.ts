import fs from 'node:fs';
import path from 'node:path';
import { playerLookup, teamCode } from '@lib/identity';
import { oddsApiPlayerPointsPropsTable, playerGameSummaryTable, Row, teamGameSummaryTable, Warehouse } from '@lib/warehouse';
import { bundledSeasonDir } from '../cluster/replay-upstreams';
import { parseCsv } from '@lib/platform';

/**
 * A stand-in for phases 2 and 3 until they land: fills nba_analytics.player_game_summary,
 * team_game_summary and nba_raw.odds_api_player_points_props from the bundled real season, so phases
 * 4 and 5 (and their tests, training and evaluation) have real input. Rows say where they came from
 * (primary_source 'test_seed_player_box'). Replace with the real pipeline once phase 3 exists.
 */
export const SEED_SOURCE = 'test_seed_player_box';

export interface SeedRange {
  from?: string;
  to?: string;
}

export interface SeedCounts {
  players: number;
  teams: number;
  props: number;
  /** The dates with seeded player-games, in order. */
  dates: string[];
}

type Csv = Array<Record<string, string>>;

function readCsv(file: string): Csv {
  return parseCsv(fs.readFileSync(path.join(bundledSeasonDir(), file), 'utf8'));
}

function inRange(date: string, range: SeedRange): boolean {
  return (!range.from || date >= range.from) && (!range.to || date <= range.to);
}

function integer(row: Record<string, string>, field: string, file: string): number {
  const value = Number(row[field]);
  if (row[field] === '' || !Number.isFinite(value)) throw new Error(`${file}: ${field} is ${JSON.stringify(row[field])} for game ${row.game_id}, not a number`);
  return value;
}

const COUNTS = ['fgm', 'fga', 'fg3m', 'fg3a', 'ftm', 'fta', 'oreb', 'dreb', 'reb', 'ast', 'stl', 'blk', 'tov', 'pf'] as const;

/** Builds the analytics rows for the bundled season (optionally a date range) without writing them. */
export function bundledAnalyticsRows(range: SeedRange = {}, processedAt = new Date().toISOString()): { players: Row[]; teams: Row[] } {
  const games = new Map(readCsv('games.csv').map((game) => [game.game_id, game]));
  const lines = readCsv('player_box.csv').filter((row) => inRange(row.game_date, range));
  const teamKey = (gameId: string, team: string) => `${gameId}|${team}`;
  const teamTotals = new Map<string, { minutes: number; fga: number; fta: number; tov: number; rows: Csv }>();
  for (const line of lines) {
    const key = teamKey(line.game_id, teamCode(line.team, 'player_box.csv'));
    const total = teamTotals.get(key) ?? { minutes: 0, fga: 0, fta: 0, tov: 0, rows: [] };
    total.minutes += Number(line.minutes);
    total.fga += integer(line, 'fga', 'player_box.csv');
    total.fta += integer(line, 'fta', 'player_box.csv');
    total.tov += integer(line, 'tov', 'player_box.csv');
    total.rows.push(line);
    teamTotals.set(key, total);
  }

  const players: Row[] = lines.map((line) => {
    const team = teamCode(line.team, 'player_box.csv');
    const total = teamTotals.get(teamKey(line.game_id, team))!;
    const minutes = Number(line.minutes);
    const counts = Object.fromEntries(COUNTS.map((field) => [field, integer(line, field, 'player_box.csv')]));
    const points = integer(line, 'pts', 'player_box.csv');
    const teamPlays = total.fga + 0.44 * total.fta + total.tov;
    const usage = minutes > 0 && teamPlays > 0 ? (100 * (counts.fga + 0.44 * counts.fta + counts.tov) * (total.minutes / 5)) / (minutes * teamPlays) : null;
    const attempts = counts.fga + 0.44 * counts.fta;
    const game = games.get(line.game_id);
    return {
      game_id: line.game_id,
      game_date: line.game_date,
      season: game?.season ?? '2025-26',
      player_lookup: playerLookup(line.player_name, 'player_box.csv'),
      player_id: line.player_id === '' ? null : integer(line, 'player_id', 'player_box.csv'),
      player_name: line.player_name,
      team_code: team,
      opponent_code: teamCode(line.opponent, 'player_box.csv'),
      is_home: line.is_home === '1',
      starter: null,
      played: minutes > 0,
      dnp_reason: null,
      minutes,
      points,
      ...counts,
      plus_minus: null,
      usage_rate: usage === null ? null : Math.round(usage * 100) / 100,
      true_shooting_pct: attempts > 0 ? Math.round((points / (2 * attempts)) * 10000) / 10000 : null,
      primary_source: SEED_SOURCE,
      sources_available: [SEED_SOURCE],
      quality_tier: 'gold',
      quality_flags: [],
      run_id: null,
      processed_at: processedAt,
    };
  });

  const teams: Row[] = [];
  for (const [key, total] of teamTotals) {
    const [gameId, team] = key.split('|');
    const sum = (field: string) => total.rows.reduce((acc, row) => acc + Number(row[field]), 0);
    const first = total.rows[0];
    const opponent = teamCode(first.opponent, 'player_box.csv');
    const opponentTotal = teamTotals.get(teamKey(gameId, opponent));
    const game = games.get(gameId);
    const isHome = first.is_home === '1';
    const official = game && game.home_pts !== '' ? Number(isHome ? game.home_pts : game.away_pts) : null;
    const possessions = sum('fga') + 0.44 * sum('fta') - sum('oreb') + sum('tov');
    teams.push({
      game_id: gameId,
      game_date: first.game_date,
      season: game?.season ?? '2025-26',
      team_code: team,
      opponent_code: opponent,
      is_home: isHome,
      points: sum('pts'),
      official_points: official,
      opponent_points: opponentTotal ? opponentTotal.rows.reduce((acc, row) => acc + Number(row.pts), 0) : null,
      points_reconciled: official === null ? null : official === sum('pts'),
      minutes: Math.round(total.minutes * 100) / 100,
      ...Object.fromEntries(COUNTS.map((field) => [field, sum(field)])),
      possessions: Math.round(possessions * 100) / 100,
      pace: total.minutes > 0 ? Math.round(((48 * possessions) / (total.minutes / 5)) * 100) / 100 : null,
      players: total.rows.length,
      primary_source: SEED_SOURCE,
      quality_tier: 'gold',
      run_id: null,
      processed_at: processedAt,
    });
  }
  return { players, teams };
}

/** The bundled betting lines as nba_raw.odds_api_player_points_props rows. */
export function bundledPropRows(range: SeedRange = {}, loadedAt = new Date().toISOString()): Row[] {
  const file = 'props_player_points.csv';
  return readCsv(file)
    .filter((row) => inRange(row.game_date, range))
    .map((row) => ({
      game_date: row.game_date,
      game_id: row.game_id,
      event_id: row.event_id,
      commence_time: row.commence_time,
      home_team_code: teamCode(row.home_team, file),
      away_team_code: teamCode(row.away_team, file),
      player_name: row.player_name,
      player_lookup: playerLookup(row.player_name, file),
      bookmaker: row.bookmaker,
      line: Number(row.line),
      over_price: row.over_odds === '' ? null : Number(row.over_odds),
      under_price: row.under_odds === '' ? null : Number(row.under_odds),
      bookmaker_last_update: null,
      source_path: `data/season_2025_26/${file}`,
      scrape_run_id: null,
      fetched_at: loadedAt,
    }));
}

/** Writes the seed rows (upserts: seeding twice leaves the same tables). */
export async function seedBundledAnalytics(warehouse: Warehouse, range: SeedRange = {}): Promise<SeedCounts> {
  const { players, teams } = bundledAnalyticsRows(range);
  const props = bundledPropRows(range);
  await warehouse.upsert(playerGameSummaryTable, players);
  await warehouse.upsert(teamGameSummaryTable, teams);
  await warehouse.upsert(oddsApiPlayerPointsPropsTable, props);
  const dates = [...new Set(players.map((row) => String(row.game_date)))].sort();
  return { players: players.length, teams: teams.length, props: props.length, dates };
}
