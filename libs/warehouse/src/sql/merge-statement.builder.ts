import { ColumnType, qualifiedName, TableDefinition } from '../tables/table-definition';
import { assertIdentifier } from '../ddl/table-ddl.generator';
import { WireRow } from '../rows/row.preparer';
import { QueryParamType, QueryParams } from '../warehouse.interface';

/** What differs between the engines in the MERGE text; everything else is shared. */
export interface SqlDialect {
  quote(identifier: string): string;
  /** An expression reading the string/number/boolean parameter `@name` as a value of the column type. */
  castParameter(name: string, type: ColumnType): string;
  /**
   * A condition true when `column` is one of the dates in the array parameter `@parameter`. BigQuery
   * needs `IN UNNEST(…)` to prune partitions; DuckDB plans `IN (SELECT UNNEST(…))` as a join, where
   * `list_contains` is a plain filter (about a quarter of a small MERGE's CPU).
   */
  inDatesParameter(column: string, parameter: string): string;
}

/**
 * `upsert`: update every non-key column of a matching row, insert the others.
 * `insert-if-absent`: insert only when no row has the natural key (first writer wins).
 */
export type MergeMode = 'upsert' | 'insert-if-absent';

/** Bound to the distinct partition dates of the rows, so the MERGE reads only their partitions. */
export const PARTITION_DATES_PARAMETER = 'partition_dates';

export interface MergeStatement {
  sql: string;
  params: QueryParams;
  types: Record<string, QueryParamType>;
}

/**
 * MERGE of `source` (a table reference or a parenthesized SELECT with every column) into the table
 * on its natural key. For a partitioned table the ON clause also pins the existing rows' partition
 * column to the incoming dates as a constant array: that is what lets BigQuery prune partitions and
 * what satisfies requirePartitionFilter. A row whose natural key exists in a partition outside those
 * dates is not seen, so keys of partitioned tables are expected to determine their partition date.
 * The aliases are `existing`/`incoming` because `target`/`source` are keywords in parts of
 * BigQuery's MERGE grammar.
 */
export function buildMergeStatement(
  table: TableDefinition,
  source: string,
  mode: MergeMode,
  dialect: SqlDialect,
  partitionDates: readonly string[],
): MergeStatement {
  const column = columnQuoter(table, dialect);
  const { matchOn, params, types } = naturalKeyMatch(table, dialect, partitionDates);
  const names = table.columns.map((definition) => definition.name);
  const updatable = names.filter((name) => !table.naturalKey.includes(name));
  const clauses = [
    `MERGE INTO ${qualifiedName(table)} AS existing`,
    `USING ${source} AS incoming`,
    `ON ${matchOn.join(' AND ')}`,
  ];
  if (mode === 'upsert' && updatable.length > 0) {
    clauses.push(`WHEN MATCHED THEN UPDATE SET ${updatable.map((name) => `${column(name)} = incoming.${column(name)}`).join(', ')}`);
  }
  clauses.push(
    `WHEN NOT MATCHED THEN INSERT (${names.map(column).join(', ')}) ` +
      `VALUES (${names.map((name) => `incoming.${column(name)}`).join(', ')})`,
  );
  return { sql: clauses.join('\n'), params, types };
}

/**
 * The upsert of a source whose natural keys are distinct, as two statements to run in one
 * transaction: delete the rows that have the source's keys (matched as the MERGE matches them,
 * partition pinned), then insert every source row. The rows left are the MERGE upsert's (a matched
 * row has every column replaced, a row whose key is null is never matched); on DuckDB it costs about
 * half the MERGE's CPU for a staged batch.
 */
export function buildReplaceStatements(
  table: TableDefinition,
  source: string,
  dialect: SqlDialect,
  partitionDates: readonly string[],
): { deleteSql: string; insertSql: string; params: QueryParams; types: Record<string, QueryParamType> } {
  const column = columnQuoter(table, dialect);
  const { matchOn, params, types } = naturalKeyMatch(table, dialect, partitionDates);
  const names = table.columns.map((definition) => column(definition.name)).join(', ');
  return {
    deleteSql: `DELETE FROM ${qualifiedName(table)} AS existing\nUSING ${source} AS incoming\nWHERE ${matchOn.join(' AND ')}`,
    insertSql: `INSERT INTO ${qualifiedName(table)} (${names})\nSELECT ${names} FROM ${source}`,
    params,
    types,
  };
}

function columnQuoter(table: TableDefinition, dialect: SqlDialect): (name: string) => string {
  return (name) => dialect.quote(assertIdentifier(name, `column of ${qualifiedName(table)}`));
}

/** `existing` matches `incoming` on the natural key, existing rows pinned to the incoming partition dates. */
function naturalKeyMatch(table: TableDefinition, dialect: SqlDialect, partitionDates: readonly string[]) {
  const column = columnQuoter(table, dialect);
  const matchOn = table.naturalKey.map((key) => `existing.${column(key)} = incoming.${column(key)}`);
  const params: QueryParams = {};
  const types: Record<string, QueryParamType> = {};
  if (table.partitionColumn) {
    matchOn.push(dialect.inDatesParameter(`existing.${column(table.partitionColumn)}`, PARTITION_DATES_PARAMETER));
    params[PARTITION_DATES_PARAMETER] = [...partitionDates];
    types[PARTITION_DATES_PARAMETER] = ['DATE'];
  }
  return { matchOn, params, types };
}

/** A one-row source built from parameters, for writes too small to be worth a staging table. */
export function singleRowSource(table: TableDefinition, row: WireRow, dialect: SqlDialect): { source: string; params: QueryParams } {
  return rowsSource(table, [row], dialect);
}

/**
 * A source of a few rows built from parameters (one SELECT per row, UNION ALL), for writes too small
 * to be worth a staging table. The rows' keys must be distinct (a MERGE matches each target row once).
 */
export function rowsSource(table: TableDefinition, rows: readonly WireRow[], dialect: SqlDialect): { source: string; params: QueryParams } {
  const params: QueryParams = {};
  const selects = rows.map((row, index) => {
    const selected = table.columns.map((definition) => {
      // The first row keeps the one-row names, so a one-row MERGE reads as it always has.
      const parameter = index === 0 ? `row_${definition.name}` : `row${index}_${definition.name}`;
      params[parameter] = row[definition.name];
      return `${dialect.castParameter(parameter, definition.type)} AS ${dialect.quote(definition.name)}`;
    });
    return `SELECT ${selected.join(', ')}`;
  });
  return { source: `(${selects.join(' UNION ALL ')})`, params };
}
