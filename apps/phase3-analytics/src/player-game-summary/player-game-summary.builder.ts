import { BOX_SCORE_SOURCE_ORDER, BoxScoreSource, QualityTier, SourceCoverageEvent, worstTier } from '@lib/quality';
import type { BoxScoreStats } from '@lib/warehouse';
import { BoxScoreInputs, ListedPlayer, ScheduledGame, SourceLine } from './box-score-inputs.repository';

const PRIMARY: BoxScoreSource = BOX_SCORE_SOURCE_ORDER[0];
const STAT_KEYS = ['points', 'fgm', 'fga', 'fg3m', 'fg3a', 'ftm', 'fta', 'oreb', 'dreb', 'reb', 'ast', 'stl', 'blk', 'tov', 'pf'] as const;
type StatKey = (typeof STAT_KEYS)[number];

export interface PlayerGameRow extends BoxScoreStats {
  game_id: string;
  game_date: string;
  season: string | null;
  player_lookup: string;
  player_id: number | null;
  player_name: string;
  team_code: string;
  opponent_code: string;
  is_home: boolean;
  starter: boolean | null;
  played: boolean;
  dnp_reason: string | null;
  usage_rate: number | null;
  true_shooting_pct: number | null;
  primary_source: string;
  sources_available: string[];
  quality_tier: QualityTier;
  quality_flags: string[];
}

export interface TeamGameRow {
  game_id: string;
  game_date: string;
  season: string | null;
  team_code: string;
  opponent_code: string;
  is_home: boolean;
  points: number;
  official_points: number | null;
  opponent_points: number;
  points_reconciled: boolean | null;
  minutes: number;
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
  possessions: number;
  pace: number | null;
  players: number;
  primary_source: string;
  quality_tier: QualityTier;
}

export interface PlayerGameSummaryBuild {
  players: PlayerGameRow[];
  teams: TeamGameRow[];
  coverage: Array<Omit<SourceCoverageEvent, 'processor'>>;
  /** Final games no source had any line for. */
  missingGames: string[];
  /** Final games built although no source (nor their merge) was complete: why, per game. */
  incompleteGames: Array<{ game_id: string; problems: string[] }>;
  /** Scheduled games not final yet (results not in): nothing to build, and not a failure. */
  awaitingResults: string[];
  /** Box-score players (game, team, player) across every source, and how many of them got a row. */
  boxScorePlayers: number;
  coveredPlayers: number;
  /** Lines whose team had no final game on the date in the schedule (an identity or schedule problem). */
  unmatchedLines: number;
}

/**
/** What a source must hold for a game before it counts as complete (and its rows may be gold). */
export interface CompletenessRules {
  /** Fewer players than this listed for a team is a short roster (NBA teams dress at least 8). */
  minPlayersPerTeam: number;
}

export const DEFAULT_COMPLETENESS_RULES: CompletenessRules = { minPlayersPerTeam: 8 };

/**
 * Merges the raw box-score sources into player and team rows for one date. For each final game the
 * sources are taken in their declared order: the first one complete for the game (both teams, each
 * team's players adding up to its final score, no short roster) is the game's source, and a player
 * only a later source has is filled from it. A row says where it came from: gold — the primary
 * source, complete; silver — a complete fallback, or sources that only together add up; bronze — a
 * game no source (nor their merge) had complete, or a player line without minutes.
 */
