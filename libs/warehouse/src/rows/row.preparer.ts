import { ColumnDefinition, ColumnType, qualifiedName, TableDefinition } from '../tables/table-definition';
import { Row } from '../warehouse.interface';
import { InvalidRowError } from '../warehouse.errors';

/**
 * A column value in the one form both engines load from: STRING, DATE ('YYYY-MM-DD'), TIMESTAMP
 * (ISO-8601 UTC, millisecond precision), INT64 (decimal string, so 64-bit values survive) and JSON
 * (JSON text) are strings; FLOAT64 is a number; BOOL a boolean.
 */
export type WireValue = string | number | boolean | null;
export type WireRow = Record<string, WireValue>;

export interface PreparedRows {
  table: TableDefinition;
  /** One per natural key, every declared column present (absent optional columns are null). */
  rows: WireRow[];
  /** Distinct values of the partition column, sorted; empty for an unpartitioned table. */
  partitionDates: string[];
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;
const INTEGER_TEXT = /^-?\d+$/;

/**
 * Validates rows against the table declaration and converts them to wire values. Rows repeating a
 * natural key collapse to the last one, keeping the position of the first.
 */
export function prepareRows(table: TableDefinition, rows: readonly Row[]): PreparedRows {
  const name = qualifiedName(table);
  const declared = new Map(table.columns.map((column) => [column.name, column]));
  const byKey = new Map<string, WireRow>();

  rows.forEach((row, rowIndex) => {
    for (const column of Object.keys(row)) {
      if (!declared.has(column)) throw new InvalidRowError(name, column, rowIndex, 'is not declared by the table');
    }
    const wire: WireRow = {};
    for (const column of table.columns) {
      wire[column.name] = toWireValue(row[column.name], column, (problem) => {
        return new InvalidRowError(name, column.name, rowIndex, problem);
      });
    }
    byKey.set(JSON.stringify(table.naturalKey.map((column) => wire[column])), wire);
  });

  const prepared = [...byKey.values()];
  const partitionColumn = table.partitionColumn;
  const partitionDates = partitionColumn
    ? [...new Set(prepared.map((row) => row[partitionColumn] as string))].sort()
    : [];
  return { table, rows: prepared, partitionDates };
}

function toWireValue(value: unknown, column: ColumnDefinition, invalid: (problem: string) => Error): WireValue {
  if (value === undefined || value === null) {
    if (column.required) throw invalid('is required but missing');
    return null;
  }
  const converted = WIRE_CONVERTERS[column.type](value);
  if (converted === undefined) throw invalid(`expects ${column.type}, got ${describe(value)}`);
  return converted;
}

/** Each returns undefined when the value cannot be that type. */
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
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
  },
  JSON: (value) => {
    try {
      return JSON.stringify(value) ?? undefined;
    } catch (error) {
      // Circular structures and BigInts: reported by the caller as a bad value for the column.
      if (error instanceof TypeError) return undefined;
      throw error;
    }
  },
};

export function isCalendarDate(text: string): boolean {
  const match = DATE_TEXT.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function describe(value: unknown): string {
  if (value instanceof Date) return 'an invalid Date';
  if (Array.isArray(value)) return 'an array';
  const text = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : '';
  return `${typeof value}${text ? ` ${text}` : ''}`;
}
