import { ALL_TABLES, qualifiedName, Warehouse } from '@lib/warehouse';

/** Rows in every declared table, in one query: what a refused request must leave unchanged. */
export async function rowCountsOfEveryTable(warehouse: Warehouse): Promise<Record<string, number>> {
  const sql = ALL_TABLES.map((table) => {
    const everyPartition = table.partitionColumn ? ` WHERE ${table.partitionColumn} IS NULL OR ${table.partitionColumn} IS NOT NULL` : '';
    return `SELECT '${qualifiedName(table)}' AS name, count(*) AS count_of_rows FROM ${qualifiedName(table)}${everyPartition}`;
  }).join(' UNION ALL ');
  const rows = await warehouse.query<{ name: string; count_of_rows: number }>(sql);
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.count_of_rows)]));
}
