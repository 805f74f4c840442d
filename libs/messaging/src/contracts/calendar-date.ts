import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/** The platform's one date type on the wire and in tables: an ISO calendar date 'YYYY-MM-DD'. */
export type CalendarDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True only for a real calendar day in ISO form: '2025-02-30' and '2025-2-3' are false. */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const parsed = new Date(`${date}T00:00:00Z`);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The year an NBA season starts: seasons run August to July, so 2026-01-10 belongs to 2025-26. */
function seasonStartYear(date: CalendarDate): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? year : year - 1;
}

/** The first day of the date's season: '2026-01-10' → '2025-08-01'. */
export function seasonStartOf(date: CalendarDate): CalendarDate {
  return `${seasonStartYear(date)}-08-01`;
}

/** The last day of the date's season: '2026-01-10' → '2026-07-31'. */
export function seasonEndOf(date: CalendarDate): CalendarDate {
  return `${seasonStartYear(date) + 1}-07-31`;
}

/** The season as NBA.com names it: '2026-01-10' → '2025-26'. */
export function seasonLabelOf(date: CalendarDate): string {
  const start = seasonStartYear(date);
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Every date from start to end inclusive, in order. */
export function datesBetween(start: CalendarDate, end: CalendarDate): CalendarDate[] {
  if (!isCalendarDate(start) || !isCalendarDate(end)) {
    throw new RangeError(`datesBetween needs calendar dates, got ${start} and ${end}`);
  }
  if (end < start) throw new RangeError(`date range is inverted: ${start} is after ${end}`);
  const dates: CalendarDate[] = [];
  for (let date = start; date <= end; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** class-validator decorator for CalendarDate fields; the message names the field. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be a real calendar date in YYYY-MM-DD form`,
      },
    },
    options,
  );
}
