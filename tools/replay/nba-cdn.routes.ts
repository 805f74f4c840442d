import {
  addDaysIso,
  EASTERN,
  easternClockText,
  isoSeconds,
  wallClockWithOffset,
  wallClockWithZ,
  zonedParts,
  zonedTimeToUtc,
} from './game-time.derivation';
import {
  byMinutes,
  cupLabels,
  finalStatusText,
  gameCode,
  isoDurationMinutes,
  nbaComMeta,
  nbaComPerson,
  pct,
  teamIdentity,
  teamMinutes,
  totalsOf,
} from './nba-com.shapes';
import { ReplayTeam } from './nba-teams.catalog';
import { get, jsonResponse, ReplayRequest, ReplayResponse, SourceRoutes, textResponse } from './replay.http';
import { isFinalAt, PlayerLine, SeasonData, SeasonGame } from './season-data.loader';

/**
 * NBA.com's CDN (cdn.nba.com): the season schedule (scheduleLeagueV2, in the shape of the bundled
 * 2023-24 snapshot) and liveData box scores (shape of the bundled 0022000001 file).
 */

/** cdn.nba.com's answer for a file that is not published (yet): Akamai's 403 page. */
function accessDenied(): ReplayResponse {
  return textResponse(
    403,
    '<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \nYou don\'t have permission to access this resource on this server.<P>\n</BODY>\n</HTML>\n',
    'text/html',
  );
}

const EMPTY_SCHEDULE_BROADCASTERS = {
  nationalTvBroadcasters: [],
  nationalRadioBroadcasters: [],
  nationalOttBroadcasters: [],
  homeTvBroadcasters: [],
  homeRadioBroadcasters: [],
  homeOttBroadcasters: [],
  awayTvBroadcasters: [],
  awayRadioBroadcasters: [],
  awayOttBroadcasters: [],
  intlRadioBroadcasters: [],
  intlTvBroadcasters: [],
  intlOttBroadcasters: [],
};

interface ScheduleWeek {
  weekNumber: number;
  weekName: string;
  startDate: string;
  endDate: string;
}

/** Week 1 runs from opening night to the first Sunday, then Monday to Sunday (as in the 2023-24 schedule). */
function scheduleWeeks(firstDate: string, lastDate: string): ScheduleWeek[] {
  const weeks: ScheduleWeek[] = [];
  let start = firstDate;
  while (start <= lastDate) {
    const weekday = new Date(`${start}T12:00:00Z`).getUTCDay();
    const end = addDaysIso(start, (7 - weekday) % 7);
    const number = weeks.length + 1;
    weeks.push({ weekNumber: number, weekName: `Week ${number}`, startDate: `${start}T00:00:00Z`, endDate: `${end}T00:00:00Z` });
    start = addDaysIso(end, 1);
  }
  return weeks;
}

/** NBA.com writes the 1900-01-01 time fields with a fixed EST offset (UTC-5), whatever the date's DST. */
function fixedEstTimeUtc(game: SeasonGame): string {
  const eastern = zonedParts(game.tip, EASTERN);
  const minutes = eastern.hour * 60 + eastern.minute + 5 * 60;
  const day = minutes >= 24 * 60 ? '02' : '01';
  const ofDay = minutes % (24 * 60);
  return `1900-01-${day}T${String(Math.floor(ofDay / 60)).padStart(2, '0')}:${String(ofDay % 60).padStart(2, '0')}:00Z`;
}

function scheduleTeam(season: SeasonData, game: SeasonGame, team: ReplayTeam, final: boolean) {
  const record = season.recordBefore(team.code, game, final);
  const points = team === game.home ? game.homePoints : game.awayPoints;
  return { ...teamIdentity(team), wins: record.wins, losses: record.losses, score: final ? points! : 0, seed: 0 };
}

export function scheduleGame(season: SeasonData, game: SeasonGame, now: Date, weeks: ScheduleWeek[]) {
  const final = isFinalAt(game, now);
  const eastern = zonedParts(game.tip, EASTERN);
  const easternWall = wallClockWithZ(game.tip, EASTERN);
  const week = weeks.find((candidate) => candidate.startDate.slice(0, 10) <= game.gameDate && game.gameDate <= candidate.endDate.slice(0, 10));
  const cup = cupLabels(game);
  return {
    gameId: game.gameId,
    gameCode: gameCode(game),
    gameStatus: final ? 3 : 1,
    gameStatusText: final ? finalStatusText(game) : easternClockText(game.tip),
    gameSequence: game.sequence,
    gameDateEst: `${game.gameDate}T00:00:00Z`,
    gameTimeEst: `1900-01-01T${easternWall.slice(11)}`,
    gameDateTimeEst: easternWall,
    gameDateUTC: isoSeconds(zonedTimeToUtc(game.gameDate, '00:00', EASTERN)),
    gameTimeUTC: fixedEstTimeUtc(game),
    gameDateTimeUTC: isoSeconds(game.tip),
    awayTeamTime: wallClockWithZ(game.tip, game.away.timeZone),
    homeTeamTime: wallClockWithZ(game.tip, game.home.timeZone),
    day: eastern.weekday,
    monthNum: eastern.month,
    weekNumber: week?.weekNumber ?? 0,
    weekName: week?.weekName ?? '',
    ifNecessary: false,
    seriesGameNumber: '',
    // Since 2024-25 a knockout names its round in gameLabel/gameSubLabel and says 'Neutral Site' in
    // seriesText (data/samples/nba_cdn/scheduleLeagueV2_2024-25_odd_days.json); 2023-24 put the round in seriesText.
    gameLabel: cup.seriesText ? 'Emirates NBA Cup' : '',
    gameSubLabel: cup.seriesText,
    seriesText: cup.seriesText ? 'Neutral Site' : '',
    isNeutral: cup.isNeutral,
    // Arenas are not in the bundled data.
    arenaName: '',
    arenaState: '',
    arenaCity: '',
    postponedStatus: 'A',
    branchLink: '',
    gameSubtype: cup.gameSubtype,
    broadcasters: EMPTY_SCHEDULE_BROADCASTERS,
    homeTeam: scheduleTeam(season, game, game.home, final),
    awayTeam: scheduleTeam(season, game, game.away, final),
    pointsLeaders: [],
  };
}

