import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '@lib/platform';
import {
  addMinutes,
  DEFAULT_LOCAL_TIP,
  EASTERN,
  floorToHalfHour,
  isoDateIn,
  isoSeconds,
  OVERTIME_GAME_MINUTES,
  REGULATION_GAME_MINUTES,
  zonedTimeToUtc,
} from './game-time.derivation';
import { ReplayTeam, teamByCode, teamByOddsApiName } from './nba-teams.catalog';

export type GameType = 'regular_season' | 'nba_cup_semi' | 'nba_cup_final';
export type TipSource = 'odds_api_events_list' | 'odds_api_props' | 'default_local_7pm';

/** The counting stats of a box-score line (and of team totals). */
export interface CountingStats {
  fgm: number;
  fga: number;
  fg3m: number;
  fg3a: number;
  ftm: number;
  fta: number;
  oreb: number;
  dreb: number;
  reb: number;
  ast: number;
  stl: number;
  blk: number;
  tov: number;
  pf: number;
  pts: number;
}

/** One row of player_box.csv. */
export interface PlayerLine extends CountingStats {
  /** 1-based row number in player_box.csv: the balldontlie stat id. */
  row: number;
  gameId: string;
  gameDate: string;
  team: string;
  opponent: string;
  isHome: boolean;
  result: string;
  /** NBA person id; null for the one player the source has none for. */
  playerId: number | null;
  playerName: string;
  minutes: number;
}

/** One row of props_player_points.csv. */
export interface PropLine {
  snapshot: string;
  eventId: string;
  commenceTime: string;
  gameId: string;
  playerName: string;
  bookmaker: string;
  line: number;
  overOdds: number | null;
  underOdds: number | null;
}

export interface OddsEvent {
  id: string;
  commenceTime: string;
  /** Where the id comes from: real ids from the events list or the props file, else derived. */
  idSource: 'events_list' | 'props' | 'derived';
}

export interface SeasonGame {
  gameId: string;
  gameDate: string;
  season: string;
  gameType: GameType;
  home: ReplayTeam;
  away: ReplayTeam;
  homePoints: number | null;
  awayPoints: number | null;
  homePlayers: PlayerLine[];
  awayPlayers: PlayerLine[];
  /** Both the final score (games.csv) and the box score (player_box.csv) are bundled. */
  hasResult: boolean;
  /** 4 plus overtimes, from the players' minutes (5 players x 48 min = 240, + 25 per overtime). */
  periods: number | null;
  tip: Date;
  tipSource: TipSource;
  end: Date;
  /** Order of the game in its date, by tip-off then game id. */
  sequence: number;
  bdlId: number;
  espnId: string;
  oddsEvent: OddsEvent;
}

export interface NbaPerson {
  personId: number;
  firstName: string;
  familyName: string;
  displayName: string;
  slug: string;
}

export interface TeamRecord {
  wins: number;
  losses: number;
  homeWins: number;
  homeLosses: number;
  roadWins: number;
  roadLosses: number;
}

export interface SeasonData {
  dataDir: string;
  samplesDir: string;
  games: SeasonGame[];
  gamesById: Map<string, SeasonGame>;
  gamesByDate: Map<string, SeasonGame[]>;
  gamesByBdlId: Map<number, SeasonGame>;
  gamesByEspnId: Map<string, SeasonGame>;
  gamesByOddsEventId: Map<string, SeasonGame>;
  propsByEventId: Map<string, PropLine[]>;
  people: Map<number, NbaPerson>;
  samples: BundledSamples;
  /** The team's record from the games with a result up to this game (the game itself included or not). */
  recordBefore(teamCode: string, game: SeasonGame, includeGame: boolean): TeamRecord;
  loadMs: number;
}

export interface BundledSamples {
  /** Real NBA.com stats playbyplayv3 responses by game id. */
  playByPlayV3: Map<string, unknown>;
  /** Real NBA CDN liveData responses by game id. */
  liveBoxscore: Map<string, unknown>;
  livePlayByPlay: Map<string, unknown>;
  /** The real NBA.com commonallplayers response of the season (every player, all-time), or null when not bundled. */
  commonAllPlayers: { resource?: string; parameters?: Record<string, unknown>; resultSets: Array<{ name: string; headers: string[]; rowSet: unknown[][] }> } | null;
  /** ESPN's team colours where a bundled ESPN response shows them, by ESPN abbreviation. */
  espnColors: Map<string, { color: string; alternateColor: string }>;
}

export interface SeasonDataLocation {
  dataDir: string;
  samplesDir?: string;
}

const GAME_TYPES: readonly GameType[] = ['regular_season', 'nba_cup_semi', 'nba_cup_final'];

