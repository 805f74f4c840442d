import { FORM_AND_AVAILABILITY_FEATURE_NAMES } from '@lib/warehouse';
import { GameSubject, PlayerGameHistory, TeamGameHistory } from '../player-daily-cache/player-daily-cache.builder';
import { PriorSeasonTotals } from '../prior-season/prior-season.summarizer';
import { buildTeamAvailability, playProbability, ROSTER_RECENT_DAYS } from './team-availability.builder';

/**
 * The minutes × rate model's parts, shot volume, minutes trend and player availability (issue 16),
 * all from what was known before tip-off. Constants are those the walk-forward research settled on;
 * they are part of the feature version, so changing one is a new version.
 */
export const MINUTES_HALF_LIFE_GAMES = 5;
export const RATE_HALF_LIFE_GAMES = 8;
export const FORM_HALF_LIFE_GAMES = 5;
export const OPPONENT_HALF_LIFE_GAMES = 10;
/** Pseudo-games of league average the opponent's EWMA is shrunk toward. */
export const OPPONENT_SHRINK_GAMES = 5;
/** Weight, in games, of last season's minutes per game in the minutes projection. */
export const PRIOR_MINUTES_WEIGHT_GAMES = 1;
/** Pseudo-minutes of last season's points per minute in the rate (a player with ≥ PRIOR_MIN_MINUTES last season). */
export const PRIOR_RATE_MINUTES = 100;
export const PRIOR_MIN_MINUTES = 100;
/** Without a usable last season: a league-wide points per minute, weighted less. */
export const LEAGUE_POINTS_PER_MINUTE = 0.42;
export const LEAGUE_RATE_MINUTES = 25;
export const LEAGUE_POINTS_PER_TEAM_GAME = 115;
/** Team-games needed before the league's own average replaces LEAGUE_POINTS_PER_TEAM_GAME. */
export const LEAGUE_AVERAGE_MIN_TEAM_GAMES = 20;

export type FormAndAvailabilityFeatureName = (typeof FORM_AND_AVAILABILITY_FEATURE_NAMES)[number];
export type FormAndAvailabilityFeatures = Record<FormAndAvailabilityFeatureName, number | null>;

/** A row of nba_raw.nbac_injury_report for the date, with its game's tip-off from the schedule. */
export interface InjuryReportEntry {
  team_code: string;
  player_lookup: string;
  status: string | null;
  report_time_utc: string;
  /** Tip-off of the team's game on the date; null when the schedule does not say. */
  tip_off_utc: string | null;
}

/** A player listed by a bookmaker on a date (the lines are pre-game snapshots). */
export interface ListedPlayer {
  game_date: string;
  player_lookup: string;
}

export interface FormAndAvailabilityContext {
  priors: PriorSeasonTotals;
  /** Injury report rows about the date (any report time: the builder keeps those before tip-off). */
  injuryReports: readonly InjuryReportEntry[];
  /** Players with a line on earlier dates of the season. */
  listedBefore: readonly ListedPlayer[];
  /** Players with a line on the date itself. */
  listedToday: readonly string[];
}

export interface FormAndAvailabilityResult {
  features: FormAndAvailabilityFeatures;
  /** Notes for quality_flags, e.g. injury_report_after_tip_off_ignored. */
  flags: string[];
}

const decay = (index: number, halfLife: number) => 0.5 ** (index / halfLife);
const OUT_STATUSES = new Set(['out', 'doubtful']);
const QUESTIONABLE_STATUSES = new Set(['questionable']);

function weightedMean(values: readonly number[], halfLife: number): number | null {
  if (values.length === 0) return null;
  let weighted = 0;
  let weights = 0;
  values.forEach((value, index) => {
    weighted += decay(index, halfLife) * value;
    weights += decay(index, halfLife);
  });
  return weighted / weights;
}

const round = (value: number | null, digits = 4) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/**
 * Per subject (keyed `game_id|player_lookup`): the form and availability features of the date, from
 * history strictly before it. History dated on or after the date is refused, not filtered; injury
 * report rows published at or after the team's tip-off (or with no known tip-off) are ignored and flagged.
 */
