import { EASTERN, isIsoDate, isoDateIn, isoMinutes, zonedParts, zoneOffsetMinutes, zonedTimeToUtc } from './game-time.derivation';
import { totalsOf } from './nba-com.shapes';
import { espnSlug, ReplayTeam } from './nba-teams.catalog';
import { get, jsonResponse, ReplayRequest, ReplayResponse, SourceRoutes } from './replay.http';
import { CountingStats, isFinalAt, PlayerLine, SeasonData, SeasonGame, TeamRecord } from './season-data.loader';

/**
 * ESPN's site API (site.api.espn.com/apis/site/v2/sports/basketball/nba/…): scoreboard and game
 * summary, in the shapes of the bundled ESPN samples, with ESPN's own team ids and abbreviations.
 */
/** ESPN names a season by the year it ends in. */
const ESPN_SEASON = 2026;
const LEAGUE = { id: '46', uid: 's:40~l:46', name: 'National Basketball Association', abbreviation: 'NBA', slug: 'nba' };

const lower = (team: ReplayTeam) => team.espnAbbreviation.toLowerCase();

function teamColors(season: SeasonData, team: ReplayTeam) {
  const colors = season.samples.espnColors.get(team.espnAbbreviation);
  return { color: colors?.color ?? null, alternateColor: colors?.alternateColor ?? null };
}

function clubhouseLink(team: ReplayTeam) {
  return { rel: ['clubhouse', 'desktop', 'team'], href: `https://www.espn.com/nba/team/_/name/${lower(team)}/${espnSlug(team)}`, text: 'Clubhouse' };
}

/** The scoreboard's team links also say whether they leave ESPN or need a subscription. */
function scoreboardClubhouseLink(team: ReplayTeam) {
  return { ...clubhouseLink(team), isExternal: false, isPremium: false };
}

function logoUrl(team: ReplayTeam, variant = '') {
  return `https://a.espncdn.com/i/teamlogos/nba/500/${variant}${lower(team)}.png`;
}

function recordText(wins: number, losses: number): string {
  return `${wins}-${losses}`;
}

function eventLinks(id: string) {
  return [
    { language: 'en-US', rel: ['summary', 'desktop', 'event'], href: `https://www.espn.com/nba/game/_/gameId/${id}`, text: 'Gamecast', shortText: 'Gamecast', isExternal: false, isPremium: false },
  ];
}

function ordinal(day: number): string {
  const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  return `${day}${suffix}`;
}

/** 'Wed, November 5th at 7:00 PM EST' and '11/5 - 7:00 PM EST', as ESPN words a scheduled game. */
function scheduledDetail(tip: Date): { detail: string; shortDetail: string } {
  const parts = zonedParts(tip, EASTERN);
  const zone = zoneOffsetMinutes(tip, EASTERN) === -240 ? 'EDT' : 'EST';
  const hour12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
  const clock = `${hour12}:${String(parts.minute).padStart(2, '0')} ${parts.hour < 12 ? 'AM' : 'PM'} ${zone}`;
  const month = new Intl.DateTimeFormat('en-US', { timeZone: EASTERN, month: 'long' }).format(tip);
  return { detail: `${parts.weekday}, ${month} ${ordinal(parts.day)} at ${clock}`, shortDetail: `${parts.month}/${parts.day} - ${clock}` };
}

export function espnStatus(game: SeasonGame, final: boolean) {
  if (final) {
    const overtimes = (game.periods ?? 4) - 4;
    const detail = overtimes <= 0 ? 'Final' : overtimes === 1 ? 'Final/OT' : `Final/${overtimes}OT`;
    // ESPN adds altDetail ('OT', '2OT') to a game that went to overtime (data/samples/espn/scoreboard_2024-01-15_MLK_day.json).
    const overtime = overtimes <= 0 ? {} : { altDetail: overtimes === 1 ? 'OT' : `${overtimes}OT` };
    return {
      clock: 0,
      displayClock: '0.0',
      period: game.periods,
      type: { id: '3', name: 'STATUS_FINAL', state: 'post', completed: true, description: 'Final', detail, shortDetail: detail, ...overtime },
    };
  }
  return {
    clock: 0,
    displayClock: '0.0',
    period: 0,
    type: { id: '1', name: 'STATUS_SCHEDULED', state: 'pre', completed: false, description: 'Scheduled', ...scheduledDetail(game.tip) },
  };
}

