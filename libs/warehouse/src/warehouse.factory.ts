import { BigQueryWarehouse, BigQueryWarehouseOptions } from './bigquery/bigquery.warehouse';
import { DuckDBWarehouse, DuckDBWarehouseOptions } from './duckdb/duckdb.warehouse';
import { Warehouse } from './warehouse.interface';

export type WarehouseOptions =
  | ({ engine: 'duckdb' } & DuckDBWarehouseOptions)
  | ({ engine: 'bigquery' } & BigQueryWarehouseOptions);

/**
 * The warehouse for the configured engine. Nothing is opened here: DuckDB opens its file on first
 * use, so configuration errors surface at migrate() or the first ping().
 */
export function createWarehouse(options: WarehouseOptions): Warehouse {
  switch (options.engine) {
    case 'duckdb': {
      const { engine: _engine, ...duckdb } = options;
      return new DuckDBWarehouse(duckdb);
    }
    case 'bigquery': {
      const { engine: _engine, ...bigquery } = options;
      return new BigQueryWarehouse(bigquery);
    }
  }
}
