import { EASTERN, easternClockText, isIsoDate, isoSeconds, wallClockWithZ } from './game-time.derivation';
import {
  byMinutes,
  clockMinutes,
  cupLabels,
  finalStatusText,
  gameCode,
  nbaComMeta,
  nbaComPerson,
  pct,
  teamIdentity,
  teamMinutes,
  Totals,
  totalsOf,
} from './nba-com.shapes';
import { ReplayTeam } from './nba-teams.catalog';
import { get, jsonResponse, queryParamIgnoringCase, ReplayRequest, ReplayResponse, SourceRoutes, textResponse } from './replay.http';
import { isFinalAt, PlayerLine, SeasonData, SeasonGame } from './season-data.loader';

/**
 * NBA.com's stats API (stats.nba.com/stats/…): scoreboardv3, boxscoretraditionalv3 and
 * playbyplayv3, in the shapes of the bundled samples.
 */
const EMPTY_LEADER = { personId: 0, name: '', playerSlug: null, jerseyNum: '', position: '', teamTricode: '', points: 0, rebounds: 0, assists: 0 };

const EMPTY_BROADCASTERS = {
  nationalBroadcasters: [],
  nationalRadioBroadcasters: [],
  nationalOttBroadcasters: [],
  homeTvBroadcasters: [],
  homeRadioBroadcasters: [],
  homeOttBroadcasters: [],
  awayTvBroadcasters: [],
  awayRadioBroadcasters: [],
  awayOttBroadcasters: [],
};

/**
 * A team's leader as NBA.com's gameLeaders picks it: most points + rebounds + assists (this rule
 * reproduces all 22 leaders of the real 2025-11-05 scoreboard), ties to the higher scorer.
 */
function gameLeader(season: SeasonData, team: ReplayTeam, lines: PlayerLine[]) {
  const total = (line: PlayerLine) => line.pts + line.reb + line.ast;
  const leader = [...lines].sort((left, right) => total(right) - total(left) || right.pts - left.pts)[0];
  if (!leader) return { ...EMPTY_LEADER };
  const person = nbaComPerson(season, leader);
  return {
    personId: person.personId,
    name: person.name,
    playerSlug: person.playerSlug,
    jerseyNum: '',
    position: '',
    teamTricode: team.code,
    points: leader.pts,
    rebounds: leader.reb,
    assists: leader.ast,
  };
}

function scoreboardTeam(season: SeasonData, game: SeasonGame, team: ReplayTeam, final: boolean) {
  const record = season.recordBefore(team.code, game, final);
  const points = team === game.home ? game.homePoints : game.awayPoints;
  return {
    ...teamIdentity(team),
    wins: record.wins,
    losses: record.losses,
    score: final ? points! : 0,
    seed: 0,
    inBonus: null,
    timeoutsRemaining: null,
    // Quarter scores are not in the bundled data.
    periods: [],
  };
}

export function scoreboardGame(season: SeasonData, game: SeasonGame, now: Date) {
  const final = isFinalAt(game, now);
  const cup = cupLabels(game);
  return {
    gameId: game.gameId,
    gameCode: gameCode(game),
    gameStatus: final ? 3 : 1,
    gameStatusText: final ? finalStatusText(game) : easternClockText(game.tip),
    period: final ? game.periods! : 0,
    gameClock: '',
    gameTimeUTC: isoSeconds(game.tip),
    gameEt: wallClockWithZ(game.tip, EASTERN),
    regulationPeriods: 4,
    seriesGameNumber: '',
    gameLabel: '',
    gameSubLabel: '',
    seriesText: cup.seriesText,
    ifNecessary: false,
    seriesConference: '',
    poRoundDesc: '',
    gameSubtype: cup.gameSubtype,
    isNeutral: cup.isNeutral,
    gameLeaders: {
      homeLeaders: final ? gameLeader(season, game.home, game.homePlayers) : { ...EMPTY_LEADER },
      awayLeaders: final ? gameLeader(season, game.away, game.awayPlayers) : { ...EMPTY_LEADER },
    },
    // Season leaders (per-game averages) are left empty: NBA.com's own season figures are not bundled.
    teamLeaders: { homeLeaders: { ...EMPTY_LEADER }, awayLeaders: { ...EMPTY_LEADER }, seasonLeadersFlag: 0 },
    broadcasters: EMPTY_BROADCASTERS,
    homeTeam: scoreboardTeam(season, game, game.home, final),
    awayTeam: scoreboardTeam(season, game, game.away, final),
  };
}

function scoreboard(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const date = queryParamIgnoringCase(request.query, 'GameDate');
  if (!date) return textResponse(400, 'GameDate is required', 'text/plain; charset=utf-8');
  if (!isIsoDate(date)) return textResponse(400, 'The value provided for GameDate is not valid', 'text/plain; charset=utf-8');
  const games = (season.gamesByDate.get(date) ?? []).filter((game) => request.visibility.isVisible(game.gameId));
  const [year, month, day] = date.split('-');
  return jsonResponse(200, {
    meta: nbaComMeta(`http://nba.cloud/league/00/${year}/${month}/${day}/scoreboard?Format=json`, request.now),
    scoreboard: {
      gameDate: date,
      leagueId: '00',
      leagueName: 'National Basketball Association',
      games: games.map((game) => scoreboardGame(season, game, request.now)),
    },
  });
}

