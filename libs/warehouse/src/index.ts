export * from './warehouse.interface';
export * from './warehouse.errors';
export * from './warehouse.factory';
export * from './tables';
export * from './schema/schema-drift.builder';
export { DuckDBWarehouse } from './duckdb/duckdb.warehouse';
export type { DuckDBWarehouseOptions } from './duckdb/duckdb.warehouse';
export { BigQueryWarehouse } from './bigquery/bigquery.warehouse';
export type { BigQueryWarehouseOptions } from './bigquery/bigquery.warehouse';
export type { RetryPolicy } from './bigquery/concurrent-update.retry';
export {
  bigQueryCreateSchemaSql,
  bigQueryCreateTableSql,
  bigQueryTableOptions,
  datasetsToCreate,
  duckDbCreateTableSql,
  duckDbMigrationSql,
} from './ddl/table-ddl.generator';
export { PartitionFilterGuard } from './sql/partition-filter.guard';