/** The team object both ESPN shapes share (scoreboard competitors and summary header competitors). */
function espnTeamIdentity(season: SeasonData, team: ReplayTeam) {
  return {
    id: team.espnId,
    uid: `s:40~l:46~t:${team.espnId}`,
    location: team.espnLocation,
    name: team.nbaName,
    abbreviation: team.espnAbbreviation,
    displayName: team.espnDisplayName,
    ...teamColors(season, team),
  };
}

function sideOf(game: SeasonGame, team: ReplayTeam) {
  const isHome = team === game.home;
  return { isHome, points: isHome ? game.homePoints : game.awayPoints, other: isHome ? game.awayPoints : game.homePoints };
}

function scoreboardCompetitor(season: SeasonData, game: SeasonGame, team: ReplayTeam, final: boolean) {
  const record: TeamRecord = season.recordBefore(team.code, game, final);
  const { isHome, points, other } = sideOf(game, team);
  return {
    id: team.espnId,
    uid: `s:40~l:46~t:${team.espnId}`,
    type: 'team',
    order: isHome ? 0 : 1,
    homeAway: isHome ? 'home' : 'away',
    ...(final ? { winner: points! > other! } : {}),
    team: {
      ...espnTeamIdentity(season, team),
      shortDisplayName: team.nbaName,
      isActive: true,
      venue: { id: null },
      links: [scoreboardClubhouseLink(team)],
      logo: logoUrl(team, 'scoreboard/'),
    },
    score: final ? String(points) : '0',
    // Quarter scores are not in the bundled data.
    ...(final ? { linescores: [] } : {}),
    statistics: [],
    records: [
      { name: 'overall', abbreviation: 'Total', type: 'total', summary: recordText(record.wins, record.losses) },
      { name: 'Home', type: 'home', summary: recordText(record.homeWins, record.homeLosses) },
      { name: 'Road', type: 'road', summary: recordText(record.roadWins, record.roadLosses) },
    ],
    leaders: [],
  };
}

export function scoreboardEvent(season: SeasonData, game: SeasonGame, now: Date) {
  const final = isFinalAt(game, now);
  const date = isoMinutes(game.tip);
  const knockout = game.gameType !== 'regular_season';
  return {
    id: game.espnId,
    uid: `s:40~l:46~e:${game.espnId}`,
    date,
    name: `${game.away.espnDisplayName} at ${game.home.espnDisplayName}`,
    shortName: `${game.away.espnAbbreviation} @ ${game.home.espnAbbreviation}`,
    season: { year: ESPN_SEASON, type: 2, slug: 'regular-season' },
    competitions: [
      {
        id: game.espnId,
        uid: `s:40~l:46~e:${game.espnId}~c:${game.espnId}`,
        date,
        attendance: final ? null : 0,
        type: { id: '1', abbreviation: 'STD' },
        timeValid: true,
        neutralSite: knockout,
        conferenceCompetition: false,
        recent: false,
        venue: { id: null, fullName: null, address: { city: null, state: null }, capacity: null, indoor: null },
        competitors: [scoreboardCompetitor(season, game, game.home, final), scoreboardCompetitor(season, game, game.away, final)],
        notes: [],
        status: espnStatus(game, final),
        broadcasts: [],
        format: { regulation: { periods: 4 } },
        tickets: [],
        startDate: date,
        geoBroadcasts: [],
        odds: [],
        highlights: [],
        // Play-by-play is not bundled for the season; ESPN says whether it has it.
        playByPlayAvailable: false,
      },
    ],
    links: eventLinks(game.espnId),
    status: espnStatus(game, final),
  };
}

/** ESPN's day boundaries: midnight Pacific, written to the minute ('2022-10-01T07:00Z'). */
function calendarEntry(date: string): string {
  return isoMinutes(zonedTimeToUtc(date, '00:00', 'America/Los_Angeles'));
}

