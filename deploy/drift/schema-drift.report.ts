import fs from 'node:fs';
import { loadPlatformConfig, warehouseFromConfig } from '@lib/platform';
import { ALL_TABLES, describeSchemaDrift, SchemaDrift } from '@lib/warehouse';
import { findRunningCluster } from '../../tools/cluster/cluster-client';

export interface SchemaDriftReport {
  /** Where the schema was read: the running cluster, the DuckDB file, or the BigQuery project. */
  source: string;
  drift: SchemaDrift[];
}

/** Drift migrate() would fix (a missing table or column) or refuses (a retyped column); an undeclared column is only listed. */
export function schemaDriftFails(drift: readonly SchemaDrift[]): boolean {
  return drift.some((entry) => entry.kind !== 'undeclared_column');
}

export function formatSchemaDriftReport(report: SchemaDriftReport): string {
  const lines = [`schema of ${report.source} against the ${ALL_TABLES.length} declared tables:`];
  if (report.drift.length === 0) return `${lines[0]} no drift`;
  const hint: Record<SchemaDrift['kind'], string> = {
    missing_table: 'migrate creates it',
    missing_column: 'migrate adds it, nullable',
    retyped_column: 'migrate refuses: a person must decide',
    undeclared_column: 'kept; never dropped',
  };
  for (const entry of report.drift) lines.push(`  ${describeSchemaDrift(entry)} (${hint[entry.kind]})`);
  lines.push(schemaDriftFails(report.drift) ? 'SCHEMA DRIFT: the warehouse differs from the declarations' : 'no schema drift to act on (undeclared columns only)');
  return lines.join('\n');
}

/**
 * Reads the configured warehouse's schema (read-only): through the running local cluster when there
 * is one (it holds the DuckDB file), else by opening the warehouse itself.
 */
export async function readSchemaDrift(env: NodeJS.ProcessEnv): Promise<SchemaDriftReport> {
  const config = loadPlatformConfig(env);
  const cluster = config.WAREHOUSE_ENGINE === 'duckdb' ? await findRunningCluster(config, (message) => process.stderr.write(`${message}\n`)) : undefined;
  if (cluster) return { source: `the local cluster's warehouse (${config.duckdbPath})`, drift: await cluster.schemaDrift() };
  if (config.WAREHOUSE_ENGINE === 'duckdb' && !fs.existsSync(config.duckdbPath)) {
    return { source: `${config.duckdbPath} (not created yet)`, drift: ALL_TABLES.map((table) => ({ table: `${table.dataset}.${table.name}`, kind: 'missing_table' as const })) };
  }
  const warehouse = warehouseFromConfig(config, { readOnly: true });
  try {
    const source = config.WAREHOUSE_ENGINE === 'bigquery' ? `BigQuery project ${config.GCP_PROJECT}` : config.duckdbPath;
    return { source, drift: await warehouse.schemaDrift(ALL_TABLES) };
  } finally {
    await warehouse.close();
  }
}
