/**
 * How many minutes a team's expected players account for tonight (issue 16, availability without an
 * injury report). Each player on the roster is weighted by how often, on the season's earlier dates,
 * players in his situation played: the situation is how many of his team's games in a row he has
 * missed, and whether his team has lines tonight and he has one, usually has one and has none, or
 * neither. Those shares are counted walk-forward from the history before the date, so the same
 * history gives the same shares and no result of the date enters them.
 */
export const MISSED_GAMES_CAP = 4;
/** A player "usually has a line" when he had one in this share of his team's lined games he played (at least USUAL_LINE_MIN_GAMES of them, the last USUAL_LINE_WINDOW_GAMES). */
export const USUAL_LINE_SHARE = 0.6;
export const USUAL_LINE_MIN_GAMES = 3;
export const USUAL_LINE_WINDOW_GAMES = 10;
/** A player whose last game is further back than this is not counted as on the roster. */
export const ROSTER_RECENT_DAYS = 21;

export type LineStatus = 'team_without_lines' | 'listed' | 'usual_line_missing' | 'not_listed';

/** A played game of the season before the date (player_game_summary's played rows). */
export interface AvailabilityHistoryRow {
  game_date: string;
  player_lookup: string;
  team_code: string;
  minutes: number | null;
}

export interface RosterMember {
  player_lookup: string;
  team_code: string;
  /** Team games in a row, up to the last before the date, in which he did not play (capped at MISSED_GAMES_CAP). */
  missed_games: number;
  line_status: LineStatus;
}

export interface PlayShare {
  played: number;
  chances: number;
}

/** The situation's share of players who played, smoothed toward one half by one game each way. */
export function playProbability(shares: ReadonlyMap<string, PlayShare>, member: RosterMember): number {
  const share = shares.get(situationOf(member)) ?? { played: 0, chances: 0 };
  return (share.played + 1) / (share.chances + 2);
}

const situationOf = (member: RosterMember) => `${member.missed_games}|${member.line_status}`;

/** Rolling state over the season's dates, in order: who played for whom, and who usually has a line. */
class SeasonState {
  private readonly latest = new Map<string, { team_code: string; game_date: string }>();
  /** Players by the team of their latest game, so a date's rosters read only the teams playing. */
  private readonly playersByTeam = new Map<string, Set<string>>();
  private readonly teamGames = new Map<string, number>();
  private readonly lastPlayed = new Map<string, number>();
  private readonly lineChances = new Map<string, boolean[]>();
  private readonly usualLine = new Set<string>();