function scoreboard(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const requested = request.query.get('dates');
  const date = requested ? `${requested.slice(0, 4)}-${requested.slice(4, 6)}-${requested.slice(6, 8)}` : isoDateIn(request.now, EASTERN);
  if (requested !== null && (!/^\d{8}$/.test(requested) || !isIsoDate(date))) {
    return jsonResponse(400, { code: 400, message: `Invalid dates parameter: ${requested}` });
  }
  const games = (season.gamesByDate.get(date) ?? []).filter((game) => request.visibility.isVisible(game.gameId));
  const seasonDates = [...season.gamesByDate.keys()].sort();
  return jsonResponse(200, {
    leagues: [
      {
        ...LEAGUE,
        season: {
          year: ESPN_SEASON,
          startDate: null,
          endDate: null,
          displayName: '2025-26',
          type: { id: '2', type: 2, name: 'Regular Season', abbreviation: 'reg' },
        },
        logos: [],
        calendarType: 'day',
        calendarIsWhitelist: true,
        calendarStartDate: calendarEntry(seasonDates[0]),
        calendarEndDate: calendarEntry(seasonDates[seasonDates.length - 1]),
        calendar: seasonDates.map(calendarEntry),
      },
    ],
    season: { type: 2, year: ESPN_SEASON },
    day: { date },
    events: games.map((game) => scoreboardEvent(season, game, request.now)),
  });
}

function boxscoreTeam(season: SeasonData, team: ReplayTeam) {
  return {
    id: team.espnId,
    uid: `s:40~l:46~t:${team.espnId}`,
    slug: espnSlug(team),
    location: team.espnLocation,
    name: team.nbaName,
    abbreviation: team.espnAbbreviation,
    displayName: team.espnDisplayName,
    shortDisplayName: team.nbaName,
    ...teamColors(season, team),
    logo: logoUrl(team),
  };
}

const percent = (made: number, attempted: number) => (attempted > 0 ? ((made / attempted) * 100).toFixed(1) : '0.0');

/** The team statistics the bundled box scores support; ESPN's other team entries (team turnovers, fast-break points, …) are left out. */
function teamStatistics(lines: PlayerLine[]) {
  const totals = totalsOf(lines);
  return [
    { name: 'fieldGoalsMade-fieldGoalsAttempted', displayValue: `${totals.fgm}-${totals.fga}`, label: 'FG' },
    { name: 'fieldGoalPct', displayValue: percent(totals.fgm, totals.fga), abbreviation: 'FG%', label: 'Field Goal %' },
    { name: 'threePointFieldGoalsMade-threePointFieldGoalsAttempted', displayValue: `${totals.fg3m}-${totals.fg3a}`, label: '3PT' },
    { name: 'threePointFieldGoalPct', displayValue: percent(totals.fg3m, totals.fg3a), abbreviation: '3P%', label: 'Three Point %' },
    { name: 'freeThrowsMade-freeThrowsAttempted', displayValue: `${totals.ftm}-${totals.fta}`, label: 'FT' },
    { name: 'freeThrowPct', displayValue: percent(totals.ftm, totals.fta), abbreviation: 'FT%', label: 'Free Throw %' },
    { name: 'totalRebounds', displayValue: String(totals.reb), abbreviation: 'REB', label: 'Rebounds' },
    { name: 'offensiveRebounds', displayValue: String(totals.oreb), abbreviation: 'OR', label: 'Offensive Rebounds' },
    { name: 'defensiveRebounds', displayValue: String(totals.dreb), abbreviation: 'DR', label: 'Defensive Rebounds' },
    { name: 'assists', displayValue: String(totals.ast), abbreviation: 'AST', label: 'Assists' },
    { name: 'steals', displayValue: String(totals.stl), abbreviation: 'STL', label: 'Steals' },
    { name: 'blocks', displayValue: String(totals.blk), abbreviation: 'BLK', label: 'Blocks' },
    { name: 'turnovers', displayValue: String(totals.tov), abbreviation: 'TO', label: 'Turnovers' },
    { name: 'fouls', displayValue: String(totals.pf), abbreviation: 'PF', label: 'Fouls' },
  ];
}

