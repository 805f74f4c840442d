/**
 * The 30 teams as each upstream names them. These are published facts of each upstream (NBA.com
 * team ids, tricodes and slugs as in the bundled scheduleLeagueV2 sample; balldontlie's ids 1..30 in
 * alphabetical order of full name, as in the bundled /v1/games sample where MIA is 16; ESPN's team
 * ids and its own abbreviations; The Odds API's full names), plus the IANA zone of each home arena,
 * which the NBA.com schedule needs for its home/away local times.
 */
export interface ReplayTeam {
  /** NBA.com tricode: the key every table here is indexed by. */
  code: string;
  nbaTeamId: number;
  nbaCity: string;
  nbaName: string;
  nbaSlug: string;
  bdlId: number;
  bdlCity: string;
  bdlFullName: string;
  conference: 'East' | 'West';
  division: 'Atlantic' | 'Central' | 'Southeast' | 'Northwest' | 'Pacific' | 'Southwest';
  espnId: string;
  espnAbbreviation: string;
  espnLocation: string;
  espnDisplayName: string;
  oddsApiName: string;
  timeZone: string;
}

type Row = [string, number, string, string, string, string, ReplayTeam['conference'], ReplayTeam['division'], string, string, string];

// code, NBA team id, NBA city, NBA name, NBA slug, balldontlie full name, conference, division, ESPN id, ESPN abbreviation, zone
const ROWS: Row[] = [
  ['ATL', 1610612737, 'Atlanta', 'Hawks', 'hawks', 'Atlanta Hawks', 'East', 'Southeast', '1', 'ATL', 'America/New_York'],
  ['BOS', 1610612738, 'Boston', 'Celtics', 'celtics', 'Boston Celtics', 'East', 'Atlantic', '2', 'BOS', 'America/New_York'],
  ['BKN', 1610612751, 'Brooklyn', 'Nets', 'nets', 'Brooklyn Nets', 'East', 'Atlantic', '17', 'BKN', 'America/New_York'],
  ['CHA', 1610612766, 'Charlotte', 'Hornets', 'hornets', 'Charlotte Hornets', 'East', 'Southeast', '30', 'CHA', 'America/New_York'],
  ['CHI', 1610612741, 'Chicago', 'Bulls', 'bulls', 'Chicago Bulls', 'East', 'Central', '4', 'CHI', 'America/Chicago'],
  ['CLE', 1610612739, 'Cleveland', 'Cavaliers', 'cavaliers', 'Cleveland Cavaliers', 'East', 'Central', '5', 'CLE', 'America/New_York'],
  ['DAL', 1610612742, 'Dallas', 'Mavericks', 'mavericks', 'Dallas Mavericks', 'West', 'Southwest', '6', 'DAL', 'America/Chicago'],
  ['DEN', 1610612743, 'Denver', 'Nuggets', 'nuggets', 'Denver Nuggets', 'West', 'Northwest', '7', 'DEN', 'America/Denver'],
  ['DET', 1610612765, 'Detroit', 'Pistons', 'pistons', 'Detroit Pistons', 'East', 'Central', '8', 'DET', 'America/Detroit'],
  ['GSW', 1610612744, 'Golden State', 'Warriors', 'warriors', 'Golden State Warriors', 'West', 'Pacific', '9', 'GS', 'America/Los_Angeles'],
  ['HOU', 1610612745, 'Houston', 'Rockets', 'rockets', 'Houston Rockets', 'West', 'Southwest', '10', 'HOU', 'America/Chicago'],
  ['IND', 1610612754, 'Indiana', 'Pacers', 'pacers', 'Indiana Pacers', 'East', 'Central', '11', 'IND', 'America/Indiana/Indianapolis'],
  ['LAC', 1610612746, 'LA', 'Clippers', 'clippers', 'LA Clippers', 'West', 'Pacific', '12', 'LAC', 'America/Los_Angeles'],
  ['LAL', 1610612747, 'Los Angeles', 'Lakers', 'lakers', 'Los Angeles Lakers', 'West', 'Pacific', '13', 'LAL', 'America/Los_Angeles'],
  ['MEM', 1610612763, 'Memphis', 'Grizzlies', 'grizzlies', 'Memphis Grizzlies', 'West', 'Southwest', '29', 'MEM', 'America/Chicago'],
  ['MIA', 1610612748, 'Miami', 'Heat', 'heat', 'Miami Heat', 'East', 'Southeast', '14', 'MIA', 'America/New_York'],
  ['MIL', 1610612749, 'Milwaukee', 'Bucks', 'bucks', 'Milwaukee Bucks', 'East', 'Central', '15', 'MIL', 'America/Chicago'],
  ['MIN', 1610612750, 'Minnesota', 'Timberwolves', 'timberwolves', 'Minnesota Timberwolves', 'West', 'Northwest', '16', 'MIN', 'America/Chicago'],
  ['NOP', 1610612740, 'New Orleans', 'Pelicans', 'pelicans', 'New Orleans Pelicans', 'West', 'Southwest', '3', 'NO', 'America/Chicago'],
  ['NYK', 1610612752, 'New York', 'Knicks', 'knicks', 'New York Knicks', 'East', 'Atlantic', '18', 'NY', 'America/New_York'],
  ['OKC', 1610612760, 'Oklahoma City', 'Thunder', 'thunder', 'Oklahoma City Thunder', 'West', 'Northwest', '25', 'OKC', 'America/Chicago'],
  ['ORL', 1610612753, 'Orlando', 'Magic', 'magic', 'Orlando Magic', 'East', 'Southeast', '19', 'ORL', 'America/New_York'],
  ['PHI', 1610612755, 'Philadelphia', '76ers', 'sixers', 'Philadelphia 76ers', 'East', 'Atlantic', '20', 'PHI', 'America/New_York'],
  ['PHX', 1610612756, 'Phoenix', 'Suns', 'suns', 'Phoenix Suns', 'West', 'Pacific', '21', 'PHX', 'America/Phoenix'],
  ['POR', 1610612757, 'Portland', 'Trail Blazers', 'blazers', 'Portland Trail Blazers', 'West', 'Northwest', '22', 'POR', 'America/Los_Angeles'],
  ['SAC', 1610612758, 'Sacramento', 'Kings', 'kings', 'Sacramento Kings', 'West', 'Pacific', '23', 'SAC', 'America/Los_Angeles'],
  ['SAS', 1610612759, 'San Antonio', 'Spurs', 'spurs', 'San Antonio Spurs', 'West', 'Southwest', '24', 'SA', 'America/Chicago'],
  ['TOR', 1610612761, 'Toronto', 'Raptors', 'raptors', 'Toronto Raptors', 'East', 'Atlantic', '28', 'TOR', 'America/Toronto'],
  ['UTA', 1610612762, 'Utah', 'Jazz', 'jazz', 'Utah Jazz', 'West', 'Northwest', '26', 'UTAH', 'America/Denver'],
  ['WAS', 1610612764, 'Washington', 'Wizards', 'wizards', 'Washington Wizards', 'East', 'Southeast', '27', 'WSH', 'America/New_York'],
];

