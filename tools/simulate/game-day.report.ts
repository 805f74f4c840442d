import { SimulatedDay, SimulatedGame } from './simulation.runner';

export interface GameReport {
  game_id: string;
  matchup: string;
  tipoff: string;
  /** The game's final buzzer, as the replay plays it. */
  ends: string;
  players_with_line: number;
  lines_known_at: string | null;
  lines_minutes_before_tipoff: number | null;
  /** The first primary prediction against a line for the game. */
  picks_published_at: string | null;
  picks_minutes_before_tipoff: number | null;
  /** OVER/UNDER calls of the primary system in force at tip-off. */
  picks_at_tipoff: number;
  final_available_at: string | null;
  final_minutes_after_end: number | null;
  /** The first phase 3 run of the date to finish after the final score arrived. */
  analytics_at: string | null;
  analytics_minutes_after_end: number | null;
  /** The first phase 4 run of the date to finish after the analytics (the features phase 5 predicts and grades from). */
  features_at: string | null;
  features_minutes_after_end: number | null;
  /** The first phase 5 run of the date that graded, after the analytics (null when the game has no grade). */
  graded_at: string | null;
  graded_minutes_after_end: number | null;
}

export interface DayVerdict {
  name: 'predicted_before_tipoff' | 'graded_by_next_morning' | 'nothing_predicted_from_unavailable_data';
  status: 'ok' | 'fail' | 'not_applicable';
  detail: string;
  /** What failed, by game and player; empty when ok. */
  failures: string[];
}

/** What a fault window broke and when the pipeline had it back. */
export interface FaultRecovery {
  label: string;
  from: string;
  to: string | null;
  /** Scraper runs of the faulted upstreams that failed or came back partial while the window was open. */
  failed_scrapes: number;
  /** Per scraper that failed in the window: its first good run after the failure (null: never within the simulated day). */
  recovered: Array<{ scraper: string; failed_first_at: string; succeeded_at: string | null }>;
}

export interface GameDayReport {
  date: string;
  simulated_from: string;
  simulated_to: string;
  speed: number;
  wall_seconds: number;
  skipped_minutes: number;
  games: GameReport[];
  verdicts: DayVerdict[];
  faults: FaultRecovery[];
}

const minutesBetween = (earlier: string | null, later: string | null) =>
  earlier === null || later === null ? null : Math.round((Date.parse(later) - Date.parse(earlier)) / 60_000);

const earliest = (instants: Array<string | null | undefined>) => {
  const known = instants.filter((instant): instant is string => typeof instant === 'string').sort();
  return known[0] ?? null;
};

/** A scraper run's game: NBA id in its params, or the upstream's event id. */
function scrapedGame(params: unknown): { gameId?: string; upstreamGameId?: string } {
  const value = (typeof params === 'string' ? JSON.parse(params) : params) as { game_id?: string; upstream_game_id?: string } | null;
  return { gameId: value?.game_id, upstreamGameId: value?.upstream_game_id };
}

/**
 * Per game: when its lines were known, its picks published, its final score available, its analytics,
 * the features built on it and its grades done. Per day: the three promises an on-call person needs
 * kept overnight, each with what broke it.
 */
