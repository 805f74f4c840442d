import fs from 'node:fs';
import { PlatformConfig, warehouseFromConfig } from '@lib/platform';
import { ReadOnlyQueryResult } from '@lib/warehouse';
import { findRunningCluster } from '../cluster/cluster-client';

export interface QueryResult extends ReadOnlyQueryResult {
  via: 'running-cluster' | 'warehouse';
}

/**
 * Runs one read statement: through the running local cluster when there is one (it holds the DuckDB
 * file for writing), otherwise on the warehouse directly, DuckDB opened read-only. Either way the
 * warehouse's own parser decides it is a single SELECT (see Warehouse.queryReadOnly).
 */
export async function runReadOnlyQuery(sql: string, config: PlatformConfig, warn: (message: string) => void): Promise<QueryResult> {
  if (config.WAREHOUSE_ENGINE === 'duckdb') {
    const cluster = await findRunningCluster(config, warn);
    if (cluster) return { ...(await cluster.query(sql)), via: 'running-cluster' };
    if (!fs.existsSync(config.duckdbPath)) {
      throw new Error(`no warehouse at ${config.duckdbPath} yet: run \`npm run pipeline -- --date YYYY-MM-DD\` or \`npm start\` first`);
    }
  }
  const warehouse = warehouseFromConfig(config, { readOnly: true });
  try {
    const limits = { maxRows: config.OPERATOR_QUERY_MAX_ROWS, timeoutMs: config.OPERATOR_QUERY_TIMEOUT_MS };
    return { ...(await warehouse.queryReadOnly(sql, limits)), via: 'warehouse' };
  } finally {
    await warehouse.close();
  }
}