export function buildPlayerGameSummary(gameDate: string, inputs: BoxScoreInputs, rules: CompletenessRules = DEFAULT_COMPLETENESS_RULES): PlayerGameSummaryBuild {
  const finals = inputs.games.filter((game) => game.game_status === 3);
  const awaitingResults = inputs.games.filter((game) => game.game_status !== 3).map((game) => game.game_id);
  const finalById = new Map(finals.map((game) => [game.game_id, game]));
  const gameOfTeam = new Map<string, ScheduledGame>();
  for (const game of finals) {
    gameOfTeam.set(game.home_team_code, game);
    gameOfTeam.set(game.away_team_code, game);
  }
  const linesByGame = new Map<string, SourceLine[]>();
  let unmatchedLines = 0;
  for (const line of inputs.lines) {
    const game = line.game_id ? finalById.get(line.game_id) : gameOfTeam.get(line.team_code);
    if (!game || (line.team_code !== game.home_team_code && line.team_code !== game.away_team_code)) {
      unmatchedLines += 1;
      continue;
    }
    const gameLines = linesByGame.get(game.game_id);
    if (gameLines) gameLines.push(line);
    else linesByGame.set(game.game_id, [line]);
  }

  const personIdOf = personIdFinder(inputs.listedPlayers ?? []);
  const players: PlayerGameRow[] = [];
  const teams: TeamGameRow[] = [];
  const coverage: PlayerGameSummaryBuild['coverage'] = [];
  const missingGames: string[] = [];
  const incompleteGames: PlayerGameSummaryBuild['incompleteGames'] = [];
  let boxScorePlayers = 0;
  for (const game of finals) {
    const lines = linesByGame.get(game.game_id) ?? [];
    const sourcesAvailable = BOX_SCORE_SOURCE_ORDER.filter((source) => lines.some((line) => line.source_table === source));
    const bothTeams = sourcesAvailable.filter((source) =>
      [game.home_team_code, game.away_team_code].every((team) => lines.some((line) => line.source_table === source && line.team_code === team)),
    );
    const completeSources = bothTeams.filter((source) => completenessProblems(game, lines.filter((line) => line.source_table === source), rules).length === 0);
    const gameSource = completeSources[0] ?? bothTeams[0] ?? sourcesAvailable[0];
    for (const source of BOX_SCORE_SOURCE_ORDER) {
      const available = sourcesAvailable.includes(source);
      coverage.push({
        source,
        gameId: game.game_id,
        gameDate,
        available,
        rows: lines.filter((line) => line.source_table === source).length,
        ...(available ? {} : gameSource ? { fallbackUsed: gameSource } : { detail: 'no source had this game' }),
      });
    }
    if (!gameSource) {
      missingGames.push(game.game_id);
      continue;
    }
    const chosen = new Map<string, SourceLine>();
    for (const source of [gameSource, ...BOX_SCORE_SOURCE_ORDER.filter((other) => other !== gameSource)]) {
      for (const line of lines) {
        const key = `${line.team_code}|${line.player_lookup}`;
        if (line.source_table === source && !chosen.has(key)) chosen.set(key, line);
      }
    }
    boxScorePlayers += chosen.size;
    // No single source complete: the merged lines may still add up (silver); if not, every row is bronze.
    const mergedProblems = completeSources.length > 0 ? [] : completenessProblems(game, [...chosen.values()], rules);
    const gameFlags = completeSources.length > 0 ? [] : mergedProblems.length > 0 ? ['game_incomplete_in_every_source', ...mergedProblems] : ['complete_only_when_sources_merged'];
    if (mergedProblems.length > 0) incompleteGames.push({ game_id: game.game_id, problems: mergedProblems });
    if (game.home_score === null || game.away_score === null) gameFlags.push('final_score_unknown');
    const gameRows = [...chosen.values()].map((line) =>
      playerRow(game, { ...line, player_id: line.player_id ?? personIdOf(line.player_lookup, line.team_code) }, gameSource, sourcesAvailable, gameFlags, mergedProblems.length > 0),
    );
    for (const team of [game.home_team_code, game.away_team_code]) {
      const own = gameRows.filter((row) => row.team_code === team);
      const opponent = gameRows.filter((row) => row.team_code !== team);
      addUsage(own);
      if (own.length > 0) teams.push(teamRow(game, team, own, opponent));
    }
    players.push(...gameRows);
  }
  return {
    players,
    teams,
    coverage,
    missingGames,
    incompleteGames,
    awaitingResults,
    boxScorePlayers: boxScorePlayers + unmatchedLines,
    coveredPlayers: players.length,
    unmatchedLines,
  };
}

/** The NBA.com person id of a lookup: the only one listed, or the one listed on the player's team when two share it. */
function personIdFinder(listed: readonly ListedPlayer[]): (lookup: string, team: string) => number | null {
  const byLookup = new Map<string, ListedPlayer[]>();
  for (const player of listed) byLookup.set(player.player_lookup, [...(byLookup.get(player.player_lookup) ?? []), player]);
  return (lookup, team) => {
    const candidates = byLookup.get(lookup) ?? [];
    const ids = new Set(candidates.map((candidate) => Number(candidate.person_id)));
    if (ids.size === 1) return [...ids][0];
    const onTeam = new Set(candidates.filter((candidate) => candidate.team_code === team).map((candidate) => Number(candidate.person_id)));
    return onTeam.size === 1 ? [...onTeam][0] : null;
  };
}

/**
 * Why the lines given do not make a complete box score of the game, if they do not: a team with no
 * line, fewer players than the rules ask, or players' points not adding up to the team's final score.
 */
export function completenessProblems(game: ScheduledGame, lines: readonly SourceLine[], rules: CompletenessRules): string[] {
  const problems: string[] = [];
  for (const [team, official] of [
    [game.home_team_code, game.home_score],
    [game.away_team_code, game.away_score],
  ] as const) {
    const own = lines.filter((line) => line.team_code === team);
    if (own.length === 0) {
      problems.push(`team_missing:${team}`);
      continue;
    }
    if (own.length < rules.minPlayersPerTeam) problems.push(`roster_short:${team}:${own.length}`);
    const points = own.reduce((total, line) => total + (line.points ?? 0), 0);
    if (official !== null && points !== official) problems.push(`points_not_reconciled:${team}:${points}_of_${official}`);
  }
  return problems;
}

