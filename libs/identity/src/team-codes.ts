/**
 * The one team identity: NBA.com's tricode. Every source's spelling (ESPN's GS/NO/NY/SA/UTAH/WSH,
 * Basketball-Reference's BRK/CHO/PHO, The Odds API's full names) maps here and nowhere else.
 */
export interface NbaTeam {
  code: string;
  nbaTeamId: string;
  fullName: string;
  /**
   * Other spellings seen in upstream data, the city and the nickname included (official.nba.com's
   * referee assignments name a game 'Milwaukee @ Toronto'); the two Los Angeles teams have no city alias.
   */
  aliases: string[];
}

export const NBA_TEAMS: readonly NbaTeam[] = [
  { code: 'ATL', nbaTeamId: '1610612737', fullName: 'Atlanta Hawks', aliases: ['Atlanta', 'Hawks'] },
  { code: 'BOS', nbaTeamId: '1610612738', fullName: 'Boston Celtics', aliases: ['Boston', 'Celtics'] },
  { code: 'BKN', nbaTeamId: '1610612751', fullName: 'Brooklyn Nets', aliases: ['BRK', 'BKLYN', 'NJN', 'Brooklyn', 'Nets'] },
  { code: 'CHA', nbaTeamId: '1610612766', fullName: 'Charlotte Hornets', aliases: ['CHO', 'CHH', 'Charlotte', 'Hornets'] },
  { code: 'CHI', nbaTeamId: '1610612741', fullName: 'Chicago Bulls', aliases: ['Chicago', 'Bulls'] },
  { code: 'CLE', nbaTeamId: '1610612739', fullName: 'Cleveland Cavaliers', aliases: ['Cleveland', 'Cavaliers'] },
  { code: 'DAL', nbaTeamId: '1610612742', fullName: 'Dallas Mavericks', aliases: ['Dallas', 'Mavericks'] },
  { code: 'DEN', nbaTeamId: '1610612743', fullName: 'Denver Nuggets', aliases: ['Denver', 'Nuggets'] },
  { code: 'DET', nbaTeamId: '1610612765', fullName: 'Detroit Pistons', aliases: ['Detroit', 'Pistons'] },
  { code: 'GSW', nbaTeamId: '1610612744', fullName: 'Golden State Warriors', aliases: ['GS', 'GOS', 'Golden State', 'Warriors'] },
  { code: 'HOU', nbaTeamId: '1610612745', fullName: 'Houston Rockets', aliases: ['Houston', 'Rockets'] },
  { code: 'IND', nbaTeamId: '1610612754', fullName: 'Indiana Pacers', aliases: ['Indiana', 'Pacers'] },
  { code: 'LAC', nbaTeamId: '1610612746', fullName: 'LA Clippers', aliases: ['Los Angeles Clippers', 'Clippers'] },
  { code: 'LAL', nbaTeamId: '1610612747', fullName: 'Los Angeles Lakers', aliases: ['LA Lakers', 'Lakers'] },
  { code: 'MEM', nbaTeamId: '1610612763', fullName: 'Memphis Grizzlies', aliases: ['Memphis', 'Grizzlies'] },
  { code: 'MIA', nbaTeamId: '1610612748', fullName: 'Miami Heat', aliases: ['Miami', 'Heat'] },
  { code: 'MIL', nbaTeamId: '1610612749', fullName: 'Milwaukee Bucks', aliases: ['Milwaukee', 'Bucks'] },
  { code: 'MIN', nbaTeamId: '1610612750', fullName: 'Minnesota Timberwolves', aliases: ['Minnesota', 'Timberwolves'] },
  { code: 'NOP', nbaTeamId: '1610612740', fullName: 'New Orleans Pelicans', aliases: ['NO', 'NOR', 'NOH', 'New Orleans', 'Pelicans'] },
  { code: 'NYK', nbaTeamId: '1610612752', fullName: 'New York Knicks', aliases: ['NY', 'New York', 'Knicks'] },
  { code: 'OKC', nbaTeamId: '1610612760', fullName: 'Oklahoma City Thunder', aliases: ['Oklahoma City', 'Thunder'] },
  { code: 'ORL', nbaTeamId: '1610612753', fullName: 'Orlando Magic', aliases: ['Orlando', 'Magic'] },
  { code: 'PHI', nbaTeamId: '1610612755', fullName: 'Philadelphia 76ers', aliases: ['Philadelphia', '76ers'] },
  { code: 'PHX', nbaTeamId: '1610612756', fullName: 'Phoenix Suns', aliases: ['PHO', 'Phoenix', 'Suns'] },
  { code: 'POR', nbaTeamId: '1610612757', fullName: 'Portland Trail Blazers', aliases: ['Portland', 'Trail Blazers'] },
  { code: 'SAC', nbaTeamId: '1610612758', fullName: 'Sacramento Kings', aliases: ['Sacramento', 'Kings'] },
  { code: 'SAS', nbaTeamId: '1610612759', fullName: 'San Antonio Spurs', aliases: ['SA', 'San Antonio', 'Spurs'] },
  { code: 'TOR', nbaTeamId: '1610612761', fullName: 'Toronto Raptors', aliases: ['Toronto', 'Raptors'] },
  { code: 'UTA', nbaTeamId: '1610612762', fullName: 'Utah Jazz', aliases: ['UTAH', 'UTH', 'Utah', 'Jazz'] },
  { code: 'WAS', nbaTeamId: '1610612764', fullName: 'Washington Wizards', aliases: ['WSH', 'WAS', 'Washington', 'Wizards'] },
];

const normalize = (spelling: string) => spelling.trim().toUpperCase();

const BY_SPELLING = new Map<string, NbaTeam>(
  NBA_TEAMS.flatMap((team) => [team.code, team.nbaTeamId, team.fullName, ...team.aliases].map((spelling) => [normalize(spelling), team] as const)),
);

export class UnknownTeamError extends Error {
  constructor(readonly spelling: string, readonly source?: string) {
    super(`unknown team ${JSON.stringify(spelling)}${source ? ` from ${source}` : ''}: add it to NBA_TEAMS aliases in libs/identity`);
    this.name = 'UnknownTeamError';
  }
}

/** The NBA.com tricode for any source's spelling of a team (code, alias, NBA team id or full name). */
export function teamCode(spelling: string | number, source?: string): string {
  const team = BY_SPELLING.get(normalize(String(spelling)));
  if (!team) throw new UnknownTeamError(String(spelling), source);
  return team.code;
}

export function isNbaTeam(spelling: string): boolean {
  return BY_SPELLING.has(normalize(spelling));
}

export function teamByCode(code: string): NbaTeam {
  const team = BY_SPELLING.get(normalize(code));
  if (!team) throw new UnknownTeamError(code);
  return team;
}

/** How two sources agree that they describe the same game: date, home team, away team. */
export function matchupKey(gameDate: string, homeTeam: string, awayTeam: string, source?: string): string {
  return `${gameDate}|${teamCode(awayTeam, source)}@${teamCode(homeTeam, source)}`;
}