function schedule(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const dates = [...season.gamesByDate.keys()].sort();
  const weeks = scheduleWeeks(dates[0], dates[dates.length - 1]);
  const gameDates = dates
    .map((date) => {
      const games = season.gamesByDate.get(date)!.filter((game) => request.visibility.isVisible(game.gameId));
      const [year, month, day] = date.split('-');
      return { gameDate: `${month}/${day}/${year} 00:00:00`, games: games.map((game) => scheduleGame(season, game, request.now, weeks)) };
    })
    .filter((entry) => entry.games.length > 0);
  return jsonResponse(200, {
    meta: nbaComMeta('http://nba.cloud/league/00/2025-26/scheduleleaguev2?Format=json', request.now),
    leagueSchedule: { seasonYear: '2025-26', leagueId: '00', gameDates, weeks, broadcasterList: [] },
  });
}

/** liveData statistics: the bundled figures, and null for what the bundled box scores do not record. */
function livePlayerStatistics(line: PlayerLine) {
  const twoMade = line.fgm - line.fg3m;
  const twoAttempted = line.fga - line.fg3a;
  return {
    assists: line.ast,
    blocks: line.blk,
    blocksReceived: null,
    fieldGoalsAttempted: line.fga,
    fieldGoalsMade: line.fgm,
    fieldGoalsPercentage: pct(line.fgm, line.fga),
    foulsOffensive: null,
    foulsDrawn: null,
    foulsPersonal: line.pf,
    foulsTechnical: null,
    freeThrowsAttempted: line.fta,
    freeThrowsMade: line.ftm,
    freeThrowsPercentage: pct(line.ftm, line.fta),
    minus: null,
    minutes: isoDurationMinutes(line.minutes),
    minutesCalculated: `PT${String(Math.round(line.minutes)).padStart(2, '0')}M`,
    plus: null,
    plusMinusPoints: null,
    points: line.pts,
    pointsFastBreak: null,
    pointsInThePaint: null,
    pointsSecondChance: null,
    reboundsDefensive: line.dreb,
    reboundsOffensive: line.oreb,
    reboundsTotal: line.reb,
    steals: line.stl,
    threePointersAttempted: line.fg3a,
    threePointersMade: line.fg3m,
    threePointersPercentage: pct(line.fg3m, line.fg3a),
    turnovers: line.tov,
    twoPointersAttempted: twoAttempted,
    twoPointersMade: twoMade,
    twoPointersPercentage: pct(twoMade, twoAttempted),
  };
}

const UNKNOWN_TEAM_STATISTICS = [
  'assistsTurnoverRatio',
  'benchPoints',
  'biggestLead',
  'biggestLeadScore',
  'biggestScoringRun',
  'biggestScoringRunScore',
  'blocksReceived',
  'fastBreakPointsAttempted',
  'fastBreakPointsMade',
  'fastBreakPointsPercentage',
  'fieldGoalsEffectiveAdjusted',
  'foulsOffensive',
  'foulsDrawn',
  'foulsTeam',
  'foulsTechnical',
  'foulsTeamTechnical',
  'leadChanges',
  'pointsFastBreak',
  'pointsFromTurnovers',
  'pointsInThePaint',
  'pointsInThePaintAttempted',
  'pointsInThePaintMade',
  'pointsInThePaintPercentage',
  'pointsSecondChance',
  'reboundsPersonal',
  'reboundsTeam',
  'reboundsTeamDefensive',
  'reboundsTeamOffensive',
  'secondChancePointsAttempted',
  'secondChancePointsMade',
  'secondChancePointsPercentage',
  'timeLeading',
  'timesTied',
  'trueShootingAttempts',
  'trueShootingPercentage',
  'turnoversTeam',
  'turnoversTotal',
];