export function buildGameDayReport(day: SimulatedDay): GameDayReport {
  const { rows } = day;
  const games = day.games.map((game): GameReport => {
    const linesKnownAt = earliest(
      rows.scrapes
        .filter((scrape) => scrape.scraper === 'odds_player_points' && (scrape.records ?? 0) > 0 && ['success', 'partial'].includes(scrape.status))
        .filter((scrape) => {
          const target = scrapedGame(scrape.params);
          return target.gameId === game.gameId || target.upstreamGameId === game.oddsEventId;
        })
        .map((scrape) => scrape.finished_at as string | null),
    );
    const withLine = rows.predictions.filter((prediction) => prediction.game_id === game.gameId && prediction.line_value !== null);
    const picksPublishedAt = earliest(withLine.map((prediction) => prediction.created_at as string));
    const picksAtTipoff = withLine.filter(
      (prediction) =>
        ['OVER', 'UNDER'].includes(prediction.recommendation) &&
        (prediction.created_at as string) <= game.tipoff &&
        (prediction.superseded_at === null || (prediction.superseded_at as string) > game.tipoff),
    ).length;
    const finalAt = earliest(rows.sourcesSeen.filter((seen) => seen.game_id === game.gameId).map((seen) => seen.first_seen_at as string));
    const finished = (phase: string, after: string | null, dateMatches: (date: string) => boolean) =>
      after === null
        ? null
        : earliest(
            rows.phaseRuns
              .filter((run) => run.phase === phase && dateMatches(run.game_date) && ['success', 'partial'].includes(run.status))
              .map((run) => run.finished_at as string | null)
              .filter((at) => at !== null && at >= after),
          );
    const analyticsAt = finished('phase3', finalAt, (date) => date === day.date);
    const featuresAt = finished('phase4', analyticsAt, (date) => date === day.date);
    // A re-grade rewrites graded_at, so the first grading is told by the first phase 5 run that graded after the analytics.
    const graded = rows.grades.some((grade) => grade.game_id === game.gameId);
    const gradedAt =
      !graded || analyticsAt === null
        ? null
        : earliest(
            rows.phaseRuns
              .filter((run) => run.phase === 'phase5' && run.game_date === day.date && /grade: success/.test(run.detail ?? ''))
              .map((run) => run.finished_at as string | null)
              .filter((at) => at !== null && at >= analyticsAt),
          );
    return {
      game_id: game.gameId,
      matchup: game.matchup,
      tipoff: game.tipoff,
      ends: game.end,
      players_with_line: new Set(rows.lines.filter((line) => line.game_id === game.gameId && line.player_lookup).map((line) => line.player_lookup)).size,
      lines_known_at: linesKnownAt,
      lines_minutes_before_tipoff: minutesBetween(linesKnownAt, game.tipoff),
      picks_published_at: picksPublishedAt,
      picks_minutes_before_tipoff: minutesBetween(picksPublishedAt, game.tipoff),
      picks_at_tipoff: picksAtTipoff,
      final_available_at: finalAt,
      final_minutes_after_end: minutesBetween(game.end, finalAt),
      analytics_at: analyticsAt,
      analytics_minutes_after_end: minutesBetween(game.end, analyticsAt),
      features_at: featuresAt,
      features_minutes_after_end: minutesBetween(game.end, featuresAt),
      graded_at: gradedAt,
      graded_minutes_after_end: minutesBetween(game.end, gradedAt),
    };
  });
  return {
    date: day.date,
    simulated_from: day.startedAt,
    simulated_to: day.endedAt,
    speed: day.speed,
    wall_seconds: day.wallSeconds,
    skipped_minutes: day.skippedMinutes,
    games,
    verdicts: [predictedBeforeTipoff(day, games), gradedByNextMorning(day), nothingFromUnavailableData(day, games)],
    faults: day.faultWindows.map((window) => faultRecovery(day, window)),
  };
}

/** The replay's upstream prefixes, as the scraper log names their sources. */
const SCRAPER_SOURCE: Record<string, string> = {
  balldontlie: 'balldontlie',
  'nba-stats': 'nbacom',
  'nba-cdn': 'nbacom',
  'nba-injury-report': 'nbacom',
  'nba-referee-assignments': 'nbacom',
  espn: 'espn',
  'odds-api': 'odds_api',
  bigdataball: 'bigdataball',
};

function faultRecovery(day: SimulatedDay, window: SimulatedDay['faultWindows'][number]): FaultRecovery {
  const sources = new Set(window.sources.map((source) => SCRAPER_SOURCE[source] ?? source));
  const hit = (scrape: SimulatedDay['rows']['scrapes'][number]) => sources.has('*') || sources.has(scrape.source);
  const at = (scrape: SimulatedDay['rows']['scrapes'][number]) => (scrape.finished_at ?? scrape.started_at) as string;
  const inWindow = (instant: string) => instant >= window.from && (window.to === null || instant < window.to);
  const failed = day.rows.scrapes.filter((scrape) => hit(scrape) && ['failed', 'partial'].includes(scrape.status) && inWindow(at(scrape)));
  const scrapers = [...new Set(failed.map((scrape) => scrape.scraper))].sort();
  return {
    label: window.label,
    from: window.from,
    to: window.to,
    failed_scrapes: failed.length,
    recovered: scrapers.map((scraper) => {
      const failedFirstAt = earliest(failed.filter((scrape) => scrape.scraper === scraper).map(at))!;
      const succeededAt = earliest(day.rows.scrapes.filter((scrape) => scrape.scraper === scraper && scrape.status === 'success' && at(scrape) > failedFirstAt).map(at));
      return { scraper, failed_first_at: failedFirstAt, succeeded_at: succeededAt };
    }),
  };
}