export function defaultSamplesDir(dataDir: string): string {
  return path.resolve(dataDir, '..', 'samples');
}

/**
 * balldontlie game id: 18_400_000 + the NBA game number, +90_000 for the Cup final (NBA id
 * 00625…). Chosen apart from NBA ids so a scraper that sends the wrong id fails in the replay too.
 */
export function bdlGameId(nbaGameId: string): number {
  return 18_400_000 + (nbaGameId.startsWith('006') ? 90_000 : 0) + Number(nbaGameId.slice(-5));
}

/** ESPN event id: 401_800_000 + the NBA game number, +90_000 for the Cup final. */
export function espnEventId(nbaGameId: string): string {
  return String(401_800_000 + (nbaGameId.startsWith('006') ? 90_000 : 0) + Number(nbaGameId.slice(-5)));
}

/** The Odds API event id for a game neither bundled Odds API file lists: md5 of a fixed label. */
export function derivedOddsEventId(nbaGameId: string): string {
  return createHash('md5').update(`odds-api-replay:${nbaGameId}`).digest('hex');
}

const toNumber = (value: string): number => Number(value);
const toNullableNumber = (value: string): number | null => (value === '' ? null : Number(value));

function readCsv(file: string): Array<Record<string, string>> {
  return parseCsv(fs.readFileSync(file, 'utf8'));
}

function readPlayerLines(file: string): PlayerLine[] {
  return readCsv(file).map((row, index) => ({
    row: index + 1,
    gameId: row.game_id,
    gameDate: row.game_date,
    team: row.team,
    opponent: row.opponent,
    isHome: row.is_home === '1',
    result: row.result,
    playerId: toNullableNumber(row.player_id),
    playerName: row.player_name,
    minutes: toNumber(row.minutes),
    fgm: toNumber(row.fgm),
    fga: toNumber(row.fga),
    fg3m: toNumber(row.fg3m),
    fg3a: toNumber(row.fg3a),
    ftm: toNumber(row.ftm),
    fta: toNumber(row.fta),
    oreb: toNumber(row.oreb),
    dreb: toNumber(row.dreb),
    reb: toNumber(row.reb),
    ast: toNumber(row.ast),
    stl: toNumber(row.stl),
    blk: toNumber(row.blk),
    tov: toNumber(row.tov),
    pf: toNumber(row.pf),
    pts: toNumber(row.pts),
  }));
}

function readProps(file: string): PropLine[] {
  return readCsv(file).map((row) => ({
    snapshot: row.snapshot,
    eventId: row.event_id,
    commenceTime: row.commence_time,
    gameId: row.game_id,
    playerName: row.player_name,
    bookmaker: row.bookmaker,
    line: toNumber(row.line),
    overOdds: toNullableNumber(row.over_odds),
    underOdds: toNullableNumber(row.under_odds),
  }));
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function sampleFiles(directory: string, prefix: string): string[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
    .map((name) => path.join(directory, name));
}

interface EventsListEntry {
  id: string;
  commence_time: string;
  home_team: string;
  away_team: string;
}

function readPeople(samplesDir: string): Map<number, NbaPerson> {
  const people = new Map<number, NbaPerson>();
  const file = sampleFiles(path.join(samplesDir, 'nba_stats'), 'commonallplayers_')[0];
  if (!file) return people;
  const response = readJson(file) as { resultSets: Array<{ headers: string[]; rowSet: unknown[][] }> };
  const { headers, rowSet } = response.resultSets[0];
  const column = (name: string) => headers.indexOf(name);
  const [id, lastFirst, firstLast, slug] = ['PERSON_ID', 'DISPLAY_LAST_COMMA_FIRST', 'DISPLAY_FIRST_LAST', 'PLAYER_SLUG'].map(column);
  for (const row of rowSet) {
    const display = String(row[lastFirst] ?? '');
    const comma = display.indexOf(', ');
    people.set(Number(row[id]), {
      personId: Number(row[id]),
      familyName: comma >= 0 ? display.slice(0, comma) : display,
      firstName: comma >= 0 ? display.slice(comma + 2) : '',
      displayName: String(row[firstLast] ?? display),
      // commonallplayers writes slugs with underscores; the v3 endpoints use hyphens.
      slug: String(row[slug] ?? '').replaceAll('_', '-'),
    });
  }
  return people;
}

function readSamples(samplesDir: string): BundledSamples {
  const byGameId = (files: string[]) =>
    new Map(
      files.map((file) => {
        const response = readJson(file) as { game: { gameId: string } };
        return [response.game.gameId, response] as const;
      }),
    );
  const espnColors = new Map<string, { color: string; alternateColor: string }>();
  const collectColors = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collectColors);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.abbreviation === 'string' && typeof record.color === 'string' && typeof record.alternateColor === 'string') {
        espnColors.set(record.abbreviation, { color: record.color, alternateColor: record.alternateColor });
      }
      Object.values(record).forEach(collectColors);
    }
  };
  for (const file of sampleFiles(path.join(samplesDir, 'espn'), '')) collectColors(readJson(file));
  const allPlayersFile = sampleFiles(path.join(samplesDir, 'nba_stats'), 'commonallplayers_')[0];
  return {
    commonAllPlayers: allPlayersFile ? (readJson(allPlayersFile) as BundledSamples['commonAllPlayers']) : null,
    playByPlayV3: byGameId(sampleFiles(path.join(samplesDir, 'nba_stats'), 'playbyplayv3_')),
    liveBoxscore: byGameId(sampleFiles(path.join(samplesDir, 'nba_cdn'), 'liveData_boxscore_')),
    livePlayByPlay: byGameId(sampleFiles(path.join(samplesDir, 'nba_cdn'), 'liveData_playbyplay_')),
    espnColors,
  };
}

