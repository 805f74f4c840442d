import { SchemaDrift } from './schema/schema-drift.builder';
import { ColumnType, TableDefinition } from './tables/table-definition';

/** A value bound to a named query parameter (`@name` in SQL, on both engines). */
export type QueryValue = string | number | boolean | null | Date | string[] | number[];
export type QueryParams = Record<string, QueryValue>;
/** A row as the platform passes it around: column name → value. DATE columns are 'YYYY-MM-DD' strings. */
export type Row = Record<string, unknown>;

/** A parameter's declared type: a column type, or `[type]` for an array of it. */
export type QueryParamType = ColumnType | [ColumnType];

export interface QueryOptions {
  /**
   * Types for parameters whose value cannot tell: a null, an empty array, an array of dates.
   * Undeclared nulls and empty arrays are STRING, on both engines.
   */
  types?: Record<string, QueryParamType>;
}

/** Caps on one operator-supplied read (`npm run query`, the operator endpoint). */
export interface ReadOnlyQueryOptions {
  /** Rows returned at most; the answer says when more were there. */
  maxRows: number;
  /** The statement is interrupted (DuckDB) or cancelled (BigQuery) after this long. */
  timeoutMs: number;
  /** Named parameters (`@name`), bound by the engine, never spliced into the SQL. */
  params?: QueryParams;
}

export interface ReadOnlyQueryResult {
  rows: Row[];
  /** True when the statement had more than `maxRows` rows and only the first `maxRows` are here. */
  truncated: boolean;
}

export interface UpsertResult {
  table: string;
  /** Rows handed in (after de-duplication on the natural key). */
  rowsStaged: number;
}

export interface InsertIfAbsentResult {
  /** True when this call created the row; false when a row with that natural key already existed. */
  inserted: boolean;
}

/**
 * The one storage interface for tables. BigQuery in production, DuckDB on a newcomer's machine.
 * SQL passed to `query` uses table names `dataset.table` and named parameters `@name`.
 */
export interface Warehouse {
  readonly engine: 'duckdb' | 'bigquery';
  /**
   * Creates every dataset and every declared table that does not exist yet, and adds to an existing
   * table the declared columns it lacks (nullable). Never drops a column and never retypes one: a
   * column whose type differs from its declaration is a SchemaRetypeError naming table and column.
   * Safe to run twice.
   */
  migrate(tables: readonly TableDefinition[]): Promise<void>;
  /** How the warehouse differs from the declarations: missing tables and columns, retyped and undeclared columns. Reads only. */
  schemaDrift(tables: readonly TableDefinition[]): Promise<SchemaDrift[]>;
  /**
   * Runs one parameterized statement and returns its rows as plain JSON-safe objects.
   * Array parameters are written `col IN UNNEST(@ids)` on both engines.
   * Refuses SQL that reads a partitioned table without naming its partition column in a WHERE/ON clause.
   */
  query<T extends Row = Row>(sql: string, params?: QueryParams, options?: QueryOptions): Promise<T[]>;
  /**
   * Runs SQL typed by a person, which must be exactly one read. The engine's own parser decides:
   * DuckDB parses it (json_serialize_sql, the prepared statement's type) and runs it in a READ ONLY
   * transaction on an instance without file, URL or extension access; BigQuery dry-runs it and
   * accepts only statement type SELECT. Anything else throws ReadOnlyQueryRefusedError naming why.
   */
  queryReadOnly(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult>;
  /** MERGE rows into the table on its natural key: the same rows twice leave the same table. */
  upsert(table: TableDefinition, rows: readonly Row[]): Promise<UpsertResult>;
  /** Inserts the row only if no row has its natural key: the first writer wins. */
  insertIfAbsent(table: TableDefinition, row: Row): Promise<InsertIfAbsentResult>;
  /** Cheap round trip used by readiness probes. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const WAREHOUSE = Symbol('WAREHOUSE');
