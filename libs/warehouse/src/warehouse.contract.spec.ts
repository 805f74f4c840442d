import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBWarehouse } from './duckdb/duckdb.warehouse';
import { describeWarehouseContract } from './testing/warehouse.contract';

let root: string;
let databaseCount = 0;
let lastPath = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'warehouse-contract-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeWarehouseContract('DuckDB', {
  async open() {
    databaseCount += 1;
    lastPath = join(root, `db-${databaseCount}`, 'warehouse.duckdb');
    return new DuckDBWarehouse({ path: lastPath });
  },
  async reopenReadOnly() {
    return new DuckDBWarehouse({ path: lastPath, readOnly: true });
  },
});
