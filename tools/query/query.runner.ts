import fs from 'node:fs';
import { PlatformConfig, warehouseFromConfig } from '@lib/platform';
import { Row } from '@lib/warehouse';
import { findRunningCluster } from '../cluster/cluster-client';
import { assertReadOnlySql } from './read-only-sql';

export interface QueryResult {
  rows: Row[];
  via: 'running-cluster' | 'warehouse';
}

/**
 * Runs a read-only query: through the running local cluster when there is one (it holds the DuckDB
 * file for writing), otherwise on the warehouse directly, DuckDB opened read-only.
 */
export async function runReadOnlyQuery(sql: string, config: PlatformConfig, warn: (message: string) => void): Promise<QueryResult> {
  const statement = assertReadOnlySql(sql);
  if (config.WAREHOUSE_ENGINE === 'duckdb') {
    const cluster = await findRunningCluster(config, warn);
    if (cluster) return { rows: await cluster.query(statement), via: 'running-cluster' };
    if (!fs.existsSync(config.duckdbPath)) {
      throw new Error(`no warehouse at ${config.duckdbPath} yet: run \`npm run pipeline -- --date YYYY-MM-DD\` or \`npm start\` first`);
    }
  }
  const warehouse = warehouseFromConfig(config, { readOnly: true });
  try {
    return { rows: await warehouse.query(statement), via: 'warehouse' };
  } finally {
    await warehouse.close();
  }
}
