import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBType,
  DuckDBTypeId,
  DuckDBValue,
  DuckDBValueConverter,
  JsonDuckDBValueConverter,
  LIST,
  listValue,
  TIMESTAMPTZ,
  VARCHAR,
} from '@duckdb/node-api';
import { ColumnType } from '../tables/table-definition';
import { isCalendarDate, WireValue } from '../rows/row.preparer';
import { BoundParameter } from '../sql/named-parameters';

const DUCKDB_TYPES: Record<ColumnType, DuckDBType> = {
  STRING: VARCHAR,
  INT64: BIGINT,
  FLOAT64: DOUBLE,
  BOOL: BOOLEAN,
  DATE,
  TIMESTAMP: TIMESTAMPTZ,
  // JSON is VARCHAR underneath; the column's type turns the text into JSON on insert or CAST.
  JSON: VARCHAR,
};

const MILLIS_PER_DAY = 86_400_000;

export function duckDbType(type: ColumnType): DuckDBType {
  return DUCKDB_TYPES[type];
}

/**
 * Converts one JS value to the DuckDB value of a column type, or returns undefined when it cannot
 * be one. Accepts wire values (rows already prepared) and the looser forms callers pass as
 * parameters (Date for DATE/TIMESTAMP, number or bigint for INT64).
 */
export function toDuckDbValue(value: unknown, type: ColumnType): DuckDBValue | undefined {
  if (value === null) return null;
  switch (type) {
    case 'STRING':
    case 'JSON':
      return typeof value === 'string' ? value : undefined;
    case 'INT64':
      if (typeof value === 'bigint') return value;
      if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined;
      return typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : undefined;
    case 'FLOAT64':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'BOOL':
      return typeof value === 'boolean' ? value : undefined;
    case 'DATE': {
      const millis = value instanceof Date ? value.getTime() : typeof value === 'string' && isCalendarDate(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
      return Number.isNaN(millis) ? undefined : new DuckDBDateValue(Math.floor(millis / MILLIS_PER_DAY));
    }
    case 'TIMESTAMP': {
      const millis = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
      return Number.isNaN(millis) ? undefined : new DuckDBTimestampTZValue(BigInt(millis) * 1000n);
    }
  }
}

/** The value a prepared wire value is appended as; wire values are valid by construction. */
export function wireToDuckDbValue(value: WireValue, type: ColumnType): DuckDBValue {
  const converted = toDuckDbValue(value, type);
  if (converted === undefined) throw new Error(`wire value ${String(value)} is not a ${type}`);
  return converted;
}

export interface DuckDbParameter {
  value: DuckDBValue;
  type: DuckDBType;
}

/**
 * Binds like BigQuery infers: string → STRING, integer → INT64, other number → FLOAT64, boolean →
 * BOOL, Date → TIMESTAMP, array → array of its first element's type; undeclared nulls and empty
 * arrays are STRING. A declared type wins. Returns a message instead when the value does not fit.
 */
export function toDuckDbParameter(parameter: BoundParameter): DuckDbParameter | string {
  const declared = parameter.type;
  const { value } = parameter;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    const elementType = Array.isArray(declared) ? declared[0] : declared ?? inferredType(items[0] ?? '');
    const converted = items.map((item) => toDuckDbValue(item, elementType));
    if (converted.some((item) => item === undefined || item === null)) return `has an element that is not a ${elementType}`;
    const listType = LIST(duckDbType(elementType));
    return { value: listValue(converted as DuckDBValue[]), type: listType };
  }
  if (Array.isArray(declared)) return `is declared as an array of ${declared[0]} but is not an array`;
  const type = declared ?? (value === null ? 'STRING' : inferredType(value));
  const converted = toDuckDbValue(value, type);
  if (converted === undefined) return `is not a ${type}`;
  return { value: converted, type: duckDbType(type) };
}

function inferredType(value: unknown): ColumnType {
  if (typeof value === 'number') return Number.isInteger(value) ? 'INT64' : 'FLOAT64';
  if (typeof value === 'boolean') return 'BOOL';
  if (value instanceof Date) return 'TIMESTAMP';
  return 'STRING';
}

/**
 * Result values as plain JSON-safe JS: DATE 'YYYY-MM-DD', TIMESTAMP(TZ) an ISO-8601 UTC string
 * (millisecond precision), 64/128-bit integers a number when exactly representable else a decimal
 * string, DECIMAL a number, JSON columns parsed. Everything else as DuckDB's JSON form gives it.
 */
export const plainResultConverter: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.UHUGEINT:
      return typeof value === 'bigint' ? integerAsPlainValue(value) : JsonDuckDBValueConverter(value, type, converter);
    case DuckDBTypeId.DECIMAL:
      return value instanceof DuckDBDecimalValue ? value.toDouble() : JsonDuckDBValueConverter(value, type, converter);
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP:
      return isTimestampWithMicros(value) ? new Date(Number(value.micros / 1000n)).toISOString() : JsonDuckDBValueConverter(value, type, converter);
    case DuckDBTypeId.VARCHAR:
      return type.alias === 'JSON' && typeof value === 'string' ? JSON.parse(value) : value;
    default:
      return JsonDuckDBValueConverter(value, type, converter);
  }
};

function integerAsPlainValue(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function isTimestampWithMicros(value: DuckDBValue): value is DuckDBValue & { micros: bigint; isFinite: boolean } {
  return typeof value === 'object' && value !== null && 'micros' in value && 'isFinite' in value && value.isFinite === true;
}