export function buildFormAndAvailability(
  gameDate: string,
  subjects: readonly GameSubject[],
  players: readonly PlayerGameHistory[],
  teams: readonly TeamGameHistory[],
  context: FormAndAvailabilityContext,
): Map<string, FormAndAvailabilityResult> {
  const leaked = [...players, ...teams, ...context.listedBefore].find((row) => row.game_date >= gameDate);
  if (leaked) throw new Error(`history for ${gameDate} contains a row dated ${leaked.game_date}: features may only use earlier games`);

  const byPlayer = new Map<string, PlayerGameHistory[]>();
  for (const row of players) byPlayer.set(row.player_lookup, [...(byPlayer.get(row.player_lookup) ?? []), row]);
  for (const list of byPlayer.values()) list.sort((a, b) => (a.game_date < b.game_date ? 1 : a.game_date > b.game_date ? -1 : 0));

  const allowedByTeam = new Map<string, Array<{ date: string; points: number }>>();
  let leaguePoints = 0;
  let leagueGames = 0;
  for (const team of teams) {
    if (team.opponent_points === null) continue;
    allowedByTeam.set(team.team_code, [...(allowedByTeam.get(team.team_code) ?? []), { date: team.game_date, points: Number(team.opponent_points) }]);
    leaguePoints += Number(team.opponent_points);
    leagueGames += 1;
  }
  const league = leagueGames >= LEAGUE_AVERAGE_MIN_TEAM_GAMES ? leaguePoints / leagueGames : LEAGUE_POINTS_PER_TEAM_GAME;

  const roster = rosterByTeam(byPlayer, gameDate);
  const listedToday = new Set(context.listedToday);
  const teamsListedToday = new Set(subjects.filter((subject) => listedToday.has(subject.player_lookup)).map((subject) => subject.team_code));
  const { statusByPlayer, teamsReported, ignored } = reportBeforeTipOff(context.injuryReports);

  const availability = buildTeamAvailability(gameDate, players, context.listedBefore, new Set(subjects.map((subject) => subject.team_code)), teamsListedToday, listedToday);
  // a player's projection is needed both as a teammate and as the subject: computed once
  const minutesProjections = new Map<string, number | null>();
  const projectedMinutes = (lookup: string): number | null => {
    if (!minutesProjections.has(lookup)) minutesProjections.set(lookup, minutesProjectionOf(lookup, byPlayer, context.priors));
    return minutesProjections.get(lookup) ?? null;
  };
  const expectedMinutesByTeam = new Map<string, number>();
  for (const member of availability.roster) {
    const expected = playProbability(availability.shares, member) * (projectedMinutes(member.player_lookup) ?? 0);
    expectedMinutesByTeam.set(member.team_code, (expectedMinutesByTeam.get(member.team_code) ?? 0) + expected);
  }
  const rosterMember = new Map(availability.roster.map((member) => [`${member.team_code}|${member.player_lookup}`, member]));
  const lineMissing = (team: string, lookup: string) => rosterMember.get(`${team}|${lookup}`)?.line_status === 'usual_line_missing';

  const results = new Map<string, FormAndAvailabilityResult>();
  for (const subject of subjects) {
    const games = playedGames(byPlayer, subject.player_lookup);
    const usablePrior = usablePriorOf(context.priors, subject.player_lookup);
    const priorMinutesPerGame = usablePrior ? usablePrior.minutes / usablePrior.games : null;
    const priorRate = usablePrior ? usablePrior.points / usablePrior.minutes : null;
    const minutes = games.map((game) => Number(game.minutes));
    const minutesProjection = projectedMinutes(subject.player_lookup);
    const [rateTarget, rateWeight] = priorRate === null ? [LEAGUE_POINTS_PER_MINUTE, LEAGUE_RATE_MINUTES] : [priorRate, PRIOR_RATE_MINUTES];
    let ratePoints = rateTarget * rateWeight;
    let rateMinutes = rateWeight;
    games.forEach((game, index) => {
      ratePoints += decay(index, RATE_HALF_LIFE_GAMES) * Number(game.points ?? 0);
      rateMinutes += decay(index, RATE_HALF_LIFE_GAMES) * Number(game.minutes);
    });

    const allowed = (allowedByTeam.get(subject.opponent_code) ?? []).sort((a, b) => (a.date < b.date ? 1 : -1)).map((game) => game.points);
    const opponentEwma = weightedMean(allowed, OPPONENT_HALF_LIFE_GAMES);
    const opponentFactor = opponentEwma === null ? 1 : ((allowed.length * opponentEwma + OPPONENT_SHRINK_GAMES * league) / (allowed.length + OPPONENT_SHRINK_GAMES)) / league;

    const last5 = games.slice(0, 5);
    const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
    const usage = last5.map((game) => game.usage_rate).filter((value): value is number => value !== null).map(Number);

    const teammates = (roster.get(subject.team_code) ?? []).filter((mate) => mate.player_lookup !== subject.player_lookup);
    const reported = teamsReported.has(subject.team_code);
    const out = reported ? teammates.filter((mate) => OUT_STATUSES.has(statusByPlayer.get(`${subject.team_code}|${mate.player_lookup}`) ?? '')) : [];
    const ownStatus = statusByPlayer.get(`${subject.team_code}|${subject.player_lookup}`) ?? '';
    const missingLine = teammates.filter((mate) => lineMissing(subject.team_code, mate.player_lookup));

    // his teammates weighted by how often players in their situation played; he himself counts fully (he is predicted as playing)
    const own = rosterMember.get(`${subject.team_code}|${subject.player_lookup}`);
    const ownExpected = own ? playProbability(availability.shares, own) * (minutesProjection ?? 0) : 0;
    const teamExpectedMinutes = (expectedMinutesByTeam.get(subject.team_code) ?? 0) - ownExpected + (minutesProjection ?? 0);

    const features: FormAndAvailabilityFeatures = {
      minutes_projection: round(minutesProjection),
      points_per_minute_projection: round(ratePoints / rateMinutes),
      opponent_defense_factor: round(opponentFactor),
      prior_season_points_per_minute: round(priorRate ?? LEAGUE_POINTS_PER_MINUTE),
      prior_season_minutes_per_game: round(priorMinutesPerGame ?? 0),
      has_prior_season: usablePrior ? 1 : 0,
      points_ewma: round(weightedMean(games.map((game) => Number(game.points ?? 0)), FORM_HALF_LIFE_GAMES)),
      fga_ewma: round(weightedMean(games.map((game) => Number(game.fga ?? 0)), FORM_HALF_LIFE_GAMES)),
      fta_ewma: round(weightedMean(games.map((game) => Number(game.fta ?? 0)), FORM_HALF_LIFE_GAMES)),
      minutes_trend: games.length === 0 ? 0 : round(mean(last5.map((game) => Number(game.minutes)))! - mean(minutes)!),
      usage_avg_last_5: round(mean(usage)),
      injury_report_available: reported ? 1 : 0,
      injury_status_out: reported && OUT_STATUSES.has(ownStatus) ? 1 : 0,
      injury_status_questionable: reported && QUESTIONABLE_STATUSES.has(ownStatus) ? 1 : 0,
      teammates_out: out.length,
      teammates_out_minutes: round(out.reduce((sum, mate) => sum + mate.minutes_per_game, 0), 2),
      teammates_missing_line: missingLine.length,
      teammates_missing_line_minutes: round(missingLine.reduce((sum, mate) => sum + mate.minutes_per_game, 0), 2),
      team_expected_minutes: minutesProjection === null ? null : round(teamExpectedMinutes, 2),
    };
    const flags = ignored.has(subject.team_code) ? ['injury_report_after_tip_off_ignored'] : [];
    results.set(`${subject.game_id}|${subject.player_lookup}`, { features, flags });
  }
  return results;
}