function periodsFromMinutes(players: PlayerLine[]): number | null {
  if (players.length === 0) return null;
  const teamMinutes = players.reduce((sum, player) => sum + player.minutes, 0);
  return 4 + Math.max(0, Math.round((teamMinutes - 240) / 25));
}

/** Reads the bundled season once: CSVs, the Odds API events list and the samples the routes replay. */
export function loadSeasonData(location: SeasonDataLocation): SeasonData {
  const started = performance.now();
  const dataDir = path.resolve(location.dataDir);
  const samplesDir = path.resolve(location.samplesDir ?? defaultSamplesDir(dataDir));

  const gameRows = readCsv(path.join(dataDir, 'games.csv'));
  const playerLines = readPlayerLines(path.join(dataDir, 'player_box.csv'));
  const propsFile = path.join(dataDir, 'props_player_points.csv');
  const props = fs.existsSync(propsFile) ? readProps(propsFile) : [];
  const eventsListFile = sampleFiles(path.join(samplesDir, 'oddsapi'), 'events_list_')[0];
  const eventsList = eventsListFile ? (readJson(eventsListFile) as EventsListEntry[]) : [];

  const playersByGame = new Map<string, PlayerLine[]>();
  for (const line of playerLines) {
    const list = playersByGame.get(line.gameId) ?? [];
    list.push(line);
    playersByGame.set(line.gameId, list);
  }

  const propsByEventId = new Map<string, PropLine[]>();
  const propsEventByGame = new Map<string, { id: string; commenceTime: string }>();
  for (const prop of props) {
    const list = propsByEventId.get(prop.eventId) ?? [];
    list.push(prop);
    propsByEventId.set(prop.eventId, list);
    if (!propsEventByGame.has(prop.gameId)) propsEventByGame.set(prop.gameId, { id: prop.eventId, commenceTime: prop.commenceTime });
  }

  const matchupKey = (date: string, home: string, away: string) => `${date}|${away}@${home}`;
  const gameIdByMatchup = new Map(gameRows.map((row) => [matchupKey(row.game_date, row.home_team, row.away_team), row.game_id]));
  const listedEventByGame = new Map<string, EventsListEntry>();
  for (const event of eventsList) {
    const home = teamByOddsApiName(event.home_team);
    const away = teamByOddsApiName(event.away_team);
    if (!home || !away) continue;
    const gameId = gameIdByMatchup.get(matchupKey(isoDateIn(new Date(event.commence_time), EASTERN), home.code, away.code));
    if (gameId && !listedEventByGame.has(gameId)) listedEventByGame.set(gameId, event);
  }

  const games: SeasonGame[] = gameRows.map((row) => {
    const gameType = row.game_type as GameType;
    if (!GAME_TYPES.includes(gameType)) throw new Error(`games.csv: unknown game_type ${row.game_type} for ${row.game_id}`);
    const home = teamByCode(row.home_team);
    const away = teamByCode(row.away_team);
    const players = playersByGame.get(row.game_id) ?? [];
    const homePlayers = players.filter((player) => player.team === home.code);
    const awayPlayers = players.filter((player) => player.team === away.code);
    const homePoints = toNullableNumber(row.home_pts);
    const awayPoints = toNullableNumber(row.away_pts);
    const listed = listedEventByGame.get(row.game_id);
    const propsEvent = propsEventByGame.get(row.game_id);
    let tip: Date;
    let tipSource: TipSource;
    if (listed) {
      tip = new Date(listed.commence_time);
      tipSource = 'odds_api_events_list';
    } else if (propsEvent) {
      // The props snapshots sometimes carry a commence time ~10 min after the scheduled tip; NBA
      // schedules on the hour or half hour (checked against NBA.com's 2025-11-05 scoreboard).
      tip = floorToHalfHour(new Date(propsEvent.commenceTime));
      tipSource = 'odds_api_props';
    } else {
      tip = zonedTimeToUtc(row.game_date, DEFAULT_LOCAL_TIP, home.timeZone);
      tipSource = 'default_local_7pm';
    }
    const periods = periodsFromMinutes(homePlayers);
    const oddsEvent: OddsEvent = listed
      ? { id: listed.id, commenceTime: listed.commence_time, idSource: 'events_list' }
      : propsEvent
        ? { id: propsEvent.id, commenceTime: propsEvent.commenceTime, idSource: 'props' }
        : { id: derivedOddsEventId(row.game_id), commenceTime: isoSeconds(tip), idSource: 'derived' };
    return {
      gameId: row.game_id,
      gameDate: row.game_date,
      season: row.season,
      gameType,
      home,
      away,
      homePoints,
      awayPoints,
      homePlayers,
      awayPlayers,
      hasResult: homePoints !== null && awayPoints !== null && homePlayers.length > 0 && awayPlayers.length > 0,
      periods,
      tip,
      tipSource,
      end: addMinutes(tip, REGULATION_GAME_MINUTES + OVERTIME_GAME_MINUTES * Math.max(0, (periods ?? 4) - 4)),
      sequence: 0,
      bdlId: bdlGameId(row.game_id),
      espnId: espnEventId(row.game_id),
      oddsEvent,
    };
  });

  const gamesByDate = new Map<string, SeasonGame[]>();
  for (const game of games) {
    const list = gamesByDate.get(game.gameDate) ?? [];
    list.push(game);
    gamesByDate.set(game.gameDate, list);
  }
  for (const list of gamesByDate.values()) {
    list.sort((left, right) => left.tip.getTime() - right.tip.getTime() || left.gameId.localeCompare(right.gameId));
    list.forEach((game, index) => (game.sequence = index + 1));
  }
  const chronological = [...games].sort((left, right) => left.tip.getTime() - right.tip.getTime() || left.gameId.localeCompare(right.gameId));

  // Every schedule response asks for every team's record before every game: worked out once each.
  const records = new Map<string, TeamRecord>();
  const recordBefore = (teamCode: string, game: SeasonGame, includeGame: boolean): TeamRecord => {
    const key = `${teamCode}|${game.gameId}|${includeGame}`;
    const known = records.get(key) ?? countRecordBefore(teamCode, game, includeGame);
    records.set(key, known);
    return { ...known };
  };
  const countRecordBefore = (teamCode: string, game: SeasonGame, includeGame: boolean): TeamRecord => {
    const record: TeamRecord = { wins: 0, losses: 0, homeWins: 0, homeLosses: 0, roadWins: 0, roadLosses: 0 };
    for (const other of chronological) {
      if (other === game && !includeGame) break;
      // The Cup final does not count in the regular-season record; the semifinals do.
      const counts = other.hasResult && other.gameType !== 'nba_cup_final' && (other.home.code === teamCode || other.away.code === teamCode);
      if (counts) {
        const atHome = other.home.code === teamCode;
        const won = atHome ? other.homePoints! > other.awayPoints! : other.awayPoints! > other.homePoints!;
        if (won) record.wins += 1;
        else record.losses += 1;
        if (atHome && won) record.homeWins += 1;
        if (atHome && !won) record.homeLosses += 1;
        if (!atHome && won) record.roadWins += 1;
        if (!atHome && !won) record.roadLosses += 1;
      }
      if (other === game) break;
    }
    return record;
  };

  return {
    dataDir,
    samplesDir,
    games,
    gamesById: new Map(games.map((game) => [game.gameId, game])),
    gamesByDate,
    gamesByBdlId: new Map(games.map((game) => [game.bdlId, game])),
    gamesByEspnId: new Map(games.map((game) => [game.espnId, game])),
    gamesByOddsEventId: new Map(games.map((game) => [game.oddsEvent.id, game])),
    propsByEventId,
    people: readPeople(samplesDir),
    samples: readSamples(samplesDir),
    recordBefore,
    loadMs: Math.round(performance.now() - started),
  };
}

/** Whether the game's result is out by the replay clock: bundled, and the game has ended. */
export function isFinalAt(game: SeasonGame, now: Date): boolean {
  return game.hasResult && now.getTime() >= game.end.getTime();
}

export function allPlayers(game: SeasonGame): PlayerLine[] {
  return [...game.homePlayers, ...game.awayPlayers];
}
