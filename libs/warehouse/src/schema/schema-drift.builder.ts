import { ColumnDefinition, ColumnType, qualifiedName, TableDefinition } from '../tables/table-definition';

/** A column as the warehouse reports it, its type already in the declarations' vocabulary when known. */
export interface WarehouseColumn {
  name: string;
  type: string;
}

export type SchemaDriftKind = 'missing_table' | 'missing_column' | 'retyped_column' | 'undeclared_column';

/**
 * One difference between a table's declaration and the warehouse. migrate() creates missing tables and
 * adds missing columns; it never drops an undeclared column and never retypes one (that is an error).
 */
export interface SchemaDrift {
  table: string;
  kind: SchemaDriftKind;
  column?: string;
  declared?: ColumnType;
  actual?: string;
}

// BigQuery's API reports the legacy names of some types.
const BIGQUERY_TYPE_NAMES: Record<string, ColumnType> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL' };
// DuckDB's information_schema spells the types as DuckDB does (table-ddl.generator maps them there).
const DUCKDB_TYPE_NAMES: Record<string, ColumnType> = {
  VARCHAR: 'STRING',
  BIGINT: 'INT64',
  DOUBLE: 'FLOAT64',
  BOOLEAN: 'BOOL',
  DATE: 'DATE',
  'TIMESTAMP WITH TIME ZONE': 'TIMESTAMP',
  JSON: 'JSON',
};

export function columnTypeFromBigQuery(type: string): string {
  const upper = type.toUpperCase();
  return BIGQUERY_TYPE_NAMES[upper] ?? upper;
}

export function columnTypeFromDuckDb(type: string): string {
  const upper = type.toUpperCase();
  return DUCKDB_TYPE_NAMES[upper] ?? upper;
}

/** The table's drift; `actual` null means the table does not exist. */
export function compareTableSchema(table: TableDefinition, actual: readonly WarehouseColumn[] | null): SchemaDrift[] {
  const name = qualifiedName(table);
  if (actual === null) return [{ table: name, kind: 'missing_table' }];
  const actualByName = new Map(actual.map((column) => [column.name.toLowerCase(), column]));
  const declaredNames = new Set(table.columns.map((column) => column.name.toLowerCase()));
  const drift: SchemaDrift[] = [];
  for (const column of table.columns) {
    const found = actualByName.get(column.name.toLowerCase());
    if (!found) drift.push({ table: name, kind: 'missing_column', column: column.name, declared: column.type });
    else if (found.type !== column.type) drift.push({ table: name, kind: 'retyped_column', column: column.name, declared: column.type, actual: found.type });
  }
  for (const column of actual) {
    if (!declaredNames.has(column.name.toLowerCase())) drift.push({ table: name, kind: 'undeclared_column', column: column.name, actual: column.type });
  }
  return drift;
}

/** The declared columns migrate() adds to an existing table (always nullable: existing rows have no value). */
export function columnsToAdd(table: TableDefinition, drift: readonly SchemaDrift[]): ColumnDefinition[] {
  const missing = new Set(drift.filter((entry) => entry.table === qualifiedName(table) && entry.kind === 'missing_column').map((entry) => entry.column));
  return table.columns.filter((column) => missing.has(column.name));
}

export function describeSchemaDrift(entry: SchemaDrift): string {
  switch (entry.kind) {
    case 'missing_table':
      return `${entry.table}: table is declared but does not exist`;
    case 'missing_column':
      return `${entry.table}.${entry.column}: column is declared (${entry.declared}) but missing`;
    case 'retyped_column':
      return `${entry.table}.${entry.column}: declared ${entry.declared}, the warehouse has ${entry.actual}`;
    case 'undeclared_column':
      return `${entry.table}.${entry.column}: column (${entry.actual}) exists but is not declared`;
  }
}

/** migrate() refuses to retype: the error names every table and column concerned. */
export class SchemaRetypeError extends Error {
  constructor(readonly drift: readonly SchemaDrift[]) {
    super(
      `migrate never retypes a column; change the declaration back or migrate the data by hand: ${drift.map(describeSchemaDrift).join('; ')}`,
    );
    this.name = 'SchemaRetypeError';
  }
}

export function refuseRetypes(drift: readonly SchemaDrift[]): void {
  const retyped = drift.filter((entry) => entry.kind === 'retyped_column');
  if (retyped.length > 0) throw new SchemaRetypeError(retyped);
}
