import { ColumnType } from '../tables/table-definition';
import { describeAccepted, describeValue, toWireValue, WireValue } from '../rows/wire-value.converter';
import { QueryParamType, QueryParams, QueryValue } from '../warehouse.interface';
import { QueryParameterError } from '../warehouse.errors';
import { rewriteSqlCode, scanSql } from './sql-text.scanner';
import { memoizedBySqlText } from './sql-text.memo';

// `@@name` is a BigQuery system variable, not a parameter.
const PARAMETER = /(?<!@)@([A-Za-z_][A-Za-z0-9_]*)/g;
// BigQuery's array-membership idiom; DuckDB has no `IN UNNEST(…)`, only `IN (SELECT UNNEST(…))`.
const IN_UNNEST_PARAMETER = /\bIN\s+UNNEST\s*\(\s*@([A-Za-z_][A-Za-z0-9_]*)\s*\)/gi;

const parameterNames = memoizedBySqlText((sql): readonly string[] => {
  const names = new Set<string>();
  for (const segment of scanSql(sql)) {
    if (segment.kind !== 'code') continue;
    for (const match of segment.text.matchAll(PARAMETER)) names.add(match[1]);
  }
  return [...names];
});

/** Distinct parameter names the SQL uses, in order of first use; `@` inside literals and comments does not count. */
export function referencedParameters(sql: string): string[] {
  return [...parameterNames(sql)];
}

/**
 * The SQL as DuckDB reads it: `@name` → `$name`, and `IN UNNEST(@ids)` → `IN (SELECT UNNEST($ids))`.
 * SQL is written once, in BigQuery's dialect; this is the only translation DuckDB gets.
 */
export const toDuckDbSql = memoizedBySqlText((sql) =>
  rewriteSqlCode(sql, (code) => code.replace(IN_UNNEST_PARAMETER, 'IN (SELECT UNNEST(@$1))').replace(PARAMETER, '$$$1')),
);

/** A parameter the SQL uses, typed (declared, else inferred) and converted to wire values. */
export type BoundParameter =
  | { name: string; isArray: false; type: ColumnType; value: WireValue }
  | { name: string; isArray: true; /** The element type. */ type: ColumnType; value: WireValue[] };

/**
 * The parameters the SQL actually uses, each typed and converted to wire values, identically for
 * both engines. A missing or unconvertible value fails here with the parameter's name; values the
 * SQL does not use are left out (DuckDB refuses to bind them).
 */
export function bindParameters(
  sql: string,
  params: QueryParams = {},
  types: Record<string, QueryParamType> = {},
): BoundParameter[] {
  return parameterNames(sql).map((name): BoundParameter => {
    const value = params[name];
    if (value === undefined) {
      throw new QueryParameterError(name, 'is used in the SQL but has no value (pass null for NULL)', sql);
    }
    const declared = types[name] ?? inferParameterType(value);
    const type = Array.isArray(declared) ? declared[0] : declared;
    const convert = (item: unknown): WireValue => {
      const converted = item === null ? undefined : toWireValue(item, type);
      if (converted === undefined) {
        throw new QueryParameterError(name, `expects ${describeAccepted(type)}, got ${describeValue(item)}`, sql);
      }
      return converted;
    };
    if (Array.isArray(declared) !== Array.isArray(value)) {
      throw new QueryParameterError(name, `is ${describeValue(value)} but its type is ${JSON.stringify(declared)}`, sql);
    }
    if (Array.isArray(value)) return { name, isArray: true, type, value: value.map(convert) };
    return { name, isArray: false, type, value: value === null ? null : convert(value) };
  });
}

/**
 * string → STRING, safe integer → INT64, other number → FLOAT64, boolean → BOOL, Date → TIMESTAMP;
 * arrays by their elements (any fraction makes FLOAT64). Null and [] are STRING: declare others.
 */
export function inferParameterType(value: QueryValue): QueryParamType {
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    if (items.length > 0 && items.every((item) => typeof item === 'number')) {
      return [items.every((item) => Number.isSafeInteger(item)) ? 'INT64' : 'FLOAT64'];
    }
    return [items.length > 0 ? scalarType(items[0]) : 'STRING'];
  }
  return scalarType(value);
}

function scalarType(value: unknown): ColumnType {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'INT64' : 'FLOAT64';
  if (typeof value === 'boolean') return 'BOOL';
  if (value instanceof Date) return 'TIMESTAMP';
  return 'STRING';
}