const PLAYER_COLUMNS = {
  names: ['MIN', 'FG', '3PT', 'FT', 'OREB', 'DREB', 'REB', 'AST', 'STL', 'BLK', 'TO', 'PF', '+/-', 'PTS'],
  keys: [
    'minutes',
    'fieldGoalsMade-fieldGoalsAttempted',
    'threePointFieldGoalsMade-threePointFieldGoalsAttempted',
    'freeThrowsMade-freeThrowsAttempted',
    'offensiveRebounds',
    'defensiveRebounds',
    'rebounds',
    'assists',
    'steals',
    'blocks',
    'turnovers',
    'fouls',
    'plusMinus',
    'points',
  ],
  labels: ['MIN', 'FG', '3PT', 'FT', 'OREB', 'DREB', 'REB', 'AST', 'STL', 'BLK', 'TO', 'PF', '+/-', 'PTS'],
  descriptions: [
    'Minutes',
    'Field Goals Made/Attempted',
    '3-Point Field Goals Made/Attempted',
    'Free Throws Made/Attempted',
    'Offensive Rebounds',
    'Defensive Rebounds',
    'Rebounds',
    'Assists',
    'Steals',
    'Blocks',
    'Turnovers',
    'Personal Fouls',
    'Teams net points while player is on the court.',
    'Points',
  ],
};

/** One row in ESPN's column order; +/- is not in the bundled data and is left empty, as ESPN does in its totals row. */
function statRow(line: CountingStats, minutes: string) {
  return [
    minutes,
    `${line.fgm}-${line.fga}`,
    `${line.fg3m}-${line.fg3a}`,
    `${line.ftm}-${line.fta}`,
    String(line.oreb),
    String(line.dreb),
    String(line.reb),
    String(line.ast),
    String(line.stl),
    String(line.blk),
    String(line.tov),
    String(line.pf),
    '',
    String(line.pts),
  ];
}

/** ESPN athlete ids are ESPN's own and not bundled: the replay uses the NBA person id (0 when unknown). */
function athlete(line: PlayerLine) {
  const id = String(line.playerId ?? 0);
  const slug = line.playerName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');
  const space = line.playerName.indexOf(' ');
  return {
    active: false,
    athlete: {
      id,
      uid: `s:40~l:46~a:${id}`,
      guid: null,
      displayName: line.playerName,
      shortName: space > 0 ? `${line.playerName[0]}. ${line.playerName.slice(space + 1)}` : line.playerName,
      links: [{ rel: ['playercard', 'desktop', 'athlete'], href: `https://www.espn.com/nba/player/_/id/${id}/${slug}`, text: 'Player Card' }],
      headshot: { href: `https://a.espncdn.com/i/headshots/nba/players/full/${id}.png`, alt: line.playerName },
      jersey: null,
      position: null,
    },
    starter: null,
    didNotPlay: false,
    reason: '',
    ejected: false,
    stats: statRow(line, String(Math.round(line.minutes))),
  };
}

function boxscorePlayers(season: SeasonData, team: ReplayTeam, lines: PlayerLine[]) {
  const ordered = [...lines].sort((left, right) => right.minutes - left.minutes || left.playerName.localeCompare(right.playerName));
  return {
    team: boxscoreTeam(season, team),
    statistics: [{ ...PLAYER_COLUMNS, athletes: ordered.map(athlete), totals: statRow(totalsOf(lines), '') }],
  };
}

