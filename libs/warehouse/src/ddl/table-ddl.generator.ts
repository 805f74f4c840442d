import type { TableField, TableMetadata } from '@google-cloud/bigquery';
import { ColumnDefinition, ColumnType, Dataset, DATASETS, qualifiedName, TableDefinition } from '../tables/table-definition';

/**
 * The one place a TableDefinition becomes engine DDL. Table shapes live only in the definitions;
 * both engines' tables, and the upsert staging tables, are generated from them here.
 */

const DUCKDB_COLUMN_TYPES: Record<ColumnType, string> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMPTZ',
  JSON: 'JSON',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names reach SQL text unescaped-by-value, so only plain identifiers are allowed through. */
export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" is not a plain SQL identifier`);
  return name;
}

function assertTableIdentifiers(table: TableDefinition): void {
  const where = qualifiedName(table);
  assertIdentifier(table.dataset, `dataset of ${where}`);
  assertIdentifier(table.name, `table name of ${where}`);
  for (const column of table.columns) assertIdentifier(column.name, `column of ${where}`);
}

export function duckDbColumnType(type: ColumnType): string {
  return DUCKDB_COLUMN_TYPES[type];
}

/**
 * Every platform dataset, then any other dataset the tables name. All are created even when no table
 * of theirs is migrated yet: upserts stage in nba_orchestration whatever table they write.
 */
export function datasetsToCreate(tables: readonly TableDefinition[]): Dataset[] {
  return [...new Set<Dataset>([...DATASETS, ...tables.map((table) => table.dataset)])];
}

export function duckDbCreateSchemaSql(dataset: Dataset): string {
  return `CREATE SCHEMA IF NOT EXISTS ${assertIdentifier(dataset, 'dataset')}`;
}

/**
 * CREATE TABLE IF NOT EXISTS for the table, or CREATE OR REPLACE TEMP TABLE of the same shape under
 * `temporaryName` (the upsert staging table).
 *
 * No PRIMARY KEY: BigQuery cannot enforce one, and keeping the natural key enforced by MERGE alone
 * means both engines accept and refuse exactly the same writes.
 */
export function duckDbCreateTableSql(table: TableDefinition, options: { temporaryName?: string } = {}): string {
  assertTableIdentifiers(table);
  const columns = table.columns
    .map((column) => `  "${column.name}" ${duckDbColumnType(column.type)}${column.required ? ' NOT NULL' : ''}`)
    .join(',\n');
  const head = options.temporaryName
    ? `CREATE OR REPLACE TEMP TABLE ${assertIdentifier(options.temporaryName, 'staging table name')}`
    : `CREATE TABLE IF NOT EXISTS ${qualifiedName(table)}`;
  return `${head} (\n${columns}\n)`;
}

/** Every statement creating the datasets as schemas and then the tables; each is idempotent. */
export function duckDbMigrationSql(tables: readonly TableDefinition[]): string[] {
  return [...datasetsToCreate(tables).map(duckDbCreateSchemaSql), ...tables.map((table) => duckDbCreateTableSql(table))];
}

/** ALTER TABLE … ADD COLUMN for a declared column an existing table lacks: nullable, since its rows have no value. */
export function duckDbAddColumnSql(table: TableDefinition, column: ColumnDefinition): string {
  assertTableIdentifiers(table);
  return `ALTER TABLE ${qualifiedName(table)} ADD COLUMN IF NOT EXISTS "${column.name}" ${duckDbColumnType(column.type)}`;
}

/**
 * The schema to PATCH onto an existing BigQuery table: its own fields untouched and in order, then the
 * missing declared columns, NULLABLE (BigQuery adds no REQUIRED column to a table that has rows).
 */
export function bigQuerySchemaWithAddedColumns(existing: readonly TableField[], table: TableDefinition, added: readonly ColumnDefinition[]): TableField[] {
  const declared = bigQuerySchemaFields(table);
  const additions = added.map((column) => ({ ...declared.find((field) => field.name === column.name)!, mode: 'NULLABLE' }));
  return [...existing, ...additions];
}

export function bigQuerySchemaFields(table: TableDefinition): TableField[] {
  assertTableIdentifiers(table);
  return table.columns.map((column) => ({
    name: column.name,
    type: column.type,
    mode: column.required ? 'REQUIRED' : 'NULLABLE',
    ...(column.description ? { description: column.description } : {}),
  }));
}

/** The table resource for `datasets.tables.insert`: schema, partitioning (filter required), clustering. */
export function bigQueryTableOptions(table: TableDefinition): TableMetadata {
  return {
    description: table.description,
    schema: { fields: bigQuerySchemaFields(table) },
    ...(table.partitionColumn
      ? { timePartitioning: { type: 'DAY', field: table.partitionColumn }, requirePartitionFilter: true }
      : {}),
    ...(table.clusterBy?.length ? { clustering: { fields: [...table.clusterBy] } } : {}),
  };
}

/** A GoogleSQL string literal; descriptions are free text, so quotes and backslashes are escaped. */
function bigQueryStringLiteral(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function bigQueryCreateSchemaSql(dataset: Dataset, location: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${assertIdentifier(dataset, 'dataset')} OPTIONS(location=${bigQueryStringLiteral(location)})`;
}

/**
 * The same table resource as bigQueryTableOptions(), as one idempotent DDL statement (for `bq query`
 * in the deploy scripts): NOT NULL for REQUIRED, day partitioning with a required filter, clustering.
 */
export function bigQueryCreateTableSql(table: TableDefinition): string {
  const options = bigQueryTableOptions(table);
  const columns = (options.schema?.fields ?? []).map((field) => {
    const description = field.description ? ` OPTIONS(description=${bigQueryStringLiteral(field.description)})` : '';
    return `${field.name} ${field.type}${field.mode === 'REQUIRED' ? ' NOT NULL' : ''}${description}`;
  });
  const partition = options.timePartitioning?.field ? ` PARTITION BY ${options.timePartitioning.field}` : '';
  const cluster = options.clustering?.fields?.length ? ` CLUSTER BY ${options.clustering.fields.join(', ')}` : '';
  const tableOptions = [
    ...(options.description ? [`description=${bigQueryStringLiteral(options.description)}`] : []),
    ...(options.requirePartitionFilter ? ['require_partition_filter=TRUE'] : []),
  ];
  const optionsClause = tableOptions.length > 0 ? ` OPTIONS(${tableOptions.join(', ')})` : '';
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(table)} (${columns.join(', ')})${partition}${cluster}${optionsClause}`;
}
