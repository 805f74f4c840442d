/** Every dataset the platform writes. The same names are DuckDB schemas and BigQuery datasets. */
export const DATASETS = [
  'nba_raw',
  'nba_analytics',
  'nba_precompute',
  'nba_predictions',
  'nba_orchestration',
] as const;
export type Dataset = (typeof DATASETS)[number];

/** Column types in BigQuery's vocabulary; each adapter maps them to its engine. */
export type ColumnType = 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'DATE' | 'TIMESTAMP' | 'JSON';

export interface ColumnDefinition {
  name: string;
  type: ColumnType;
  /** NOT NULL on both engines. Natural-key and partition columns are always required. */
  required?: boolean;
  description?: string;
}

export interface TableDefinition {
  dataset: Dataset;
  name: string;
  description: string;
  columns: ColumnDefinition[];
  /** Columns that identify a row; upserts MERGE on them. */
  naturalKey: string[];
  /** A DATE column. Queries against the table must filter on it (BigQuery enforces it too). */
  partitionColumn?: string;
  clusterBy?: string[];
}

export type QualifiedTableName = `${Dataset}.${string}`;

export function qualifiedName(table: TableDefinition): QualifiedTableName {
  return `${table.dataset}.${table.name}`;
}

/**
 * Declares a table once and checks the declaration itself, so a typo in a key or partition column
 * fails at import time rather than as a confusing SQL error in production.
 */
export function defineTable(definition: TableDefinition): TableDefinition {
  const columnNames = new Set(definition.columns.map((column) => column.name));
  const where = qualifiedName(definition);
  if (columnNames.size !== definition.columns.length) {
    throw new Error(`table ${where} declares a column twice`);
  }
  if (definition.naturalKey.length === 0) {
    throw new Error(`table ${where} has no natural key`);
  }
  const keyed = [...definition.naturalKey, ...(definition.partitionColumn ? [definition.partitionColumn] : [])];
  for (const name of [...keyed, ...(definition.clusterBy ?? [])]) {
    if (!columnNames.has(name)) throw new Error(`table ${where} names unknown column ${name}`);
  }
  if (definition.partitionColumn) {
    const partition = definition.columns.find((column) => column.name === definition.partitionColumn);
    if (partition?.type !== 'DATE') {
      throw new Error(`table ${where} partition column ${definition.partitionColumn} must be DATE`);
    }
  }
  const columns = definition.columns.map((column) =>
    keyed.includes(column.name) ? { ...column, required: true } : column,
  );
  return Object.freeze({ ...definition, columns });
}
