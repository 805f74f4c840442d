import 'reflect-metadata';
import { loadPlatformConfig } from '@lib/platform';
import { ALL_TABLES, createWarehouse } from '@lib/warehouse';
import { findRunningCluster } from '../cluster/cluster-client';
import { assertReadOnlySql } from './read-only-sql';
import { formatRowsAsTable } from './result-table';

const USAGE = 'usage: npm run query -- "SELECT …" [--json]';

/** `npm run query`: a read-only query on the configured warehouse, through a running cluster if there is one. */
async function main(argv: string[]): Promise<number> {
  const asJson = argv.includes('--json');
  const sqlParts = argv.filter((arg) => arg !== '--json');
  if (sqlParts.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const sql = assertReadOnlySql(sqlParts[0]);
  const config = loadPlatformConfig();
  const cluster = config.WAREHOUSE_ENGINE === 'duckdb' ? await findRunningCluster(config, (message) => process.stderr.write(`${message}\n`)) : undefined;
  let rows;
  if (cluster) {
    rows = await cluster.query(sql);
  } else {
    const warehouse =
      config.WAREHOUSE_ENGINE === 'bigquery'
        ? createWarehouse({ engine: 'bigquery', projectId: config.GCP_PROJECT!, location: config.BIGQUERY_LOCATION })
        : createWarehouse({ engine: 'duckdb', path: config.duckdbPath, readOnly: true, tables: ALL_TABLES });
    try {
      rows = await warehouse.query(sql);
    } finally {
      await warehouse.close();
    }
  }
  process.stdout.write(`${asJson ? JSON.stringify(rows, null, 2) : formatRowsAsTable(rows)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`query failed: ${error.message}\n`);
    process.exit(1);
  },
);
