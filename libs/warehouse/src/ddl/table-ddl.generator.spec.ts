import { defineTable } from '../tables/table-definition';
import { deadLetterTable, phaseExecutionLogTable, processedMessagesTable } from '../tables';
import {
  bigQueryCreateSchemaSql,
  bigQueryCreateTableSql,
  bigQueryTableOptions,
  duckDbCreateTableSql,
  duckDbMigrationSql,
} from './table-ddl.generator';

describe('table DDL generation', () => {
  it('maps every column type to DuckDB and makes key and required columns NOT NULL', () => {
    expect(duckDbCreateTableSql(deadLetterTable)).toBe(
      [
        'CREATE TABLE IF NOT EXISTS nba_orchestration.dead_letter (',
        '  "message_id" VARCHAR NOT NULL,',
        '  "subscription" VARCHAR NOT NULL,',
        '  "topic" VARCHAR,',
        '  "service" VARCHAR,',
        '  "reason" VARCHAR NOT NULL,',
        '  "stage" VARCHAR NOT NULL,',
        '  "attempts" BIGINT,',
        '  "raw_data" VARCHAR,',
        '  "attributes" JSON,',
        '  "correlation_id" VARCHAR,',
        '  "dead_lettered_at" TIMESTAMPTZ NOT NULL,',
        '  "dead_lettered_date" DATE NOT NULL',
        ')',
      ].join('\n'),
    );
    expect(duckDbCreateTableSql(phaseExecutionLogTable)).toMatch(/"degraded" BOOLEAN NOT NULL/);
  });

  it('creates every platform schema once, before the tables', () => {
    expect(duckDbMigrationSql([deadLetterTable, processedMessagesTable]).map((sql) => sql.split(' (')[0])).toEqual([
      'CREATE SCHEMA IF NOT EXISTS nba_raw',
      'CREATE SCHEMA IF NOT EXISTS nba_analytics',
      'CREATE SCHEMA IF NOT EXISTS nba_precompute',
      'CREATE SCHEMA IF NOT EXISTS nba_predictions',
      'CREATE SCHEMA IF NOT EXISTS nba_orchestration',
      'CREATE TABLE IF NOT EXISTS nba_orchestration.dead_letter',
      'CREATE TABLE IF NOT EXISTS nba_orchestration.processed_messages',
    ]);
  });

  it('creates a staging table of the same shape as a temporary table', () => {
    expect(duckDbCreateTableSql(processedMessagesTable, { temporaryName: 'staging_x' })).toMatch(
      /^CREATE OR REPLACE TEMP TABLE staging_x \(\n {2}"subscription" VARCHAR NOT NULL,/,
    );
  });

  it('gives BigQuery the schema with modes, day partitioning with a required filter, and clustering', () => {
    expect(bigQueryTableOptions(phaseExecutionLogTable)).toEqual({
      description: phaseExecutionLogTable.description,
      schema: { fields: expect.arrayContaining([{ name: 'run_id', type: 'STRING', mode: 'REQUIRED' }]) },
      timePartitioning: { type: 'DAY', field: 'game_date' },
      requirePartitionFilter: true,
      clustering: { fields: ['phase', 'status'] },
    });
    expect(bigQueryTableOptions(phaseExecutionLogTable).schema).toEqual({
      fields: expect.arrayContaining([
        { name: 'detail', type: 'STRING', mode: 'NULLABLE', description: 'What ran and what was missing, for the operator' },
      ]),
    });
  });

  it('gives an unpartitioned table neither partitioning nor a required filter', () => {
    const options = bigQueryTableOptions(processedMessagesTable);
    expect(options).not.toHaveProperty('timePartitioning');
    expect(options).not.toHaveProperty('requirePartitionFilter');
    expect(options.clustering).toEqual({ fields: ['message_id'] });
  });

  it('refuses names that are not plain identifiers, since they are written into SQL', () => {
    const hostile = defineTable({
      dataset: 'nba_raw',
      name: 'games; DROP TABLE x',
      description: 'bad',
      columns: [{ name: 'id', type: 'STRING' }],
      naturalKey: ['id'],
    });
    expect(() => duckDbCreateTableSql(hostile)).toThrow(/not a plain SQL identifier/);
    expect(() => bigQueryTableOptions(hostile)).toThrow(/not a plain SQL identifier/);
  });

  it('writes BigQuery DDL with NOT NULL, descriptions, partitioning with a required filter and clustering', () => {
    const sql = bigQueryCreateTableSql(phaseExecutionLogTable);

    expect(sql).toMatch(/^CREATE TABLE IF NOT EXISTS nba_orchestration\.phase_execution_log \(run_id STRING NOT NULL, /);
    expect(sql).toContain('detail STRING OPTIONS(description="What ran and what was missing, for the operator")');
    expect(sql).toContain(') PARTITION BY game_date CLUSTER BY phase, status OPTIONS(description=');
    expect(sql).toMatch(/, require_partition_filter=TRUE\)$/);
    expect(bigQueryCreateTableSql(processedMessagesTable)).not.toMatch(/PARTITION BY|require_partition_filter/);
  });

  it('declares in the BigQuery DDL exactly the columns and modes of the table resource', () => {
    const sql = bigQueryCreateTableSql(deadLetterTable);
    for (const field of bigQueryTableOptions(deadLetterTable).schema!.fields!) {
      expect(sql).toContain(`${field.name} ${field.type}${field.mode === 'REQUIRED' ? ' NOT NULL' : ''}`);
    }
  });

  it('escapes quotes and backslashes in BigQuery descriptions', () => {
    const quoted = defineTable({
      dataset: 'nba_raw',
      name: 'quoted',
      description: 'the "raw" \\ feed',
      columns: [{ name: 'id', type: 'STRING' }],
      naturalKey: ['id'],
    });
    expect(bigQueryCreateTableSql(quoted)).toContain('OPTIONS(description="the \\"raw\\" \\\\ feed")');
    expect(bigQueryCreateSchemaSql('nba_raw', 'US')).toBe('CREATE SCHEMA IF NOT EXISTS nba_raw OPTIONS(location="US")');
  });
});
