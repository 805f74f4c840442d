import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '@lib/platform';
import { addMinutes, DEFAULT_LOCAL_TIP, EASTERN, isIsoDate, isoSeconds, REGULATION_GAME_MINUTES, zonedTimeToUtc } from './game-time.derivation';
import { get, jsonResponse, ReplayRequest, ReplayResponse, SourceRoutes, textResponse } from './replay.http';
import { SeasonData } from './season-data.loader';

/**
 * BigDataBall play-by-play as a folder of CSV files that appear after each game. No real
 * BigDataBall data exists for 2025-26, so the bundled replay serves none; files placed in
 * `<dataDir>/bigdataball/*.csv` (BigDataBall's own columns, one game per file) are served.
 */
export const BIGDATABALL_COLUMNS = [
  'game_id', 'data_set', 'date', 'a1', 'a2', 'a3', 'a4', 'a5', 'h1', 'h2', 'h3', 'h4', 'h5', 'period', 'away_score', 'home_score',
  'remaining_time', 'elapsed', 'play_length', 'play_id', 'team', 'event_type', 'assist', 'away', 'home', 'block', 'entered', 'left',
  'num', 'opponent', 'outof', 'player', 'points', 'possession', 'reason', 'result', 'steal', 'type', 'shot_distance', 'original_x',
  'original_y', 'converted_x', 'converted_y', 'description',
] as const;

export interface BigDataBallFile {
  name: string;
  gameId: string;
  date: string;
  /** When the game ended (season data), or 7 pm ET + the regulation length for a game outside it. */
  gameEnd: Date;
  csv: string;
}

/** BigDataBall writes dates as YYYY-MM-DD or MM/DD/YYYY and game ids without their leading zeros. */
function normaliseDate(value: string): string | null {
  if (isIsoDate(value)) return value;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return match ? `${match[3]}-${match[1].padStart(2, '0')}-${match[2].padStart(2, '0')}` : null;
}

export function readBigDataBallFiles(directory: string, season: SeasonData): BigDataBallFile[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => name.toLowerCase().endsWith('.csv'))
    .sort()
    .map((name) => {
      const csv = fs.readFileSync(path.join(directory, name), 'utf8');
      const first = parseCsv(csv)[0];
      if (!first || !first.game_id) throw new Error(`bigdataball file ${name}: no game_id in its first row`);
      const gameId = first.game_id.replace(/\D/g, '').padStart(10, '0');
      const game = season.gamesById.get(gameId);
      const date = normaliseDate(first.date ?? '') ?? game?.gameDate;
      if (!date) throw new Error(`bigdataball file ${name}: no date in its first row and game ${gameId} is not in the season`);
      const gameEnd = game ? game.end : addMinutes(zonedTimeToUtc(date, DEFAULT_LOCAL_TIP, EASTERN), REGULATION_GAME_MINUTES);
      return { name, gameId, date, gameEnd, csv };
    });
}

function releasedAt(file: BigDataBallFile, request: ReplayRequest): Date {
  return new Date(file.gameEnd.getTime() + request.visibility.releaseDelayHours(file.gameId) * 3_600_000);
}

function isReleased(file: BigDataBallFile, request: ReplayRequest): boolean {
  return releasedAt(file, request).getTime() <= request.now.getTime();
}

function listFiles(files: BigDataBallFile[], request: ReplayRequest): ReplayResponse {
  const date = request.query.get('date');
  if (!date || !isIsoDate(date)) return jsonResponse(400, { error: 'date is required (YYYY-MM-DD)' });
  const released = files
    .filter((file) => file.date === date && isReleased(file, request))
    .filter((file) => request.visibility.isVisible(file.gameId))
    .map((file) => ({
      name: file.name,
      game_id: file.gameId,
      released_at: isoSeconds(releasedAt(file, request)),
      url: `${request.origin}/bigdataball/files/${encodeURIComponent(file.name)}`,
    }));
  return jsonResponse(200, { date, files: released });
}

function oneFile(files: BigDataBallFile[], request: ReplayRequest): ReplayResponse {
  const file = files.find((candidate) => candidate.name === request.params.name);
  if (!file || !isReleased(file, request) || !request.visibility.isVisible(file.gameId)) return jsonResponse(404, { error: 'file not found' });
  return textResponse(200, file.csv, 'text/csv; charset=utf-8');
}

export function bigDataBallRoutes(files: BigDataBallFile[]): SourceRoutes {
  return {
    source: 'bigdataball',
    routes: [
      get(/^\/files\/?$/, (request) => listFiles(files, request)),
      get(/^\/files\/(?<name>[^/]+)$/, (request) => oneFile(files, { ...request, params: { name: decodeURIComponent(request.params.name) } })),
    ],
    notFound: () => jsonResponse(404, { error: 'not found' }),
  };
}