function gameOf(day: SimulatedDay, gameId: string): SimulatedGame | undefined {
  return day.games.find((game) => game.gameId === gameId);
}

/** Every player with a line known before his game's tip-off has a primary prediction against it made before tip-off. */
function predictedBeforeTipoff(day: SimulatedDay, games: GameReport[]): DayVerdict {
  const name = 'predicted_before_tipoff';
  const failures: string[] = [];
  let expected = 0;
  for (const game of games) {
    if (game.lines_known_at === null || game.lines_known_at >= game.tipoff) continue;
    const withLine = new Set(day.rows.lines.filter((line) => line.game_id === game.game_id && line.player_lookup).map((line) => line.player_lookup as string));
    const predicted = new Set(
      day.rows.predictions
        .filter((prediction) => prediction.game_id === game.game_id && prediction.line_value !== null && (prediction.created_at as string) < game.tipoff)
        .map((prediction) => prediction.player_lookup),
    );
    expected += withLine.size;
    for (const player of [...withLine].sort()) if (!predicted.has(player)) failures.push(`${game.game_id} ${game.matchup} ${player}`);
  }
  const late = games.filter((game) => game.lines_known_at !== null && game.lines_known_at >= game.tipoff).map((game) => `${game.game_id} (lines at ${game.lines_known_at}, tip ${game.tipoff})`);
  if (expected === 0) {
    return { name, status: 'not_applicable', detail: `no line was known before any tip-off on ${day.date}${late.length > 0 ? `; lines after tip-off: ${late.join(', ')}` : ''}`, failures: [] };
  }
  return {
    name,
    status: failures.length === 0 ? 'ok' : 'fail',
    detail: `${expected - failures.length} of ${expected} players with a line known before tip-off were predicted before it${late.length > 0 ? `; lines known only after tip-off: ${late.join(', ')}` : ''}`,
    failures,
  };
}

/** Every game with a result has graded predictions by the end of the simulated morning. */
function gradedByNextMorning(day: SimulatedDay): DayVerdict {
  const name = 'graded_by_next_morning';
  const finals = day.games.filter((game) => game.hasResult && game.end < day.endedAt);
  if (finals.length === 0) return { name, status: 'not_applicable', detail: `no game of ${day.date} has a result in the replay`, failures: [] };
  const failures = finals
    .filter((game) => !day.rows.grades.some((grade) => grade.game_id === game.gameId && (grade.graded_at as string) <= day.endedAt))
    .map((game) => `${game.gameId} ${game.matchup}: ${day.rows.predictions.some((prediction) => prediction.game_id === game.gameId) ? 'predicted but not graded' : 'never predicted'}`);
  return { name, status: failures.length === 0 ? 'ok' : 'fail', detail: `${finals.length - failures.length} of ${finals.length} final games graded by ${day.endedAt}`, failures };
}

/** No prediction saw the date's own results, and none used a line before the pipeline had fetched it. */
function nothingFromUnavailableData(day: SimulatedDay, games: GameReport[]): DayVerdict {
  const name = 'nothing_predicted_from_unavailable_data';
  const predictions = day.rows.predictions;
  if (predictions.length === 0) return { name, status: 'not_applicable', detail: `no primary prediction was made for ${day.date}`, failures: [] };
  const failures: string[] = [];
  for (const prediction of predictions) {
    const game = games.find((candidate) => candidate.game_id === prediction.game_id);
    if (prediction.data_through_date !== null && prediction.data_through_date >= day.date) {
      failures.push(`${prediction.game_id} ${prediction.player_lookup}: features saw data through ${prediction.data_through_date}`);
    }
    if (prediction.line_value !== null && (game?.lines_known_at === null || game === undefined || (prediction.created_at as string) < game.lines_known_at)) {
      failures.push(`${prediction.game_id} ${prediction.player_lookup}: line ${prediction.line_value} used at ${prediction.created_at}, before the pipeline had a line (${game?.lines_known_at ?? 'never'})`);
    }
  }
  const afterTip = predictions.filter((prediction) => {
    const game = gameOf(day, prediction.game_id);
    return game !== undefined && (prediction.created_at as string) >= game.tipoff;
  }).length;
  return {
    name,
    status: failures.length === 0 ? 'ok' : 'fail',
    detail: `${predictions.length} primary prediction rows checked (features before ${day.date}, lines already fetched); ${afterTip} of them were made after their game's tip-off`,
    failures,
  };
}