function playedGames(byPlayer: ReadonlyMap<string, PlayerGameHistory[]>, lookup: string): PlayerGameHistory[] {
  return (byPlayer.get(lookup) ?? []).filter((game) => game.minutes !== null && Number(game.minutes) > 0);
}

function usablePriorOf(priors: PriorSeasonTotals, lookup: string): PriorSeasonTotals[string] | null {
  const prior = priors[lookup];
  return prior && prior.minutes >= PRIOR_MIN_MINUTES ? prior : null;
}

/** The recency-weighted mean of his minutes this season with last season's minutes per game as PRIOR_MINUTES_WEIGHT_GAMES games; null without either. */
function minutesProjectionOf(lookup: string, byPlayer: ReadonlyMap<string, PlayerGameHistory[]>, priors: PriorSeasonTotals): number | null {
  const minutes = playedGames(byPlayer, lookup).map((game) => Number(game.minutes));
  const usablePrior = usablePriorOf(priors, lookup);
  const priorMinutesPerGame = usablePrior ? usablePrior.minutes / usablePrior.games : null;
  if (minutes.length === 0) return priorMinutesPerGame;
  if (priorMinutesPerGame === null) return weightedMean(minutes, MINUTES_HALF_LIFE_GAMES);
  const weights = minutes.reduce((sum, _value, index) => sum + decay(index, MINUTES_HALF_LIFE_GAMES), 0);
  const weighted = minutes.reduce((sum, value, index) => sum + decay(index, MINUTES_HALF_LIFE_GAMES) * value, 0);
  return (weighted + PRIOR_MINUTES_WEIGHT_GAMES * priorMinutesPerGame) / (weights + PRIOR_MINUTES_WEIGHT_GAMES);
}