function playerRow(game: ScheduledGame, line: SourceLine, gameSource: string, sourcesAvailable: string[], gameFlags: string[], gameIncomplete: boolean): PlayerGameRow {
  const isHome = line.team_code === game.home_team_code;
  const played = (line.minutes ?? 0) > 0 || (line.minutes === null && (line.points ?? 0) > 0);
  const flags = [...gameFlags];
  if (line.source_table !== gameSource) flags.push(`filled_from_${line.source_table}`);
  if (line.minutes === null) flags.push('minutes_missing');
  // Gold is a promise: the primary source's own line, in a game that source had complete and whose score is known.
  const tier: QualityTier =
    gameIncomplete || line.minutes === null ? 'bronze' : line.source_table === PRIMARY && gameSource === PRIMARY && gameFlags.length === 0 ? 'gold' : 'silver';
  const fga = line.fga ?? 0;
  const fta = line.fta ?? 0;
  const shootingDenominator = 2 * (fga + 0.44 * fta);
  return {
    game_id: game.game_id,
    game_date: game.game_date,
    season: game.season,
    player_lookup: line.player_lookup,
    player_id: line.player_id,
    player_name: line.player_name,
    team_code: line.team_code,
    opponent_code: isHome ? game.away_team_code : game.home_team_code,
    is_home: isHome,
    starter: line.starter,
    played,
    dnp_reason: played ? null : (line.dnp_reason ?? (line.minutes === 0 ? 'did not play (no reason given)' : null)),
    minutes: line.minutes,
    ...Object.fromEntries(STAT_KEYS.map((key) => [key, line[key]])) as Record<StatKey, number | null>,
    plus_minus: line.plus_minus,
    usage_rate: null,
    true_shooting_pct: shootingDenominator > 0 && line.points !== null ? round(line.points / shootingDenominator, 4) : null,
    primary_source: line.source_table,
    sources_available: sourcesAvailable,
    quality_tier: tier,
    quality_flags: flags,
  };
}

/** Usage rate (Basketball-Reference): 100 × (FGA + 0.44·FTA + TOV) × (team minutes / 5) / (minutes × team (FGA + 0.44·FTA + TOV)). */
function addUsage(rows: PlayerGameRow[]): void {
  const teamMinutes = sum(rows, (row) => row.minutes);
  const teamPlays = sum(rows, (row) => row.fga) + 0.44 * sum(rows, (row) => row.fta) + sum(rows, (row) => row.tov);
  for (const row of rows) {
    if (!row.minutes || teamPlays === 0) continue;
    const plays = (row.fga ?? 0) + 0.44 * (row.fta ?? 0) + (row.tov ?? 0);
    row.usage_rate = round((100 * plays * (teamMinutes / 5)) / (row.minutes * teamPlays), 2);
  }
}

function teamRow(game: ScheduledGame, team: string, own: PlayerGameRow[], opponent: PlayerGameRow[]): TeamGameRow {
  const isHome = team === game.home_team_code;
  const totals = Object.fromEntries(STAT_KEYS.map((key) => [key, sum(own, (row) => row[key])])) as Record<StatKey, number>;
  const official = isHome ? game.home_score : game.away_score;
  const minutes = round(sum(own, (row) => row.minutes), 2);
  const possessionsOf = (rows: PlayerGameRow[]) =>
    sum(rows, (row) => row.fga) + 0.44 * sum(rows, (row) => row.fta) - sum(rows, (row) => row.oreb) + sum(rows, (row) => row.tov);
  const possessions = possessionsOf(own);
  const opponentPossessions = possessionsOf(opponent);
  const sources = new Map<string, number>();
  for (const row of own) sources.set(row.primary_source, (sources.get(row.primary_source) ?? 0) + 1);
  return {
    game_id: game.game_id,
    game_date: game.game_date,
    season: game.season,
    team_code: team,
    opponent_code: isHome ? game.away_team_code : game.home_team_code,
    is_home: isHome,
    ...totals,
    official_points: official,
    opponent_points: sum(opponent, (row) => row.points),
    points_reconciled: official === null ? null : totals.points === official,
    minutes,
    possessions: round(possessions, 2),
    pace: minutes > 0 && opponent.length > 0 ? round((48 * (possessions + opponentPossessions)) / (2 * (minutes / 5)), 2) : null,
    players: own.length,
    primary_source: [...sources].sort((a, b) => b[1] - a[1])[0][0],
    quality_tier: worstTier(...own.map((row) => row.quality_tier)),
  };
}

const sum = <T>(rows: T[], value: (row: T) => number | null) => rows.reduce((total, row) => total + (value(row) ?? 0), 0);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
