import { addDays, CalendarDate, daysBetween, seasonStartOf } from '@lib/messaging';

/**
 * The training end date of the model that predicts a date: the last day of the newest whole
 * `retrainAfterDays`-day block of the season (counted from the season's start, 1 August) that ends
 * before the date. Every date maps to one training end, at most `retrainAfterDays` days behind it,
 * whatever order the dates are predicted in, so a rerun, a backfill and a live day that predict the
 * same date use the same model.
 */
export function trainingEndFor(gameDate: CalendarDate, retrainAfterDays: number): CalendarDate {
  if (!Number.isInteger(retrainAfterDays) || retrainAfterDays < 1) throw new Error(`retrainAfterDays must be a whole number of days >= 1, got ${retrainAfterDays}`);
  const seasonStart = seasonStartOf(gameDate);
  const days = daysBetween(seasonStart, gameDate);
  return addDays(seasonStart, Math.floor(days / retrainAfterDays) * retrainAfterDays - 1);
}
