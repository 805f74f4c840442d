import {
  BIGINT,
  BOOLEAN,
  DATE,
  DOUBLE,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBResult,
  DuckDBResultReader,
  DuckDBTimestampTZValue,
  DuckDBType,
  DuckDBTypeId,
  DuckDBValue,
  DuckDBValueConverter,
  Json,
  JsonDuckDBValueConverter,
  LIST,
  listValue,
  TIMESTAMPTZ,
  VARCHAR,
} from '@duckdb/node-api';
import { ColumnType } from '../tables/table-definition';
import { WireValue } from '../rows/wire-value.converter';
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

/** The DuckDB value of a wire value of the type; wire values are valid by construction. */
export function wireToDuckDbValue(value: WireValue, type: ColumnType): DuckDBValue {
  if (value === null) return null;
  switch (type) {
    case 'STRING':
    case 'JSON':
    case 'FLOAT64':
    case 'BOOL':
      return value;
    case 'INT64':
      return BigInt(value);
    case 'DATE':
      return new DuckDBDateValue(Date.parse(`${String(value)}T00:00:00Z`) / MILLIS_PER_DAY);
    case 'TIMESTAMP':
      return new DuckDBTimestampTZValue(BigInt(Date.parse(String(value))) * 1000n);
  }
}

/** A bound parameter as DuckDB takes it: always with an explicit type, as BigQuery would see it. */
export function toDuckDbParameter(parameter: BoundParameter): { value: DuckDBValue; type: DuckDBType } {
  if (!parameter.isArray) return { value: wireToDuckDbValue(parameter.value, parameter.type), type: duckDbType(parameter.type) };
  const items = parameter.value.map((item) => wireToDuckDbValue(item, parameter.type));
  return { value: listValue(items), type: LIST(duckDbType(parameter.type)) };
}

/**
 * Result values as plain JSON-safe JS: DATE 'YYYY-MM-DD', TIMESTAMP(TZ) an ISO-8601 UTC string
 * (millisecond precision), 64/128-bit integers a number when exactly representable else a decimal
 * string, DECIMAL a number. Everything else as DuckDB's JSON form gives it. JSON columns are parsed
 * afterwards by readPlainRows: values inside a chunk do not carry the column's JSON alias.
 */
export const plainResultConverter: DuckDBValueConverter<Json> = (value, type, converter) => {
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

/** The result's rows as plain objects, with JSON columns parsed into values. */
export async function readPlainRows(result: DuckDBResult | DuckDBResultReader): Promise<Record<string, Json>[]> {
  const rows = await result.convertRowObjects(plainResultConverter);
  const names = result.deduplicatedColumnNames();
  const jsonColumns = result.columnTypes().flatMap((type, index) => (type.alias === 'JSON' ? [names[index]] : []));
  for (const row of rows) {
    for (const column of jsonColumns) {
      const text = row[column];
      if (typeof text === 'string') row[column] = JSON.parse(text);
    }
  }
  return rows;
}
