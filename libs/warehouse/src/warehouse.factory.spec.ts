import { BigQueryWarehouse } from './bigquery/bigquery.warehouse';
import { DuckDBWarehouse } from './duckdb/duckdb.warehouse';
import { createWarehouse } from './warehouse.factory';

describe('createWarehouse', () => {
  it('builds the DuckDB adapter without opening the file yet', async () => {
    const warehouse = createWarehouse({ engine: 'duckdb', path: '/nonexistent/dir/warehouse.duckdb', readOnly: true });
    expect(warehouse).toBeInstanceOf(DuckDBWarehouse);
    expect(warehouse.engine).toBe('duckdb');
    await warehouse.close();
  });

  it('builds the BigQuery adapter for a project and location', () => {
    const warehouse = createWarehouse({ engine: 'bigquery', projectId: 'p', location: 'US' });
    expect(warehouse).toBeInstanceOf(BigQueryWarehouse);
    expect(warehouse.engine).toBe('bigquery');
  });
});
