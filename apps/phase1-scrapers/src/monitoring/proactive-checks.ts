import { addDays } from '@lib/messaging';
import { easternDate } from '../workflows/workflow-decisions';
import type { DateCompletenessRow, DateTierShareRow, RunningPhaseRow } from './proactive-checks.repository';

export interface Finding {
  category: 'stuck_phase' | 'completeness_low' | 'bronze_predictions';
  gameDate: string;
  severity: 'WARNING' | 'ERROR';
  message: string;
  details: Record<string, unknown>;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * A date's games are owed their analytics and predictions from 6:00 Eastern the next morning (the
 * morning operations): box scores arrive after the post-game windows, in the small hours.
 */
const RESULTS_OWED_FROM_HOUR_EASTERN = 6;

/**
 * The last game date the checks hold to account, on the NBA's calendar (US Eastern). By UTC,
 * "yesterday" became tonight's date at 8 pm Eastern, while its games were being played, and the
 * completeness check warned every half hour of the night about games whose box scores were not due.
 */
export function lastDateOwed(now: Date): string {
  return addDays(easternDate(new Date(now.getTime() - RESULTS_OWED_FROM_HOUR_EASTERN * 3_600_000)), -1);
}

/** A run still `running` longer than its service's expected duration × the factor (the caller computes the limit). */
export function stuckPhases(running: readonly RunningPhaseRow[], nowMs: number, stuckAfterSeconds: (service: string) => number): Finding[] {
  return running.flatMap((run) => {
    const minutes = (nowMs - Date.parse(run.started_at)) / 60_000;
    const limitMinutes = stuckAfterSeconds(run.service) / 60;
    if (minutes <= limitMinutes) return [];
    return [
      {
        category: 'stuck_phase' as const,
        gameDate: run.game_date,
        severity: 'ERROR' as const,
        message: `${run.service} started ${round(minutes)} min ago for ${run.game_date} and has not finished (stuck after ${round(limitMinutes)} min: its expected duration × factor)`,
        details: { run_id: run.run_id, service: run.service, started_at: run.started_at, minutes_running: round(minutes), stuck_after_minutes: round(limitMinutes), correlation_id: run.correlation_id },
      },
    ];
  });
}

/**
 * Over the window: final games whose analytics and active primary predictions both exist, against all
 * final games. On a date a boundary gate held (phase 4 or 5 blocked, as the season's first days are
 * for want of history) no prediction is owed: its games count when they have analytics, and the
 * message says how many such games there were. Nothing to say when the window has no final games.
 */
export function completenessFinding(rows: readonly DateCompletenessRow[], from: string, to: string, alertBelowPercent: number): { percent: number | null; finding?: Finding } {
  const expected = rows.reduce((sum, row) => sum + row.final_games, 0);
  if (expected === 0) return { percent: null };
  const completeOn = (row: DateCompletenessRow) => Math.min(row.final_games, row.analytics_games, row.predictions_held ? row.final_games : row.predicted_games);
  const complete = rows.reduce((sum, row) => sum + completeOn(row), 0);
  const held = rows.filter((row) => row.predictions_held).reduce((sum, row) => sum + row.final_games, 0);
  const percent = round((100 * complete) / expected);
  if (percent >= alertBelowPercent) return { percent };
  const worst = rows.filter((row) => completeOn(row) < row.final_games).sort((a, b) => completeOn(a) / a.final_games - completeOn(b) / b.final_games).slice(0, 5);
  return {
    percent,
    finding: {
      category: 'completeness_low',
      gameDate: to,
      severity: 'WARNING',
      message:
        `completeness ${percent} % over ${from} .. ${to} is below ${alertBelowPercent} %: ${complete} of ${expected} final games have analytics and predictions` +
        (held > 0 ? ` (${held} on dates a boundary gate held, where analytics alone count)` : '') +
        `; worst dates ${worst.map((row) => `${row.game_date} (${completeOn(row)}/${row.final_games})`).join(', ')}`,
      details: { from, to, complete_games: complete, final_games: expected, held_games: held, percent, threshold_percent: alertBelowPercent },
    },
  };
}

export function bronzeFindings(rows: readonly DateTierShareRow[], alertAbovePercent: number): Finding[] {
  return rows.flatMap((row) => {
    const percent = row.predictions === 0 ? 0 : round((100 * row.bronze) / row.predictions);
    if (percent <= alertAbovePercent) return [];
    return [
      {
        category: 'bronze_predictions' as const,
        gameDate: row.game_date,
        severity: 'WARNING' as const,
        message: `${row.bronze} of ${row.predictions} active primary predictions for ${row.game_date} are bronze (${percent} %, above ${alertAbovePercent} %)`,
        details: { predictions: row.predictions, bronze: row.bronze, percent, threshold_percent: alertAbovePercent },
      },
    ];
  });
}
