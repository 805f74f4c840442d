import { QueryParamType, QueryParams, QueryValue } from '../warehouse.interface';
import { QueryParameterError } from '../warehouse.errors';
import { rewriteSqlCode, scanSql } from './sql-text.scanner';

// `@@name` is a BigQuery system variable, not a parameter.
const PARAMETER = /(?<!@)@([A-Za-z_][A-Za-z0-9_]*)/g;
// BigQuery's array-membership idiom; DuckDB has no `IN UNNEST(…)`, only `IN (SELECT UNNEST(…))`.
const IN_UNNEST_PARAMETER = /\bIN\s+UNNEST\s*\(\s*@([A-Za-z_][A-Za-z0-9_]*)\s*\)/gi;

/** Distinct parameter names the SQL uses, in order of first use; `@` inside literals and comments does not count. */
export function referencedParameters(sql: string): string[] {
  const names = new Set<string>();
  for (const segment of scanSql(sql)) {
    if (segment.kind !== 'code') continue;
    for (const match of segment.text.matchAll(PARAMETER)) names.add(match[1]);
  }
  return [...names];
}

/**
 * The SQL as DuckDB reads it: `@name` → `$name`, and `IN UNNEST(@ids)` → `IN (SELECT UNNEST($ids))`.
 * SQL is written once, in BigQuery's dialect; this is the only translation DuckDB gets.
 */
export function toDuckDbSql(sql: string): string {
  return rewriteSqlCode(sql, (code) =>
    code.replace(IN_UNNEST_PARAMETER, 'IN (SELECT UNNEST(@$1))').replace(PARAMETER, '$$$1'),
  );
}

export interface BoundParameter {
  name: string;
  value: QueryValue;
  /** Declared by the caller, or undefined when the value itself must say. */
  type?: QueryParamType;
}

/**
 * The parameters the SQL actually uses, each with its value and declared type. A missing value
 * fails here with the parameter's name; values the SQL does not use are left out (DuckDB rejects
 * binding them).
 */
export function bindParameters(
  sql: string,
  params: QueryParams = {},
  types: Record<string, QueryParamType> = {},
): BoundParameter[] {
  return referencedParameters(sql).map((name) => {
    const value = params[name];
    if (value === undefined) {
      throw new QueryParameterError(name, 'is used in the SQL but has no value (pass null for NULL)', sql);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new QueryParameterError(name, `is ${value}, which neither engine binds`, sql);
    }
    if (value instanceof Date && Number.isNaN(value.getTime())) {
      throw new QueryParameterError(name, 'is an invalid Date', sql);
    }
    return { name, value, type: types[name] };
  });
}
