/**
 * Phase-boundary validation: before phases 4 and 5 run for a date, their input is measured
 * (minutes coverage, null rates) and judged against two thresholds. Below the first the run goes
 * ahead with an alert; below the second it does not run until self-heal or a person releases it.
 */
export interface BoundaryThresholds {
  /** Completeness below this percent: run, and alert. */
  alertBelowPercent: number;
  /** Completeness below this percent: do not run; record the block and alert. */
  blockBelowPercent: number;
}

/** The defaults, declared once; PlatformConfig reads its settings' defaults from here. */
export const DEFAULT_BOUNDARY_THRESHOLDS: Readonly<BoundaryThresholds> = Object.freeze({ alertBelowPercent: 90, blockBelowPercent: 80 });

export interface BoundaryMeasurement {
  /** The date whose data was measured (phase 4 reads the latest analytics date before its own). */
  inputDate: string | null;
  /** Rows measured; 0 means there was nothing to measure yet (start of the season). */
  rows: number;
  /** Percent of the expected minutes the input accounts for; null where minutes do not apply. */
  minutesCoveragePct: number | null;
  /** Column → percent of rows where it is null. */
  nullRates: Record<string, number>;
}

export type BoundaryStatus = 'passed' | 'warned' | 'blocked';

export interface BoundaryVerdict {
  status: BoundaryStatus;
  /** min(minutes coverage, 100 - worst null rate): the one number compared with the thresholds. */
  completenessPct: number;
  reason: string;
}

export function validateThresholds(thresholds: BoundaryThresholds): void {
  const { alertBelowPercent, blockBelowPercent } = thresholds;
  for (const [name, value] of Object.entries(thresholds)) {
    if (!Number.isFinite(value) || value < 0 || value > 100) throw new RangeError(`boundary threshold ${name} must be a percent from 0 to 100, got ${value}`);
  }
  if (blockBelowPercent > alertBelowPercent) {
    throw new RangeError(`boundary threshold blockBelowPercent (${blockBelowPercent}) must not exceed alertBelowPercent (${alertBelowPercent})`);
  }
}

const round = (value: number) => Math.round(value * 10) / 10;

export function judgeBoundary(measurement: BoundaryMeasurement, thresholds: BoundaryThresholds): BoundaryVerdict {
  if (measurement.rows === 0) {
    return { status: 'passed', completenessPct: 100, reason: 'no input rows yet (nothing before this date to measure)' };
  }
  const worstNull = Object.entries(measurement.nullRates).reduce<[string, number] | null>(
    (worst, entry) => (worst === null || entry[1] > worst[1] ? entry : worst),
    null,
  );
  const fromNulls = worstNull ? 100 - worstNull[1] : 100;
  const fromMinutes = measurement.minutesCoveragePct ?? 100;
  const completenessPct = round(Math.min(fromNulls, fromMinutes));
  const numbers =
    `input ${measurement.inputDate ?? 'n/a'}: ${measurement.rows} rows, minutes coverage ` +
    `${measurement.minutesCoveragePct === null ? 'n/a' : `${round(measurement.minutesCoveragePct)}%`}` +
    (worstNull ? `, worst null rate ${worstNull[0]} ${round(worstNull[1])}%` : '');
  if (completenessPct < thresholds.blockBelowPercent) {
    return { status: 'blocked', completenessPct, reason: `completeness ${completenessPct}% is below the block threshold ${thresholds.blockBelowPercent}% (${numbers})` };
  }
  if (completenessPct < thresholds.alertBelowPercent) {
    return { status: 'warned', completenessPct, reason: `completeness ${completenessPct}% is below the alert threshold ${thresholds.alertBelowPercent}% (${numbers})` };
  }
  return { status: 'passed', completenessPct, reason: `completeness ${completenessPct}% (${numbers})` };
}