function headerCompetitor(season: SeasonData, game: SeasonGame, team: ReplayTeam, final: boolean) {
  const record = season.recordBefore(team.code, game, final);
  const { isHome, points, other } = sideOf(game, team);
  const venueRecord = isHome ? { type: 'home', wins: record.homeWins, losses: record.homeLosses } : { type: 'road', wins: record.roadWins, losses: record.roadLosses };
  return {
    id: team.espnId,
    uid: `s:40~l:46~t:${team.espnId}`,
    order: isHome ? 0 : 1,
    homeAway: isHome ? 'home' : 'away',
    ...(final ? { winner: points! > other! } : {}),
    team: {
      ...espnTeamIdentity(season, team),
      logos: [{ href: logoUrl(team), width: 500, height: 500, alt: '', rel: ['full', 'default'], lastUpdated: null }],
      links: [clubhouseLink(team)],
    },
    ...(final ? { score: String(points), linescores: [] } : {}),
    record: [
      { type: 'total', summary: recordText(record.wins, record.losses), displayValue: recordText(record.wins, record.losses) },
      { type: venueRecord.type, summary: recordText(venueRecord.wins, venueRecord.losses), displayValue: recordText(venueRecord.wins, venueRecord.losses) },
    ],
    possession: false,
  };
}

export function summary(season: SeasonData, game: SeasonGame, now: Date) {
  const final = isFinalAt(game, now);
  const teams = [game.away, game.home];
  return {
    boxscore: final
      ? {
          teams: teams.map((team) => ({ team: boxscoreTeam(season, team), statistics: teamStatistics(team === game.home ? game.homePlayers : game.awayPlayers) })),
          players: teams.map((team) => boxscorePlayers(season, team, team === game.home ? game.homePlayers : game.awayPlayers)),
        }
      : { teams: teams.map((team) => ({ team: boxscoreTeam(season, team), statistics: [] })) },
    format: { regulation: { periods: 4, displayName: 'Quarter', slug: 'quarter', clock: 720 }, overtime: { clock: 300 } },
    gameInfo: { venue: { id: null, fullName: null, address: { city: null, state: null } }, attendance: null, officials: [] },
    leaders: [],
    broadcasts: [],
    pickcenter: [],
    againstTheSpread: [],
    odds: [],
    header: {
      id: game.espnId,
      uid: `s:40~l:46~e:${game.espnId}`,
      season: { year: ESPN_SEASON, type: 2 },
      timeValid: true,
      competitions: [
        {
          id: game.espnId,
          uid: `s:40~l:46~e:${game.espnId}~c:${game.espnId}`,
          date: isoMinutes(game.tip),
          neutralSite: game.gameType !== 'regular_season',
          conferenceCompetition: false,
          boxscoreAvailable: final,
          commentaryAvailable: false,
          liveAvailable: false,
          shotChartAvailable: false,
          timeoutsAvailable: false,
          possessionArrowAvailable: false,
          onWatchESPN: false,
          recent: false,
          boxscoreSource: final ? 'full' : 'none',
          playByPlaySource: 'none',
          competitors: [headerCompetitor(season, game, game.home, final), headerCompetitor(season, game, game.away, final)],
          status: { type: espnStatus(game, final).type },
          broadcasts: [],
          series: [],
        },
      ],
      links: [
        { rel: ['summary', 'desktop', 'event'], href: `https://www.espn.com/nba/game/_/gameId/${game.espnId}`, text: 'Gamecast', shortText: 'Summary', isExternal: false, isPremium: false },
      ],
      league: { ...LEAGUE, isTournament: false, links: [] },
    },
  };
}

function gameSummary(season: SeasonData, request: ReplayRequest): ReplayResponse {
  const event = request.query.get('event');
  const game = event ? season.gamesByEspnId.get(event) : undefined;
  if (!game || !request.visibility.isVisible(game.gameId)) {
    return jsonResponse(404, { code: 404, message: 'Failed to get event summary' });
  }
  return jsonResponse(200, summary(season, game, request.now));
}

export function espnRoutes(season: SeasonData): SourceRoutes {
  return {
    source: 'espn',
    routes: [
      get(/^\/apis\/site\/v2\/sports\/basketball\/nba\/scoreboard\/?$/, (request) => scoreboard(season, request)),
      get(/^\/apis\/site\/v2\/sports\/basketball\/nba\/summary\/?$/, (request) => gameSummary(season, request)),
    ],
    notFound: () => jsonResponse(404, { code: 404, message: 'Not Found' }),
  };
}
