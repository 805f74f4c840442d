import type { AlertSummaryRow, ErrorRow, GradedPredictionRow, PhaseRunRow, ProcessorRateRow, SourceCoverageRow, TierCountRow } from './status.repository';

export type CellState = 'success' | 'degraded' | 'blocked' | 'failed' | 'missing' | 'running' | 'running_too_long' | 'no_data';

/** Glyph beside the colour, so the grid still reads for colour-blind readers and in greyscale. */
export const CELL_GLYPH: Record<CellState, string> = {
  success: '✓',
  degraded: '~',
  blocked: '■',
  failed: '✗',
  missing: '·',
  running: '…',
  running_too_long: '⏱',
  no_data: '∅',
};

export interface StatusCell {
  gameDate: string;
  service: string;
  state: CellState;
  runs: number;
  /** The run's own words (detail or error), or why the cell is in its state. */
  detail: string;
}

export interface DailyQuality {
  gameDate: string;
  graded: number;
  mae: number | null;
  withLine: number;
  modelMaeWithLine: number | null;
  lineMae: number | null;
  /** Pooled over this date and the 6 graded dates before it. */
  rollingMae: number | null;
  rollingLineMae: number | null;
}

export interface CalibrationBucket {
  fromPercent: number;
  toPercent: number;
  bets: number;
  wins: number;
  meanConfidence: number | null;
  observedWinRate: number | null;
}

export interface HitRate {
  wins: number;
  losses: number;
  pushes: number;
  rate: number | null;
  standardError: number | null;
}

export interface ServiceVersion {
  service: string;
  commit: string | null;
  source: string;
  error?: string;
}

export interface StatusModel {
  generatedAt: string;
  from: string;
  to: string;
  dates: string[];
  grid: Map<string, StatusCell>;
  coverage: SourceCoverageRow[];
  processors: ProcessorRateRow[];
  quality: DailyQuality[];
  hitRate: HitRate;
  calibration: CalibrationBucket[];
  tiers: Array<{ gameDate: string; gold: number; silver: number; bronze: number }>;
  alerts: AlertSummaryRow[];
  errors: ErrorRow[];
  head: { commit: string | null; source: string };
  versions: ServiceVersion[];
}

export const cellKey = (gameDate: string, service: string) => `${gameDate}|${service}`;

/**
 * How long a run of a service may stay `running` before it counts as stuck: its usual duration (the
 * 90th percentile of its finished runs, never below `floorMinutes`, or `floorMinutes` without any)
 * times `factor`.
 */
export function stuckAfterSeconds(durationsSeconds: readonly number[] | undefined, factor: number, floorMinutes: number): number {
  const sorted = [...(durationsSeconds ?? [])].sort((a, b) => a - b);
  const p90 = sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(0.9 * sorted.length))];
  return Math.max(p90, floorMinutes * 60) * factor;
}

/** A phase's state on a date from its runs: phase 2 runs once per payload, so any load counts; the other phases' last run counts. */
export function cellOf(
  gameDate: string,
  service: string,
  runs: readonly PhaseRunRow[],
  nowMs: number,
  stuckAfter: (service: string) => number,
  heldBecause?: string,
): StatusCell {
  const mine = runs.filter((run) => run.game_date === gameDate && run.service === service);
  if (mine.length === 0) return { gameDate, service, state: 'missing', runs: 0, detail: 'no run recorded' };
  const stateOf = (run: PhaseRunRow): CellState => {
    if (run.status === 'running') return (nowMs - Date.parse(run.started_at)) / 1000 > stuckAfter(service) ? 'running_too_long' : 'running';
    if (run.status === 'success') return run.degraded ? 'degraded' : 'success';
    if (run.status === 'partial') return 'degraded';
    if (run.status === 'skipped') return 'blocked';
    if (run.status === 'no_data') return 'no_data';
    return 'failed';
  };
  if (service === 'phase2-raw') {
    const states = mine.map(stateOf);
    const order: CellState[] = ['running_too_long', 'failed', 'running', 'blocked', 'degraded', 'success', 'no_data'];
    const state = order.find((candidate) => states.includes(candidate)) ?? 'no_data';
    const count = (wanted: CellState) => states.filter((candidate) => candidate === wanted).length;
    // One run per payload (live) or one for a whole backfilled date: a date's single run says what it loaded.
    const counts = `${mine.length} phase 2 run${mine.length === 1 ? '' : 's'}: ${count('success')} success, ${count('degraded')} degraded, ${count('no_data')} no_data, ${count('failed')} failed`;
    const detail = mine.length === 1 && mine[0].detail ? `${counts}; ${mine[0].detail}` : counts;
    return { gameDate, service, state, runs: mine.length, detail };
  }
  const last = mine.reduce((latest, run) => (run.started_at >= latest.started_at ? run : latest));
  const state = stateOf(last);
  // A gated step inside a run that otherwise finished (phase 5 also grades) leaves the run a degraded success: the gate's record says it is held.
  if (heldBecause && state !== 'failed' && state !== 'running' && state !== 'running_too_long') return { gameDate, service, state: 'blocked', runs: mine.length, detail: heldBecause };
  return { gameDate, service, state, runs: mine.length, detail: last.error ?? last.detail ?? last.status };
}

