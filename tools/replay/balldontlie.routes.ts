import { isIsoDate } from './game-time.derivation';
import { ReplayTeam } from './nba-teams.catalog';
import { get, jsonResponse, queryList, ReplayRequest, ReplayResponse, SourceRoutes } from './replay.http';
import { allPlayers, isFinalAt, PlayerLine, SeasonData, SeasonGame } from './season-data.loader';

/**
 * balldontlie's NBA API (shapes of data/samples/balldontlie: openapi_nba.yml and the real /v1/games
 * object): games, player stats and box scores of the bundled season, with cursor pagination.
 */
export const BDL_DEFAULT_PER_PAGE = 25;
export const BDL_MAX_PER_PAGE = 100;
/** balldontlie numbers a season by the year it starts in. */
const BDL_SEASON = 2025;

export function bdlTeam(team: ReplayTeam) {
  return {
    abbreviation: team.code,
    city: team.bdlCity,
    conference: team.conference,
    division: team.division,
    full_name: team.bdlFullName,
    id: team.bdlId,
    name: team.nbaName,
  };
}

function istStage(game: SeasonGame): string | null {
  if (game.gameType === 'nba_cup_final') return 'Championship';
  if (game.gameType === 'nba_cup_semi') return `${game.home.conference} Semifinal`;
  return null;
}

/** The real /v1/games object's keys (sample), plus the schema's period_detail. */
export function bdlGame(game: SeasonGame, now: Date) {
  const final = isFinalAt(game, now);
  return {
    date: game.gameDate,
    datetime: game.tip.toISOString(),
    display_status: final ? 'final' : 'scheduled',
    home_in_bonus: null,
    home_ot1: null,
    home_ot2: null,
    home_ot3: null,
    home_q1: null,
    home_q2: null,
    home_q3: null,
    home_q4: null,
    home_team: bdlTeam(game.home),
    home_team_score: final ? game.homePoints! : 0,
    home_timeouts_remaining: null,
    id: game.bdlId,
    is_clutch: false,
    ist_stage: istStage(game),
    period: final ? game.periods! : 0,
    period_detail: final ? 'Final' : null,
    postponed: false,
    postseason: false,
    season: BDL_SEASON,
    // balldontlie reports a game that has not started with its tip-off time as the status.
    status: final ? 'Final' : game.tip.toISOString(),
    time: final ? 'Final' : null,
    visitor_in_bonus: null,
    visitor_ot1: null,
    visitor_ot2: null,
    visitor_ot3: null,
    visitor_q1: null,
    visitor_q2: null,
    visitor_q3: null,
    visitor_q4: null,
    visitor_team: bdlTeam(game.away),
    visitor_team_score: final ? game.awayPoints! : 0,
    visitor_timeouts_remaining: null,
  };
}

const ratio = (made: number, attempted: number) => (attempted > 0 ? Math.round((made / attempted) * 1000) / 1000 : 0);

function bdlPlayer(season: SeasonData, line: PlayerLine, team: ReplayTeam) {
  const person = line.playerId === null ? undefined : season.people.get(line.playerId);
  const space = line.playerName.indexOf(' ');
  return {
    id: line.playerId ?? 0,
    first_name: person?.firstName || (space > 0 ? line.playerName.slice(0, space) : line.playerName),
    last_name: person?.familyName || (space > 0 ? line.playerName.slice(space + 1) : ''),
    position: null,
    height: null,
    weight: null,
    jersey_number: null,
    college: null,
    country: null,
    draft_year: null,
    draft_round: null,
    draft_number: null,
    team: bdlTeam(team),
  };
}

function bdlLine(line: PlayerLine) {
  return {
    // Whole minutes played, truncated, as a string.
    min: String(Math.floor(line.minutes)),
    fgm: line.fgm,
    fga: line.fga,
    fg_pct: ratio(line.fgm, line.fga),
    fg3m: line.fg3m,
    fg3a: line.fg3a,
    fg3_pct: ratio(line.fg3m, line.fg3a),
    ftm: line.ftm,
    fta: line.fta,
    ft_pct: ratio(line.ftm, line.fta),
    oreb: line.oreb,
    dreb: line.dreb,
    reb: line.reb,
    ast: line.ast,
    stl: line.stl,
    blk: line.blk,
    turnover: line.tov,
    pf: line.pf,
    pts: line.pts,
    plus_minus: null,
  };
}

