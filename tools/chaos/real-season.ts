import fs from 'node:fs';
import path from 'node:path';
import { playerLookup } from '@lib/identity';
import { parseCsv } from '@lib/platform';

export interface RealGame {
  game_id: string;
  game_date: string;
  home_team: string;
  away_team: string;
  home_points: number;
  away_points: number;
}

export interface RealPlayerLine {
  game_id: string;
  game_date: string;
  team: string;
  player_lookup: string;
  points: number;
  rebounds: number;
  assists: number;
}

/** What really happened on the dates, from the bundled season the replay serves: the yardstick of a chaos run. */
export interface RealSeason {
  games: RealGame[];
  lines: RealPlayerLine[];
}

export function loadRealSeason(seasonDir: string, from: string, to: string): RealSeason {
  const inRange = (date: string) => date >= from && date <= to;
  const games = parseCsv(fs.readFileSync(path.join(seasonDir, 'games.csv'), 'utf8'))
    .filter((row) => inRange(row.game_date))
    .map((row) => ({
      game_id: row.game_id,
      game_date: row.game_date,
      home_team: row.home_team,
      away_team: row.away_team,
      home_points: Number(row.home_pts),
      away_points: Number(row.away_pts),
    }));
  const lines = parseCsv(fs.readFileSync(path.join(seasonDir, 'player_box.csv'), 'utf8'))
    .filter((row) => inRange(row.game_date))
    .map((row) => ({
      game_id: row.game_id,
      game_date: row.game_date,
      team: row.team,
      player_lookup: playerLookup(row.player_name, 'bundled player_box.csv'),
      points: Number(row.pts),
      rebounds: Number(row.reb),
      assists: Number(row.ast),
    }));
  return { games, lines };
}
