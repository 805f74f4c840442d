import { ALL_TABLES, bigQueryCreateSchemaSql, bigQueryCreateTableSql, datasetsToCreate, TableDefinition } from '@lib/warehouse';
import { ShellCommand } from '../shell/shell-command';
import { DeployTarget } from '../target/deploy-target';

function bqQuery(target: DeployTarget, sql: string): ShellCommand {
  return ['bq', `--project_id=${target.projectId}`, `--location=${target.bigQueryLocation}`, 'query', '--nouse_legacy_sql', sql];
}

/**
 * Datasets, then tables, from the warehouse's own table declarations (the DuckDB tables come from the
 * same ones). Every statement is CREATE … IF NOT EXISTS, so a re-run changes nothing.
 */
export function bigQueryCommands(target: DeployTarget, tables: readonly TableDefinition[] = ALL_TABLES): ShellCommand[] {
  return [
    ...datasetsToCreate(tables).map((dataset) => bqQuery(target, bigQueryCreateSchemaSql(dataset, target.bigQueryLocation))),
    ...tables.map((table) => bqQuery(target, bigQueryCreateTableSql(table))),
  ];
}
