import { DEFAULT_WORKFLOW_WINDOWS, WorkflowWindows } from '../workflows/workflow-decisions';
import { DateCounts } from './reconciliation.repository';

export const BOUNDARIES = ['box_scores', 'raw_loads', 'analytics', 'features', 'predictions'] as const;
export type Boundary = (typeof BOUNDARIES)[number];

export interface Verdict {
  boundary: Boundary;
  expected: number;
  actual: number;
  status: 'ok' | 'gap' | 'blocked' | 'awaiting_results' | 'no_games';
  detail: string;
}

/** After post-game window 1 is due, the hourly evaluation that opens it and its run: an hour. */
const POST_GAME_WINDOW_RUN_MS = 3_600_000;

/**
 * When a date's box scores are due: its last game's expected end, plus post-game window 1's delay,
 * plus the hour the hourly evaluation takes to open and run it. Null when no tip-off is known.
 */
export function resultsDueAt(lastTipoff: string | null | undefined, windows: WorkflowWindows = DEFAULT_WORKFLOW_WINDOWS): Date | null {
  if (!lastTipoff) return null;
  const end = Date.parse(lastTipoff) + windows.gameDurationMinutes * 60_000;
  return new Date(end + windows.postGameWindowHours[0] * 3_600_000 + POST_GAME_WINDOW_RUN_MS);
}

/**
 * One date across every phase boundary, in words an operator can act on: which boundary lost what.
 * A date with no games, or whose games are not final yet, is not a gap; nor are final games without a
 * box score before post-game window 1 has had its chance (`resultsDueAt`): they are awaiting results.
 * A phase the boundary gate blocked is reported as blocked (a person or a later run releases it), not
 * as lost work.
 */
export function reconcileDate(counts: DateCounts, now: Date): Verdict[] {
  const verdict = (boundary: Boundary, expected: number, actual: number, ok: string, gap: string): Verdict => ({
    boundary,
    expected,
    actual,
    status: actual >= expected ? 'ok' : 'gap',
    detail: actual >= expected ? ok : gap,
  });
  if (counts.scheduled === 0) {
    return BOUNDARIES.map((boundary) => ({ boundary, expected: 0, actual: 0, status: 'no_games', detail: 'no games scheduled' }));
  }
  const loading = counts.payloads_loading ?? 0;
  const stillLoading = loading > 0 ? `; ${loading} scraped moments ago still loading` : '';
  const verdicts: Verdict[] = [
    verdict(
      'raw_loads',
      counts.payloads_stored - loading,
      counts.payloads_loaded,
      loading > 0 ? `${counts.payloads_loaded} of ${counts.payloads_stored} stored payloads loaded${stillLoading}` : `all ${counts.payloads_stored} stored payloads loaded`,
      `${counts.payloads_stored - loading - counts.payloads_loaded} of ${counts.payloads_stored} stored payloads never loaded into nba_raw${stillLoading}`,
    ),
  ];
  if (counts.final === 0) {
    const awaiting = `${counts.scheduled} games scheduled, none final: results not in yet`;
    return [
      { boundary: 'box_scores', expected: 0, actual: 0, status: 'awaiting_results', detail: awaiting },
      ...verdicts,
      ...(['analytics', 'features', 'predictions'] as const).map((boundary) => ({ boundary, expected: 0, actual: 0, status: 'awaiting_results' as const, detail: awaiting })),
    ];
  }
  const dueAt = resultsDueAt(counts.last_tipoff_at);
  if (dueAt !== null && now < dueAt && counts.games_with_box_score < counts.final) {
    const missing = counts.final - counts.games_with_box_score;
    const awaiting = `${missing} of ${counts.final} final games have no box score yet; the post-game windows fetch them (results due by ${dueAt.toISOString()})`;
    return [
      { boundary: 'box_scores', expected: counts.final, actual: counts.games_with_box_score, status: 'awaiting_results', detail: awaiting },
      ...verdicts,
      ...(['analytics', 'features', 'predictions'] as const).map((boundary) => ({ boundary, expected: 0, actual: 0, status: 'awaiting_results' as const, detail: awaiting })),
    ];
  }
  verdicts.unshift(
    verdict(
      'box_scores',
      counts.final,
      counts.games_with_box_score,
      `every one of ${counts.final} final games has a box score from some source`,
      `${counts.final - counts.games_with_box_score} of ${counts.final} final games have no box score from any source (scraper_retry_queue)`,
    ),
  );
  // A game built from a partial box score is not a game delivered: it counts as a gap until it adds up.
  const incomplete = counts.incomplete_games ?? [];
  const completeGames = counts.analytics_games - incomplete.length;
  const analytics = verdict(
    'analytics',
    counts.final,
    completeGames,
    `player_game_summary has all ${counts.final} final games complete (${counts.analytics_players} players)`,
    [
      ...(counts.analytics_games < counts.final ? [`player_game_summary has ${counts.analytics_games} of ${counts.final} final games`] : []),
      ...(incomplete.length > 0 ? [`${incomplete.length} built incomplete (points short of the final score or a short roster): ${incomplete.join(', ')}`] : []),
    ].join('; '),
  );
  verdicts.push(analytics);
  const features = verdict(
    'features',
    counts.analytics_players,
    counts.players_with_features,
    `every analytics player has a feature vector`,
    `${counts.analytics_players - counts.players_with_features} of ${counts.analytics_players} analytics players have no feature vector`,
  );
  verdicts.push(counts.phase4_blocked && features.status === 'gap' ? { ...features, status: 'blocked', detail: `phase 4 blocked at its boundary; ${features.detail}` } : features);
  const predictions = verdict(
    'predictions',
    counts.feature_players,
    counts.players_predicted,
    `every player with features has an active primary prediction`,
    `${counts.feature_players - counts.players_predicted} of ${counts.feature_players} players with features have no active primary prediction`,
  );
  // Every player predicted, but not by the primary system: its model cannot be trained yet (too little
  // history early in a season). Phase 5 said why; running it again changes nothing, so it is not a gap to heal.
  const primaryUntrained = predictions.status === 'gap' && (counts.players_predicted_any_system ?? 0) >= counts.feature_players;
  verdicts.push(
    counts.phase5_blocked && predictions.status === 'gap'
      ? { ...predictions, status: 'blocked', detail: `phase 5 blocked at its boundary; ${predictions.detail}` }
      : primaryUntrained
        ? { ...predictions, status: 'blocked', detail: `every player has a prediction from another system; the primary system has no model trained before the date yet (too little history); ${predictions.detail}` }
        : predictions,
  );
  return verdicts;
}