function boxStatistics(totals: Totals, minutes: string, plusMinusPoints: number | null) {
  return {
    minutes,
    fieldGoalsMade: totals.fgm,
    fieldGoalsAttempted: totals.fga,
    fieldGoalsPercentage: pct(totals.fgm, totals.fga),
    threePointersMade: totals.fg3m,
    threePointersAttempted: totals.fg3a,
    threePointersPercentage: pct(totals.fg3m, totals.fg3a),
    freeThrowsMade: totals.ftm,
    freeThrowsAttempted: totals.fta,
    freeThrowsPercentage: pct(totals.ftm, totals.fta),
    reboundsOffensive: totals.oreb,
    reboundsDefensive: totals.dreb,
    reboundsTotal: totals.reb,
    assists: totals.ast,
    steals: totals.stl,
    blocks: totals.blk,
    turnovers: totals.tov,
    foulsPersonal: totals.pf,
    points: totals.pts,
    plusMinusPoints,
  };
}

/** Starters are not marked in the bundled box scores, so the starters/bench split keeps its keys with null values. */
function unknownSplit() {
  const { plusMinusPoints: _dropped, ...split } = boxStatistics(totalsOf([]), '', null);
  return Object.fromEntries(Object.keys(split).map((key) => [key, null]));
}

function boxTeam(season: SeasonData, game: SeasonGame, team: ReplayTeam, final: boolean) {
  if (!final) return { ...teamIdentity(team), players: [], statistics: {}, starters: {}, bench: {} };
  const lines = team === game.home ? game.homePlayers : game.awayPlayers;
  const margin = team === game.home ? game.homePoints! - game.awayPoints! : game.awayPoints! - game.homePoints!;
  return {
    teamId: team.nbaTeamId,
    teamCity: team.nbaCity,
    teamName: team.nbaName,
    teamTricode: team.code,
    teamSlug: team.nbaSlug,
    players: byMinutes(lines).map((line) => {
      const person = nbaComPerson(season, line);
      return {
        personId: person.personId,
        firstName: person.firstName,
        familyName: person.familyName,
        nameI: person.nameI,
        playerSlug: person.playerSlug,
        position: '',
        comment: '',
        jerseyNum: '',
        statistics: boxStatistics(totalsOf([line]), clockMinutes(line.minutes), null),
      };
    }),
    statistics: boxStatistics(totalsOf(lines), `${teamMinutes(game)}:00`, margin),
    starters: unknownSplit(),
    bench: unknownSplit(),
  };
}

const GAME_ID = /^\d{10}$/;

function boxScoreTraditional(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const gameId = queryParamIgnoringCase(request.query, 'GameID');
  if (!gameId || !GAME_ID.test(gameId)) return textResponse(400, 'GameID is required', 'text/plain; charset=utf-8');
  const meta = nbaComMeta(`http://nba.cloud/games/${gameId}/boxscoretraditional?Format=json`, request.now);
  const game = season.gamesById.get(gameId);
  if (!game) {
    return jsonResponse(200, { meta, boxScoreTraditional: { gameId, awayTeamId: 0, homeTeamId: 0, homeTeam: {}, awayTeam: {} } });
  }
  // A game whose result has not arrived (or that a fault hides) answers like a game not yet played: no players.
  const visible = request.visibility.isVisible(game.gameId);
  const final = visible && isFinalAt(game, request.now);
  return jsonResponse(200, {
    meta,
    boxScoreTraditional: {
      gameId,
      awayTeamId: game.away.nbaTeamId,
      homeTeamId: game.home.nbaTeamId,
      homeTeam: boxTeam(season, game, game.home, final),
      awayTeam: boxTeam(season, game, game.away, final),
    },
  });
}

/** Only the bundled sample games have play-by-play; any other game answers as NBA.com does for a game without actions. */
function playByPlay(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const gameId = queryParamIgnoringCase(request.query, 'GameID');
  if (!gameId || !GAME_ID.test(gameId)) return textResponse(400, 'GameID is required', 'text/plain; charset=utf-8');
  const sample = season.samples.playByPlayV3.get(gameId);
  if (sample && request.visibility.isVisible(gameId)) return jsonResponse(200, sample);
  return jsonResponse(200, {
    meta: nbaComMeta(`http://nba.cloud/games/${gameId}/playbyplay?Format=json`, request.now),
    game: { gameId, videoAvailable: 0, actions: [] },
  });
}

/**
 * commonallplayers from the bundled real response. `IsOnlyCurrentSeason=1` keeps the players it marks
 * as on a roster (ROSTERSTATUS 1), as NBA.com does; the rosters are those of the day it was recorded.
 */
function commonAllPlayers(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const recorded = season.samples.commonAllPlayers;
  if (!recorded) return textResponse(404, 'no commonallplayers response is bundled', 'text/plain; charset=utf-8');
  const onlyCurrent = queryParamIgnoringCase(request.query, 'IsOnlyCurrentSeason') === '1';
  const resultSets = recorded.resultSets.map((set) => {
    const status = set.headers.indexOf('ROSTERSTATUS');
    return onlyCurrent && status >= 0 ? { ...set, rowSet: set.rowSet.filter((row) => row[status] === 1) } : set;
  });
  return jsonResponse(200, { ...recorded, parameters: { ...recorded.parameters, IsOnlyCurrentSeason: onlyCurrent ? 1 : 0 }, resultSets });
}

export function nbaStatsRoutes(season: SeasonData): SourceRoutes {
  return {
    source: 'nba-stats',
    routes: [
      get(/^\/stats\/scoreboardv3\/?$/i, (request) => scoreboard(season, request)),
      get(/^\/stats\/boxscoretraditionalv3\/?$/i, (request) => boxScoreTraditional(season, request)),
      get(/^\/stats\/playbyplayv3\/?$/i, (request) => playByPlay(season, request)),
      get(/^\/stats\/commonallplayers\/?$/i, (request) => commonAllPlayers(season, request)),
    ],
    notFound: () => textResponse(404, 'Not Found', 'text/plain; charset=utf-8'),
  };
}