  /** The roster of each team in `teams` on `date`, before `date`'s games are added (by team, then as added). */
  roster(date: string, teams: ReadonlySet<string>, listed: ReadonlySet<string>, teamsWithLines: ReadonlySet<string>): RosterMember[] {
    const cutoff = new Date(Date.parse(`${date}T00:00:00Z`) - ROSTER_RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
    const members: RosterMember[] = [];
    for (const team of teams) {
      const games = this.teamGames.get(team) ?? 0;
      for (const player_lookup of this.playersByTeam.get(team) ?? []) {
        if (this.latest.get(player_lookup)!.game_date < cutoff) continue;
        const missed = games - (this.lastPlayed.get(`${team}|${player_lookup}`) ?? 0);
        const line_status: LineStatus = !teamsWithLines.has(team)
          ? 'team_without_lines'
          : listed.has(player_lookup)
            ? 'listed'
            : this.usualLine.has(player_lookup)
              ? 'usual_line_missing'
              : 'not_listed';
        members.push({ player_lookup, team_code: team, missed_games: Math.min(MISSED_GAMES_CAP, missed), line_status });
      }
    }
    return members;
  }

  /** Adds one date's played rows (all of one date). */
  add(rows: readonly AvailabilityHistoryRow[], listed: ReadonlySet<string>): void {
    const teamsWithLines = new Set<string>();
    const teamsPlaying = new Set<string>();
    for (const row of rows) {
      teamsPlaying.add(row.team_code);
      if (listed.has(row.player_lookup)) teamsWithLines.add(row.team_code);
    }
    for (const team of teamsPlaying) this.teamGames.set(team, (this.teamGames.get(team) ?? 0) + 1);
    for (const row of rows) {
      const previous = this.latest.get(row.player_lookup);
      if (previous && previous.team_code !== row.team_code) this.playersByTeam.get(previous.team_code)!.delete(row.player_lookup);
      this.latest.set(row.player_lookup, { team_code: row.team_code, game_date: row.game_date });
      const teamPlayers = this.playersByTeam.get(row.team_code) ?? new Set<string>();
      this.playersByTeam.set(row.team_code, teamPlayers.add(row.player_lookup));
      if (row.minutes !== null && Number(row.minutes) > 0) this.lastPlayed.set(`${row.team_code}|${row.player_lookup}`, this.teamGames.get(row.team_code)!);
      if (!teamsWithLines.has(row.team_code)) continue;
      const chances = this.lineChances.get(row.player_lookup) ?? [];
      chances.unshift(listed.has(row.player_lookup));
      if (chances.length > USUAL_LINE_WINDOW_GAMES) chances.pop();
      this.lineChances.set(row.player_lookup, chances);
      const usual = chances.length >= USUAL_LINE_MIN_GAMES && chances.filter(Boolean).length / chances.length >= USUAL_LINE_SHARE;
      if (usual) this.usualLine.add(row.player_lookup);
      else this.usualLine.delete(row.player_lookup);
    }
  }
}

export interface TeamAvailability {
  /** Each team's roster tonight with its situation (teams playing tonight only). */
  roster: RosterMember[];
  /** Share of players who played, by situation, over the season's earlier dates. */
  shares: Map<string, PlayShare>;
}

/**
 * Tonight's rosters and the play shares of the season before the date. `history` holds played rows
 * dated before `gameDate` only; `listedBefore` the players with a line on those dates; `teamsTonight`
 * the teams playing, `teamsWithLinesTonight` those with at least one player listed, `listedTonight` who.
 */
export function buildTeamAvailability(
  gameDate: string,
  history: readonly AvailabilityHistoryRow[],
  listedBefore: ReadonlyArray<{ game_date: string; player_lookup: string }>,
  teamsTonight: ReadonlySet<string>,
  teamsWithLinesTonight: ReadonlySet<string>,
  listedTonight: ReadonlySet<string>,
): TeamAvailability {
  const leaked = history.find((row) => row.game_date >= gameDate);
  if (leaked) throw new Error(`availability history for ${gameDate} contains a row dated ${leaked.game_date}`);
  const rowsByDate = new Map<string, AvailabilityHistoryRow[]>();
  for (const row of history) {
    const rows = rowsByDate.get(row.game_date);
    if (rows) rows.push(row);
    else rowsByDate.set(row.game_date, [row]);
  }
  const listedByDate = new Map<string, Set<string>>();
  for (const row of listedBefore) listedByDate.set(row.game_date, (listedByDate.get(row.game_date) ?? new Set<string>()).add(row.player_lookup));

  const state = new SeasonState();
  const shares = new Map<string, PlayShare>();
  for (const date of [...rowsByDate.keys()].sort()) {
    // a fixed order, so that a player with two rows on a date (a data error) always ends on the same team
    const rows = rowsByDate.get(date)!.sort(byPlayerThenTeam);
    const listed = listedByDate.get(date) ?? new Set<string>();
    const teams = new Set(rows.map((row) => row.team_code));
    const teamsWithLines = new Set(rows.filter((row) => listed.has(row.player_lookup)).map((row) => row.team_code));
    const played = new Set(rows.filter((row) => row.minutes !== null && Number(row.minutes) > 0).map((row) => `${row.team_code}|${row.player_lookup}`));
    for (const member of state.roster(date, teams, listed, teamsWithLines)) {
      const key = situationOf(member);
      const share = shares.get(key) ?? { played: 0, chances: 0 };
      shares.set(key, { played: share.played + (played.has(`${member.team_code}|${member.player_lookup}`) ? 1 : 0), chances: share.chances + 1 });
    }
    state.add(rows, listed);
  }
  const roster = state.roster(gameDate, teamsTonight, listedTonight, teamsWithLinesTonight);
  roster.sort(byPlayerThenTeam);
  return { roster, shares };
}

function byPlayerThenTeam(a: { player_lookup: string; team_code: string }, b: { player_lookup: string; team_code: string }): number {
  if (a.player_lookup !== b.player_lookup) return a.player_lookup < b.player_lookup ? -1 : 1;
  return a.team_code < b.team_code ? -1 : a.team_code > b.team_code ? 1 : 0;
}
