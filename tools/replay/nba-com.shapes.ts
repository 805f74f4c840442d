import { minutesAndSeconds } from './game-time.derivation';
import { ReplayTeam } from './nba-teams.catalog';
import { CountingStats, PlayerLine, SeasonData, SeasonGame } from './season-data.loader';

/** Shapes NBA.com's stats API and its CDN share: people, percentages, minutes, status text. */
export interface NbaComPerson {
  personId: number;
  firstName: string;
  familyName: string;
  nameI: string;
  playerSlug: string | null;
  name: string;
}

/** NBA.com's own spelling of a player (commonallplayers sample), else the box score's name split at the first space. */
export function nbaComPerson(season: SeasonData, line: PlayerLine): NbaComPerson {
  const person = line.playerId === null ? undefined : season.people.get(line.playerId);
  const space = line.playerName.indexOf(' ');
  const firstName = person ? person.firstName : space > 0 ? line.playerName.slice(0, space) : line.playerName;
  const familyName = person ? person.familyName : space > 0 ? line.playerName.slice(space + 1) : '';
  return {
    personId: line.playerId ?? 0,
    firstName,
    familyName,
    nameI: firstName ? `${firstName[0]}. ${familyName}` : familyName,
    playerSlug: person?.slug || null,
    name: person?.displayName ?? line.playerName,
  };
}

/** NBA.com rounds shooting percentages to three decimals and reports 0 with no attempts. */
export function pct(made: number, attempted: number): number {
  return attempted > 0 ? Math.round((made / attempted) * 1000) / 1000 : 0;
}

/** '30:49' from 30.82 decimal minutes. */
export function clockMinutes(decimalMinutes: number): string {
  const { minutes, seconds } = minutesAndSeconds(decimalMinutes);
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** 'PT30M49.00S' from 30.82 decimal minutes (liveData). */
export function isoDurationMinutes(decimalMinutes: number): string {
  const { minutes, seconds } = minutesAndSeconds(decimalMinutes);
  return `PT${String(minutes).padStart(2, '0')}M${String(seconds).padStart(2, '0')}.00S`;
}

/** Team minutes are exact: five players for 48 minutes plus 25 per overtime. */
export function teamMinutes(game: SeasonGame): number {
  return 240 + 25 * Math.max(0, (game.periods ?? 4) - 4);
}

export function finalStatusText(game: SeasonGame): string {
  const overtimes = Math.max(0, (game.periods ?? 4) - 4);
  return overtimes === 0 ? 'Final' : overtimes === 1 ? 'Final/OT' : `Final/${overtimes}OT`;
}

export type Totals = CountingStats;

export function totalsOf(lines: PlayerLine[]): Totals {
  const totals: Totals = { fgm: 0, fga: 0, fg3m: 0, fg3a: 0, ftm: 0, fta: 0, oreb: 0, dreb: 0, reb: 0, ast: 0, stl: 0, blk: 0, tov: 0, pf: 0, pts: 0 };
  for (const line of lines) for (const key of Object.keys(totals) as Array<keyof Totals>) totals[key] += line[key];
  return totals;
}

/** Box-score order: most minutes first (starters are not marked in the bundled box scores). */
export function byMinutes(lines: PlayerLine[]): PlayerLine[] {
  return [...lines].sort((left, right) => right.minutes - left.minutes || left.playerName.localeCompare(right.playerName));
}

export function teamIdentity(team: ReplayTeam) {
  return { teamId: team.nbaTeamId, teamName: team.nbaName, teamCity: team.nbaCity, teamTricode: team.code, teamSlug: team.nbaSlug };
}

/** NBA Cup knockout games: subtype and series text as NBA.com's schedule labels them. */
export function cupLabels(game: SeasonGame): { gameSubtype: string; seriesText: string; isNeutral: boolean } {
  if (game.gameType === 'nba_cup_final') return { gameSubtype: 'in-season-knockout', seriesText: 'Championship', isNeutral: true };
  if (game.gameType === 'nba_cup_semi') return { gameSubtype: 'in-season-knockout', seriesText: `${game.home.conference} Semifinal`, isNeutral: true };
  return { gameSubtype: '', seriesText: '', isNeutral: false };
}

export function nbaComMeta(request: string, now: Date) {
  return { version: 1, request, time: now.toISOString() };
}

/** 'YYYYMMDD/AWAYHOME' */
export function gameCode(game: SeasonGame): string {
  return `${game.gameDate.replaceAll('-', '')}/${game.away.code}${game.home.code}`;
}