interface RosterMember {
  player_lookup: string;
  minutes_per_game: number;
}

/** Each team's players: those whose latest game before the date was for it, within ROSTER_RECENT_DAYS. */
function rosterByTeam(byPlayer: ReadonlyMap<string, PlayerGameHistory[]>, gameDate: string): Map<string, RosterMember[]> {
  const cutoff = new Date(Date.parse(`${gameDate}T00:00:00Z`) - ROSTER_RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
  const roster = new Map<string, RosterMember[]>();
  for (const [lookup, games] of byPlayer) {
    const latest = games[0];
    if (!latest || latest.game_date < cutoff) continue;
    const played = games.filter((game) => game.team_code === latest.team_code && game.minutes !== null);
    const minutes = played.reduce((sum, game) => sum + Number(game.minutes), 0) / Math.max(1, played.length);
    roster.set(latest.team_code, [...(roster.get(latest.team_code) ?? []), { player_lookup: lookup, minutes_per_game: minutes }]);
  }
  return roster;
}

/** The latest status of each player from reports published before his team's tip-off. */
function reportBeforeTipOff(entries: readonly InjuryReportEntry[]): { statusByPlayer: Map<string, string>; teamsReported: Set<string>; ignored: Set<string> } {
  const statusByPlayer = new Map<string, string>();
  const latestTime = new Map<string, string>();
  const teamsReported = new Set<string>();
  const ignored = new Set<string>();
  for (const entry of entries) {
    const reportTime = Date.parse(entry.report_time_utc);
    const tipOff = entry.tip_off_utc === null ? Number.NaN : Date.parse(entry.tip_off_utc);
    if (!Number.isFinite(reportTime) || !Number.isFinite(tipOff) || reportTime >= tipOff) {
      ignored.add(entry.team_code);
      continue;
    }
    teamsReported.add(entry.team_code);
    const key = `${entry.team_code}|${entry.player_lookup}`;
    const previous = latestTime.get(key);
    if (previous === undefined || Date.parse(previous) < reportTime) {
      latestTime.set(key, entry.report_time_utc);
      statusByPlayer.set(key, (entry.status ?? '').trim().toLowerCase());
    }
  }
  return { statusByPlayer, teamsReported, ignored };
}