/** The Odds API spells the Clippers out in full; every other team is NBA.com's city + name. */
const ODDS_API_NAME_EXCEPTIONS: Record<string, string> = { LAC: 'Los Angeles Clippers' };

export const REPLAY_TEAMS: readonly ReplayTeam[] = ROWS.map((row): ReplayTeam => {
  const [code, nbaTeamId, nbaCity, nbaName, nbaSlug, bdlFullName, conference, division, espnId, espnAbbreviation, timeZone] = row;
  const bdlCity = bdlFullName.slice(0, bdlFullName.length - nbaName.length - 1);
  return {
    code,
    nbaTeamId,
    nbaCity,
    nbaName,
    nbaSlug,
    bdlId: 0,
    bdlCity,
    bdlFullName,
    conference,
    division,
    espnId,
    espnAbbreviation,
    espnLocation: bdlCity,
    espnDisplayName: bdlFullName,
    oddsApiName: ODDS_API_NAME_EXCEPTIONS[code] ?? `${nbaCity} ${nbaName}`,
    timeZone,
  };
})
  .sort((left, right) => (left.bdlFullName < right.bdlFullName ? -1 : 1))
  .map((team, index) => ({ ...team, bdlId: index + 1 }));

const BY_CODE = new Map(REPLAY_TEAMS.map((team) => [team.code, team]));
const BY_ODDS_NAME = new Map(REPLAY_TEAMS.map((team) => [team.oddsApiName, team]));

export function teamByCode(code: string): ReplayTeam {
  const team = BY_CODE.get(code);
  if (!team) throw new Error(`unknown NBA tricode ${JSON.stringify(code)} in the bundled data`);
  return team;
}

export function teamByOddsApiName(name: string): ReplayTeam | undefined {
  return BY_ODDS_NAME.get(name);
}

/** ESPN's URL slug and lower-case logo code, as in its team links and logo paths. */
export function espnSlug(team: ReplayTeam): string {
  return team.espnDisplayName.toLowerCase().replaceAll(' ', '-');
}
