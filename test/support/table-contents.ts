import { qualifiedName, Row, TableDefinition, Warehouse } from '@lib/warehouse';

/** Columns that name a run or the moment it happened: they differ between any two runs of the same input. */
const RUN_SPECIFIC = new Set(['superseded_at', 'run_id', 'scrape_run_id', 'source_path', 'fetched_at', 'processed_at', 'loaded_at', 'created_at', 'updated_at', 'graded_at', 'predicted_at', 'correlation_id']);

/** A table's rows without the run-specific columns (active rows only where it keeps history), in a fixed order: what two runs must agree on. */
export async function tableContents(warehouse: Warehouse, table: TableDefinition): Promise<Row[]> {
  const columns = table.columns.map((column) => column.name).filter((name) => !RUN_SPECIFIC.has(name));
  const filters = [
    ...(table.partitionColumn ? [`${table.partitionColumn} BETWEEN @from AND @to`] : []),
    ...(table.columns.some((column) => column.name === 'is_active') ? ['is_active'] : []),
  ];
  const where = filters.length > 0 ? `WHERE ${filters.join(' AND ')}` : '';
  const list = columns.map((name) => `"${name}"`).join(', ');
  return warehouse.query(`SELECT ${list} FROM ${qualifiedName(table)} ${where} ORDER BY ${list}`, { from: '2025-10-01', to: '2026-02-01' });
}

/** tableContents of each table, by qualified name. */
export async function contentsOf(warehouse: Warehouse, tables: readonly TableDefinition[]): Promise<Map<string, Row[]>> {
  const result = new Map<string, Row[]>();
  for (const table of tables) result.set(qualifiedName(table), await tableContents(warehouse, table));
  return result;
}