/**
 * The game inside a /v1/stats line, as the real API sends it: flat, teams by id, no team objects
 * (data/samples/balldontlie/v1_stats_*.json; the OpenAPI schema’s nested NBAGame is wrong here).
 */
export function bdlStatGame(game: SeasonGame, now: Date) {
  const summary = bdlGame(game, now);
  return {
    id: summary.id,
    date: summary.date,
    datetime: summary.datetime,
    season: summary.season,
    status: summary.status,
    period: summary.period,
    time: summary.time,
    postseason: summary.postseason,
    home_team_score: summary.home_team_score,
    visitor_team_score: summary.visitor_team_score,
    home_team_id: game.home.bdlId,
    visitor_team_id: game.away.bdlId,
  };
}

function bdlStat(season: SeasonData, game: SeasonGame, line: PlayerLine, now: Date) {
  const team = line.team === game.home.code ? game.home : game.away;
  // A stat's player names its team by id (team_id), as in the recorded response; the team comes whole beside it.
  const { team: _nested, ...player } = bdlPlayer(season, line, team);
  return { id: line.row, ...bdlLine(line), player: { ...player, team_id: team.bdlId }, team: bdlTeam(team), game: bdlStatGame(game, now) };
}

/** A box score's team, as the real /v1/box_scores sends it: the team's fields beside its players, no nested team. */
function bdlBoxTeam(season: SeasonData, team: ReplayTeam, lines: PlayerLine[]) {
  return {
    ...bdlTeam(team),
    players: lines.map((line) => {
      const { team: _nested, ...player } = bdlPlayer(season, line, team);
      return { ...bdlLine(line), player };
    }),
  };
}

/**
 * A /v1/box_scores game in the current real shape (data/samples/balldontlie/v1_box_scores_2026-01-09.json):
 * the game's fields without display_status, is_clutch, ist_stage, postponed or period_detail, and the two teams with players.
 */
function bdlBoxScore(season: SeasonData, game: SeasonGame, now: Date) {
  const final = isFinalAt(game, now);
  const {
    display_status: _display,
    is_clutch: _clutch,
    ist_stage: _stage,
    postponed: _postponed,
    period_detail: _detail,
    home_team: _home,
    visitor_team: _visitor,
    ...summary
  } = bdlGame(game, now);
  return {
    ...summary,
    home_team: bdlBoxTeam(season, game.home, final ? game.homePlayers : []),
    visitor_team: bdlBoxTeam(season, game.away, final ? game.awayPlayers : []),
  };
}

const badRequest = (message: string) => jsonResponse(400, { error: message });

interface Page<T> {
  data: T[];
  meta: { next_cursor?: number; per_page: number };
}

/** Items in id order after `cursor`; next_cursor is the last id of the page and is left out on the last page. */
function paginate<T>(items: T[], idOf: (item: T) => number, query: URLSearchParams): Page<T> | string {
  const perPageText = query.get('per_page');
  const perPage = perPageText === null ? BDL_DEFAULT_PER_PAGE : Number(perPageText);
  if (!Number.isInteger(perPage) || perPage < 1) return 'per_page must be a positive integer';
  const cursorText = query.get('cursor');
  const cursor = cursorText === null || cursorText === '' ? null : Number(cursorText);
  if (cursor !== null && !Number.isInteger(cursor)) return 'cursor must be an integer';
  const size = Math.min(perPage, BDL_MAX_PER_PAGE);
  const sorted = [...items].sort((left, right) => idOf(left) - idOf(right));
  const remaining = cursor === null ? sorted : sorted.filter((item) => idOf(item) > cursor);
  const data = remaining.slice(0, size);
  const meta: Page<T>['meta'] = { per_page: size };
  if (remaining.length > size) meta.next_cursor = idOf(data[data.length - 1]);
  return { data, meta };
}

function dateFilter(query: URLSearchParams): { matches: (date: string) => boolean } | string {
  const dates = queryList(query, 'dates');
  const start = query.get('start_date');
  const end = query.get('end_date');
  for (const date of [...dates, ...(start ? [start] : []), ...(end ? [end] : [])]) {
    if (!isIsoDate(date)) return `invalid date ${JSON.stringify(date)}: use YYYY-MM-DD`;
  }
  return {
    matches: (date) => (dates.length === 0 || dates.includes(date)) && (!start || date >= start) && (!end || date <= end),
  };
}