const ROLLING_DATES = 7;
const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);

export function dailyQuality(graded: readonly GradedPredictionRow[]): DailyQuality[] {
  const byDate = new Map<string, GradedPredictionRow[]>();
  for (const row of graded) byDate.set(row.game_date, [...(byDate.get(row.game_date) ?? []), row]);
  const dates = [...byDate.keys()].sort();
  return dates.map((gameDate, index) => {
    const rows = byDate.get(gameDate)!;
    const withLine = rows.filter((row) => row.line_absolute_error !== null);
    const window = dates.slice(Math.max(0, index - ROLLING_DATES + 1), index + 1).flatMap((date) => byDate.get(date)!);
    const windowWithLine = window.filter((row) => row.line_absolute_error !== null);
    return {
      gameDate,
      graded: rows.length,
      mae: mean(rows.map((row) => row.absolute_error)),
      withLine: withLine.length,
      modelMaeWithLine: mean(withLine.map((row) => row.absolute_error)),
      lineMae: mean(withLine.map((row) => row.line_absolute_error!)),
      rollingMae: mean(windowWithLine.map((row) => row.absolute_error)),
      rollingLineMae: mean(windowWithLine.map((row) => row.line_absolute_error!)),
    };
  });
}

export function hitRate(graded: readonly GradedPredictionRow[]): HitRate {
  const wins = graded.filter((row) => row.outcome === 'win').length;
  const losses = graded.filter((row) => row.outcome === 'loss').length;
  const pushes = graded.filter((row) => row.outcome === 'push').length;
  const bets = wins + losses;
  if (bets === 0) return { wins, losses, pushes, rate: null, standardError: null };
  const rate = wins / bets;
  return { wins, losses, pushes, rate, standardError: Math.sqrt((rate * (1 - rate)) / bets) };
}

/** Reliability buckets of 10 points of confidence: the bets in each, their mean confidence, and how often they won. */
export function calibration(graded: readonly GradedPredictionRow[]): CalibrationBucket[] {
  const bets = graded.filter((row) => (row.outcome === 'win' || row.outcome === 'loss') && row.confidence_score !== null);
  return Array.from({ length: 10 }, (_, index) => {
    const fromPercent = index * 10;
    const toPercent = fromPercent + 10;
    const inBucket = bets.filter((row) => row.confidence_score! >= fromPercent && (row.confidence_score! < toPercent || (toPercent === 100 && row.confidence_score! <= 100)));
    const wins = inBucket.filter((row) => row.outcome === 'win').length;
    return {
      fromPercent,
      toPercent,
      bets: inBucket.length,
      wins,
      meanConfidence: mean(inBucket.map((row) => row.confidence_score!)),
      observedWinRate: inBucket.length === 0 ? null : (100 * wins) / inBucket.length,
    };
  }).filter((bucket) => bucket.bets > 0);
}

export function tiersPerDay(rows: readonly TierCountRow[]): StatusModel['tiers'] {
  const byDate = new Map<string, { gameDate: string; gold: number; silver: number; bronze: number }>();
  for (const row of rows) {
    const day = byDate.get(row.game_date) ?? { gameDate: row.game_date, gold: 0, silver: 0, bronze: 0 };
    if (row.quality_tier === 'gold' || row.quality_tier === 'silver' || row.quality_tier === 'bronze') day[row.quality_tier] += row.predictions;
    byDate.set(row.game_date, day);
  }
  return [...byDate.values()].sort((a, b) => a.gameDate.localeCompare(b.gameDate));
}