function liveTeamStatistics(game: SeasonGame, lines: PlayerLine[], points: number, pointsAgainst: number) {
  const totals = totalsOf(lines);
  const known = {
    assists: totals.ast,
    blocks: totals.blk,
    fieldGoalsAttempted: totals.fga,
    fieldGoalsMade: totals.fgm,
    fieldGoalsPercentage: pct(totals.fgm, totals.fga),
    foulsPersonal: totals.pf,
    freeThrowsAttempted: totals.fta,
    freeThrowsMade: totals.ftm,
    freeThrowsPercentage: pct(totals.ftm, totals.fta),
    minutes: `PT${teamMinutes(game)}M00.00S`,
    minutesCalculated: `PT${teamMinutes(game)}M`,
    points,
    pointsAgainst,
    reboundsDefensive: totals.dreb,
    reboundsOffensive: totals.oreb,
    reboundsTotal: totals.reb,
    steals: totals.stl,
    threePointersAttempted: totals.fg3a,
    threePointersMade: totals.fg3m,
    threePointersPercentage: pct(totals.fg3m, totals.fg3a),
    turnovers: totals.tov,
    twoPointersAttempted: totals.fga - totals.fg3a,
    twoPointersMade: totals.fgm - totals.fg3m,
    twoPointersPercentage: pct(totals.fgm - totals.fg3m, totals.fga - totals.fg3a),
  };
  const unknown = Object.fromEntries(UNKNOWN_TEAM_STATISTICS.map((key) => [key, null]));
  return Object.fromEntries(Object.entries({ ...known, ...unknown }).sort(([left], [right]) => left.localeCompare(right)));
}

function liveTeam(season: SeasonData, game: SeasonGame, team: ReplayTeam) {
  const isHome = team === game.home;
  const lines = isHome ? game.homePlayers : game.awayPlayers;
  const points = isHome ? game.homePoints! : game.awayPoints!;
  const against = isHome ? game.awayPoints! : game.homePoints!;
  return {
    teamId: team.nbaTeamId,
    teamName: team.nbaName,
    teamCity: team.nbaCity,
    teamTricode: team.code,
    score: points,
    inBonus: null,
    timeoutsRemaining: null,
    periods: [],
    players: byMinutes(lines).map((line, index) => {
      const person = nbaComPerson(season, line);
      return {
        status: 'ACTIVE',
        order: index + 1,
        personId: person.personId,
        jerseyNum: '',
        position: '',
        starter: null,
        oncourt: '0',
        played: '1',
        statistics: livePlayerStatistics(line),
        name: person.name,
        nameI: person.nameI,
        firstName: person.firstName,
        familyName: person.familyName,
      };
    }),
    statistics: liveTeamStatistics(game, lines, points, against),
  };
}

export function liveBoxscore(season: SeasonData, game: SeasonGame, now: Date) {
  return {
    meta: { version: 1, code: 200, request: `http://nba.cloud/games/${game.gameId}/boxscore?Format=json`, time: now.toISOString() },
    game: {
      gameId: game.gameId,
      gameTimeLocal: wallClockWithOffset(game.tip, game.home.timeZone),
      gameTimeUTC: isoSeconds(game.tip),
      gameTimeHome: wallClockWithOffset(game.tip, game.home.timeZone),
      gameTimeAway: wallClockWithOffset(game.tip, game.away.timeZone),
      gameEt: wallClockWithOffset(game.tip, EASTERN),
      duration: null,
      gameCode: gameCode(game),
      gameStatusText: finalStatusText(game),
      gameStatus: 3,
      regulationPeriods: 4,
      period: game.periods,
      gameClock: 'PT00M00.00S',
      attendance: null,
      sellout: null,
      arena: { arenaId: null, arenaName: null, arenaCity: null, arenaState: null, arenaCountry: null, arenaTimezone: game.home.timeZone },
      officials: [],
      homeTeam: liveTeam(season, game, game.home),
      awayTeam: liveTeam(season, game, game.away),
    },
  };
}

function liveBoxscoreFile(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const { gameId } = request.params;
  if (!request.visibility.isVisible(gameId)) return accessDenied();
  const sample = season.samples.liveBoxscore.get(gameId);
  if (sample) return jsonResponse(200, sample);
  const game = season.gamesById.get(gameId);
  if (!game || !isFinalAt(game, request.now)) return accessDenied();
  return jsonResponse(200, liveBoxscore(season, game, request.now));
}

function livePlayByPlayFile(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const sample = season.samples.livePlayByPlay.get(request.params.gameId);
  return sample && request.visibility.isVisible(request.params.gameId) ? jsonResponse(200, sample) : accessDenied();
}

export function nbaCdnRoutes(season: SeasonData): SourceRoutes {
  return {
    source: 'nba-cdn',
    routes: [
      get(/^\/static\/json\/staticData\/scheduleLeagueV2(_\d+)?\.json$/, (request) => schedule(season, request)),
      get(/^\/static\/json\/liveData\/boxscore\/boxscore_(?<gameId>\d{10})\.json$/, (request) => liveBoxscoreFile(season, request)),
      get(/^\/static\/json\/liveData\/playbyplay\/playbyplay_(?<gameId>\d{10})\.json$/, (request) => livePlayByPlayFile(season, request)),
    ],
    notFound: accessDenied,
  };
}