function seasonFilter(query: URLSearchParams): boolean {
  const seasons = queryList(query, 'seasons');
  return seasons.length === 0 || seasons.map(Number).includes(BDL_SEASON);
}

function listGames(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const dates = dateFilter(request.query);
  if (typeof dates === 'string') return badRequest(dates);
  const teamIds = queryList(request.query, 'team_ids').map(Number);
  const postseason = request.query.get('postseason');
  const games = seasonFilter(request.query) && postseason !== 'true'
    ? season.games.filter(
        (game) =>
          dates.matches(game.gameDate) &&
          (teamIds.length === 0 || teamIds.includes(game.home.bdlId) || teamIds.includes(game.away.bdlId)) &&
          request.visibility.isVisible(game.gameId),
      )
    : [];
  const page = paginate(games, (game) => game.bdlId, request.query);
  if (typeof page === 'string') return badRequest(page);
  return jsonResponse(200, { data: page.data.map((game) => bdlGame(game, request.now)), meta: page.meta });
}

function listStats(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const dates = dateFilter(request.query);
  if (typeof dates === 'string') return badRequest(dates);
  const gameIds = queryList(request.query, 'game_ids').map(Number);
  const playerIds = queryList(request.query, 'player_ids').map(Number);
  const period = request.query.get('period');
  const postseason = request.query.get('postseason');
  // Only full-game lines are bundled; per-period stats (period > 0) would have to be invented.
  const wanted = seasonFilter(request.query) && postseason !== 'true' && (period === null || period === '0');
  const rows: Array<{ game: SeasonGame; line: PlayerLine }> = [];
  if (wanted) {
    for (const game of season.games) {
      if (!dates.matches(game.gameDate) || (gameIds.length > 0 && !gameIds.includes(game.bdlId))) continue;
      if (!isFinalAt(game, request.now) || !request.visibility.isVisible(game.gameId)) continue;
      for (const line of allPlayers(game)) {
        if (playerIds.length === 0 || (line.playerId !== null && playerIds.includes(line.playerId))) rows.push({ game, line });
      }
    }
  }
  const page = paginate(rows, (row) => row.line.row, request.query);
  if (typeof page === 'string') return badRequest(page);
  return jsonResponse(200, { data: page.data.map(({ game, line }) => bdlStat(season, game, line, request.now)), meta: page.meta });
}

function listBoxScores(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const date = request.query.get('date');
  if (!date) return badRequest('date is required');
  if (!isIsoDate(date)) return badRequest(`invalid date ${JSON.stringify(date)}: use YYYY-MM-DD`);
  const games = (season.gamesByDate.get(date) ?? []).filter((game) => request.visibility.isVisible(game.gameId));
  return jsonResponse(200, { data: games.map((game) => bdlBoxScore(season, game, request.now)) });
}

function oneGame(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const game = season.gamesByBdlId.get(Number(request.params.id));
  if (!game || !request.visibility.isVisible(game.gameId)) return jsonResponse(404, { error: 'Not Found' });
  return jsonResponse(200, { data: bdlGame(game, request.now) });
}

/** balldontlie answers every request without a key with 401, before anything else. */
function requireKey(handler: (request: ReplayRequest) => ReplayResponse) {
  return (request: ReplayRequest): ReplayResponse => {
    const key = request.headers.authorization;
    if (typeof key !== 'string' || key.trim() === '') return jsonResponse(401, { error: 'Unauthorized' });
    return handler(request);
  };
}

export function balldontlieRoutes(season: SeasonData): SourceRoutes {
  return {
    source: 'balldontlie',
    routes: [
      get(/^\/nba\/v1\/games\/?$/, requireKey((request) => listGames(season, request))),
      get(/^\/nba\/v1\/games\/(?<id>\d+)$/, requireKey((request) => oneGame(season, request))),
      get(/^\/nba\/v1\/stats\/?$/, requireKey((request) => listStats(season, request))),
      get(/^\/nba\/v1\/box_scores\/?$/, requireKey((request) => listBoxScores(season, request))),
    ],
    notFound: requireKey(() => jsonResponse(404, { error: 'Not Found' })),
  };
}
