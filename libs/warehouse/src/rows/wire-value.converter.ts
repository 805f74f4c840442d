import { ColumnType } from '../tables/table-definition';

/**
 * A value in the one form both engines load and bind from: STRING, DATE ('YYYY-MM-DD'), TIMESTAMP
 * (ISO-8601 UTC, millisecond precision), INT64 (decimal string, so 64-bit values survive) and JSON
 * (JSON text) are strings; FLOAT64 is a number; BOOL a boolean.
 *
 * A JSON value is either JSON text (a string, the way BigQuery's own client takes JSON) or any other
 * JSON-serializable value, stored as that value. A JSON string is therefore passed as text: '"hello"'.
 */
export type WireValue = string | number | boolean | null;

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER_TEXT = /^-?\d+$/;

/** The wire form of a non-null value of the type, or undefined when the value cannot be one. */
export function toWireValue(value: unknown, type: ColumnType): WireValue | undefined {
  return WIRE_CONVERTERS[type](value);
}

/** What a column or parameter of the type accepts, for error messages. */
export function describeAccepted(type: ColumnType): string {
  return ACCEPTED[type];
}

const ACCEPTED: Record<ColumnType, string> = {
  STRING: 'a string',
  INT64: 'an integer (safe number, bigint or decimal string)',
  FLOAT64: 'a finite number',
  BOOL: 'a boolean',
  DATE: "a 'YYYY-MM-DD' date or a Date",
  TIMESTAMP: 'a Date or an ISO-8601 timestamp string',
  JSON: 'JSON text or a JSON-serializable value',
};

/** The last TIMESTAMP text converted, and its wire form. */
let lastTimestamp: { text: string; wire: WireValue | undefined } = { text: '', wire: undefined };

const WIRE_CONVERTERS: Record<ColumnType, (value: unknown) => WireValue | undefined> = {
  STRING: (value) => (typeof value === 'string' ? value : undefined),
  INT64: (value) => {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
    return typeof value === 'string' && INTEGER_TEXT.test(value) ? BigInt(value).toString() : undefined;
  },
  FLOAT64: (value) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined),
  BOOL: (value) => (typeof value === 'boolean' ? value : undefined),
  DATE: (value) => {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
    return typeof value === 'string' && isCalendarDate(value) ? value : undefined;
  },
  TIMESTAMP: (value) => {
    // the rows of one write mostly share their timestamps (the run's clock): the last text's answer is kept
    if (typeof value === 'string' && value === lastTimestamp.text) return lastTimestamp.wire;
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    const wire = date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
    if (typeof value === 'string') lastTimestamp = { text: value, wire };
    return wire;
  },
  JSON: (value) => {
    if (typeof value === 'string') return isJsonText(value) ? value : undefined;
    try {
      return JSON.stringify(value) ?? undefined;
    } catch (error) {
      // Circular structures and BigInts: the caller reports them as a bad value.
      if (error instanceof TypeError) return undefined;
      throw error;
    }
  },
};

/** Dates already found to be calendar dates (a season has a few hundred; cleared past a bound). */
const calendarDates = new Set<string>();
const CALENDAR_DATES_KEPT = 10_000;

export function isCalendarDate(text: string): boolean {
  if (calendarDates.has(text)) return true;
  if (!DATE_TEXT.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  const valid = !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  if (valid) {
    if (calendarDates.size >= CALENDAR_DATES_KEPT) calendarDates.clear();
    calendarDates.add(text);
  }
  return valid;
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch (error) {
    if (error instanceof SyntaxError) return false;
    throw error;
  }
}

/** A short description of a value for error messages, never the whole value. */
export function describeValue(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value;
}
