import type { JobLoadMetadata, Query, TableMetadata } from '@google-cloud/bigquery';
import { bigQuerySchemaFields, bigQueryTableOptions } from '../ddl/table-ddl.generator';
import { WireRow } from '../rows/row.preparer';
import { WireValue } from '../rows/wire-value.converter';
import { SqlDialect } from '../sql/merge-statement.builder';
import { BoundParameter } from '../sql/named-parameters';
import { ColumnType, Dataset, qualifiedName, TableDefinition } from '../tables/table-definition';

/**
 * Everything the BigQuery adapter sends, built as plain data without a client or credentials, so
 * the requests themselves can be tested: SQL, parameters, job and table options, load payloads.
 */

export const BIGQUERY_DIALECT: SqlDialect = {
  quote: (identifier) => `\`${identifier}\``,
  // BigQuery cannot CAST a string to JSON; PARSE_JSON reads the JSON text.
  castParameter: (name, type) => (type === 'JSON' ? `PARSE_JSON(@${name})` : `CAST(@${name} AS ${type})`),
  inDatesParameter: (column, parameter) => `${column} IN UNNEST(@${parameter})`,
};

export const STAGING_DATASET: Dataset = 'nba_orchestration';
/** Staging tables expire on their own after this, in case the adapter dies between load and drop. */
export const STAGING_TABLE_TTL_MS = 60 * 60 * 1000;

/** What every query job carries besides its SQL: labels (who ran it, for billing) and a bytes cap. */
export interface QueryJobSettings {
  labels?: Record<string, string>;
  /** BigQuery fails a job that would bill more than this many bytes, instead of running it. */
  maximumBytesBilled?: number;
}

const LABEL_MAX_LENGTH = 63;

/**
 * Job labels as BigQuery accepts them: keys and values lower case letters, digits, '_' and '-', at
 * most 63 characters, keys starting with a letter; empty values are left out.
 */
export function bigQueryJobLabels(raw: Record<string, string | number | undefined>): Record<string, string> {
  const clean = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, LABEL_MAX_LENGTH);
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined || value === '') continue;
    const name = clean(key);
    if (!/^[a-z]/.test(name)) throw new Error(`BigQuery job label key ${JSON.stringify(key)} must start with a letter`);
    labels[name] = clean(String(value));
  }
  return labels;
}

/** Options for `createQueryJob`: every parameter with an explicit type, so nulls and empty arrays bind. */
export function buildQueryJobOptions(sql: string, parameters: readonly BoundParameter[], location: string, settings: QueryJobSettings = {}): Query {
  const options: Query = { query: sql, location, useLegacySql: false };
  if (settings.labels && Object.keys(settings.labels).length > 0) options.labels = settings.labels;
  if (settings.maximumBytesBilled !== undefined) options.maximumBytesBilled = String(settings.maximumBytesBilled);
  if (parameters.length === 0) return options;
  const params: Record<string, unknown> = {};
  const types: Record<string, string | string[]> = {};
  for (const parameter of parameters) {
    const { name, type } = parameter;
    params[name] = parameter.isArray ? parameter.value.map((item) => toClientValue(item, type)) : toClientValue(parameter.value, type);
    types[name] = parameter.isArray ? [type] : type;
  }
  return { ...options, params, types };
}

// Loaded on first use, not with the module: the DuckDB path (and every spec that only reaches it) never pays for the client.
const bigQueryClient = () => require('@google-cloud/bigquery') as typeof import('@google-cloud/bigquery');

/** The client sends DATE and TIMESTAMP parameter values only from its own wrapper objects. */
function toClientValue(value: WireValue, type: ColumnType): unknown {
  if (value === null) return null;
  if (type === 'DATE') return bigQueryClient().BigQuery.date(String(value));
  if (type === 'TIMESTAMP') return bigQueryClient().BigQuery.timestamp(String(value));
  return value;
}

/** A name no other upsert will pick: table, time and a random suffix. */
export function stagingTableId(table: TableDefinition, now: Date, randomSuffix: string): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 17);
  return `_staging_${table.dataset}_${table.name}_${stamp}_${randomSuffix}`;
}

/** The staging table: the target's columns, unpartitioned, expiring by itself. */
export function stagingTableOptions(table: TableDefinition, now: Date): TableMetadata {
  return {
    description: `Upsert staging for ${qualifiedName(table)}; dropped after the MERGE`,
    schema: bigQueryTableOptions(table).schema,
    expirationTime: String(now.getTime() + STAGING_TABLE_TTL_MS),
  };
}

/** The load job filling the staging table: a batch load, never the streaming insert API. */
export function stagingLoadMetadata(table: TableDefinition): JobLoadMetadata {
  return {
    sourceFormat: 'NEWLINE_DELIMITED_JSON',
    writeDisposition: 'WRITE_TRUNCATE',
    createDisposition: 'CREATE_NEVER',
    schema: { fields: bigQuerySchemaFields(table) },
  };
}

/** One JSON object per row; JSON columns inline as JSON values, INT64 as numbers when exact. */
export function toNewlineDelimitedJson(table: TableDefinition, rows: readonly WireRow[]): string {
  const lines = rows.map((row) => {
    const line: Record<string, unknown> = {};
    for (const column of table.columns) {
      const value = row[column.name];
      if (value === null) line[column.name] = null;
      else if (column.type === 'JSON') line[column.name] = JSON.parse(String(value));
      else if (column.type === 'INT64') line[column.name] = exactNumberOrText(String(value));
      else line[column.name] = value;
    }
    return JSON.stringify(line);
  });
  return `${lines.join('\n')}\n`;
}

function exactNumberOrText(integer: string): number | string {
  const number = Number(integer);
  return Number.isSafeInteger(number) ? number : integer;
}

/** Passed to getQueryResults: integers as numbers only when exact, JSON columns parsed. */
export const QUERY_RESULT_OPTIONS = {
  wrapIntegers: { integerTypeCastFunction: (value: string) => exactNumberOrText(value) },
  parseJSON: true,
};

/**
 * A result value as plain JSON-safe JS, matching the DuckDB adapter: DATE 'YYYY-MM-DD', TIMESTAMP an
 * ISO-8601 UTC string (millisecond precision), NUMERIC a number, BYTES base64.
 */
export function plainBigQueryValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const { BigQueryDate, BigQueryDatetime, BigQueryTime, BigQueryTimestamp, Geography } = bigQueryClient();
  if (value instanceof BigQueryTimestamp) return new Date(value.value).toISOString();
  if (value instanceof BigQueryDate || value instanceof BigQueryDatetime || value instanceof BigQueryTime) return value.value;
  if (value instanceof Geography) return value.value;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(plainBigQueryValue);
  if (typeof value === 'object') {
    // NUMERIC/BIGNUMERIC arrive as Big instances.
    if (value.constructor?.name === 'Big') return Number(String(value));
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plainBigQueryValue(inner)]));
  }
  return value;
}
