import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQuery, Query, TableField, TableMetadata } from '@google-cloud/bigquery';
import { ALL_TABLES } from '../tables';
import { qualifiedName, TableDefinition } from '../tables/table-definition';
import { bigQuerySchemaWithAddedColumns, bigQueryTableOptions, datasetsToCreate } from '../ddl/table-ddl.generator';
import { columnsToAdd, columnTypeFromBigQuery, compareTableSchema, refuseRetypes, SchemaDrift } from '../schema/schema-drift.builder';
import { prepareRows } from '../rows/row.preparer';
import { buildMergeStatement, MergeStatement, singleRowSource } from '../sql/merge-statement.builder';
import { bindParameters } from '../sql/named-parameters';
import { PartitionFilterGuard } from '../sql/partition-filter.guard';
import { InsertIfAbsentResult, QueryOptions, QueryParams, ReadOnlyQueryOptions, ReadOnlyQueryResult, Row, UpsertResult, Warehouse } from '../warehouse.interface';
import { ReadOnlyQueryRefusedError, ReadOnlyWarehouseError, WarehouseError } from '../warehouse.errors';
import {
  BIGQUERY_DIALECT,
  bigQueryJobLabels,
  buildQueryJobOptions,
  QueryJobSettings,
  plainBigQueryValue,
  QUERY_RESULT_OPTIONS,
  STAGING_DATASET,
  stagingLoadMetadata,
  stagingTableId,
  stagingTableOptions,
  toNewlineDelimitedJson,
} from './bigquery-request.builder';
import { DEFAULT_RETRY_POLICY, retryOnConcurrentUpdate, RetryPolicy } from './concurrent-update.retry';

export interface BigQueryWarehouseOptions {
  projectId: string;
  location: string;
  /** A ready client (tests pass a fake); by default one is built from projectId and location. */
  client?: BigQuery;
  /**
   * Tables the partition guard knows from the start (default: every declared table). Tables passed
   * to migrate() are added.
   */
  tables?: readonly TableDefinition[];
  /** Backoff for MERGEs aborted by a concurrent update; tests inject a sleep that does not wait. */
  retry?: Partial<RetryPolicy>;
  /** Refuses every write, like DuckDB's read-only mode. */
  readOnly?: boolean;
  /** Labels for each job, read when the job starts (the platform gives service, phase and run id of the current run). */
  jobLabels?: () => Record<string, string | number | undefined>;
  /** Every query job fails instead of billing more than this many bytes. */
  maximumBytesBilled?: number;
  now?: () => Date;
}

const HTTP_CONFLICT = 409;
const HTTP_NOT_FOUND = 404;

function warehouseColumn(field: TableField): { name: string; type: string } {
  return { name: field.name ?? '', type: columnTypeFromBigQuery(field.type ?? '') };
}
const HTTP_BAD_REQUEST = 400;

/**
 * The warehouse on BigQuery. Writes go only through load jobs and DML — never the streaming insert
 * API, whose buffered rows cannot be updated by a MERGE for up to 90 minutes.
 */
export class BigQueryWarehouse implements Warehouse {
  readonly engine = 'bigquery' as const;
  private readonly client: BigQuery;
  private readonly guard: PartitionFilterGuard;
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;

  constructor(private readonly options: BigQueryWarehouseOptions) {
    // The client library is loaded only when a BigQuery warehouse is made: DuckDB runs never pay for it.
    this.client = options.client ?? new (require('@google-cloud/bigquery') as typeof import('@google-cloud/bigquery')).BigQuery({ projectId: options.projectId, location: options.location });
    this.guard = new PartitionFilterGuard(options.tables ?? ALL_TABLES);
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.now = options.now ?? (() => new Date());
  }

  async migrate(tables: readonly TableDefinition[]): Promise<void> {
    this.refuseIfReadOnly('migrate');
    for (const datasetId of datasetsToCreate(tables)) {
      await this.createIfAbsent(`dataset ${datasetId}`, async () => {
        const [exists] = await this.dataset(datasetId).exists();
        if (!exists) await this.client.createDataset(datasetId, { location: this.options.location });
      });
    }
    const existing: Array<{ table: TableDefinition; fields: TableField[] }> = [];
    for (const table of tables) {
      const fields = await this.fieldsOf(table, 'migrate');
      if (fields === null) {
        await this.createIfAbsent(`table ${qualifiedName(table)}`, () => this.dataset(table.dataset).createTable(table.name, bigQueryTableOptions(table)));
      } else {
        existing.push({ table, fields });
      }
    }
    const drift = existing.flatMap(({ table, fields }) => compareTableSchema(table, fields.map(warehouseColumn)));
    refuseRetypes(drift);
    for (const { table, fields } of existing) {
      const added = columnsToAdd(table, drift);
      if (added.length === 0) continue;
      // tables.patch with the whole schema: BigQuery's way to add columns; existing fields go back unchanged.
      await this.step({ operation: 'migrate', table: qualifiedName(table) }, `adding columns ${added.map((column) => column.name).join(', ')}`, () =>
        this.dataset(table.dataset).table(table.name).setMetadata({ schema: { fields: bigQuerySchemaWithAddedColumns(fields, table, added) } }),
      );
    }
    this.guard.register(tables);
  }

  async schemaDrift(tables: readonly TableDefinition[]): Promise<SchemaDrift[]> {
    const drift: SchemaDrift[] = [];
    for (const table of tables) {
      const fields = await this.fieldsOf(table, 'schemaDrift');
      drift.push(...compareTableSchema(table, fields === null ? null : fields.map(warehouseColumn)));
    }
    return drift;
  }

  /** The table's schema fields, or null when it does not exist. */
  private async fieldsOf(table: TableDefinition, operation: string): Promise<TableField[] | null> {
    return this.step({ operation, table: qualifiedName(table) }, 'reading the table schema', async () => {
      try {
        const [metadata] = await this.dataset(table.dataset).table(table.name).getMetadata();
        return (metadata as TableMetadata).schema?.fields ?? [];
      } catch (error) {
        if ((error as { code?: unknown }).code === HTTP_NOT_FOUND) return null;
        throw error;
      }
    });
  }

  async query<T extends Row = Row>(sql: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<T[]> {
    this.guard.check(sql);
    const job = buildQueryJobOptions(sql, bindParameters(sql, params, options.types), this.options.location, this.jobSettings());
    return (await this.runQuery(job, { operation: 'query' })) as T[];
  }

  /**
   * BigQuery has no read-only session: a dry run asks BigQuery's own parser what the statement is,
   * and only statement type SELECT runs (a script, DML, DDL or EXPORT DATA is refused unrun).
   */
  async queryReadOnly(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult> {
    this.guard.check(sql);
    const job = buildQueryJobOptions(sql, bindParameters(sql, options.params ?? {}), this.options.location, this.jobSettings());
    let statementType: string | undefined;
    try {
      const [dryRun] = await this.client.createQueryJob({ ...job, dryRun: true });
      statementType = dryRun.metadata?.statistics?.query?.statementType;
    } catch (cause) {
      // 400 is BigQuery saying the SQL is invalid; anything else is a failure to ask.
      if ((cause as { code?: unknown }).code !== HTTP_BAD_REQUEST) throw new WarehouseError('dry run failed', { operation: 'queryReadOnly', engine: 'bigquery', sql, cause });
      throw new ReadOnlyQueryRefusedError(`BigQuery's dry run refuses it: ${(cause as Error).message}`);
    }
    if (statementType !== 'SELECT') throw new ReadOnlyQueryRefusedError(`BigQuery's dry run reads it as ${statementType ?? 'no statement type'}`);
    return this.step({ operation: 'queryReadOnly', sql }, 'query job', async () => {
      const [queryJob] = await this.client.createQueryJob({ ...job, jobTimeoutMs: options.timeoutMs });
      const [rows] = await queryJob.getQueryResults({ ...QUERY_RESULT_OPTIONS, maxResults: options.maxRows + 1, autoPaginate: false });
      const plain = rows.map((row) => plainBigQueryValue(row) as Row);
      return { rows: plain.slice(0, options.maxRows), truncated: plain.length > options.maxRows };
    });
  }

  async upsert(table: TableDefinition, rows: readonly Row[]): Promise<UpsertResult> {
    const name = qualifiedName(table);
    this.refuseIfReadOnly('upsert', name);
    const prepared = prepareRows(table, rows);
    if (prepared.rows.length === 0) return { table: name, rowsStaged: 0 };

    const now = this.now();
    const stagingId = stagingTableId(table, now, randomBytes(4).toString('hex'));
    const stagingDataset = this.dataset(STAGING_DATASET);
    const context = { operation: 'upsert', table: name };
    const merge = buildMergeStatement(table, `${STAGING_DATASET}.${stagingId}`, 'upsert', BIGQUERY_DIALECT, prepared.partitionDates);

    await this.step(context, `creating staging table ${stagingId}`, () =>
      stagingDataset.createTable(stagingId, stagingTableOptions(table, now)),
    );
    try {
      await this.loadNewlineDelimitedJson(stagingId, toNewlineDelimitedJson(table, prepared.rows), stagingLoadMetadata(table), context);
      await this.runMerge(merge, context);
    } catch (failure) {
      await this.dropStagingTable(stagingId, context, failure);
      throw failure;
    }
    await this.dropStagingTable(stagingId, context);
    return { table: name, rowsStaged: prepared.rows.length };
  }

  async insertIfAbsent(table: TableDefinition, row: Row): Promise<InsertIfAbsentResult> {
    const name = qualifiedName(table);
    this.refuseIfReadOnly('insertIfAbsent', name);
    const prepared = prepareRows(table, [row]);
    const { source, params } = singleRowSource(table, prepared.rows[0], BIGQUERY_DIALECT);
    const merge = buildMergeStatement(table, source, 'insert-if-absent', BIGQUERY_DIALECT, prepared.partitionDates);
    const inserted = await this.runMerge({ ...merge, params: { ...merge.params, ...params } }, { operation: 'insertIfAbsent', table: name });
    return { inserted: inserted > 0 };
  }

  async ping(): Promise<void> {
    await this.runQuery(buildQueryJobOptions('SELECT 1 AS ok', [], this.options.location, this.jobSettings()), { operation: 'ping' });
  }

  async close(): Promise<void> {
    // The client holds no connection of its own to release.
  }

  /**
   * Drops the staging table. When the upsert already failed, a cleanup failure is reported together
   * with that failure rather than in its place.
   */
  private async dropStagingTable(stagingId: string, context: { operation: string; table: string }, upsertFailure?: unknown): Promise<void> {
    try {
      await this.dataset(STAGING_DATASET).table(stagingId).delete({ ignoreNotFound: true });
    } catch (cleanupFailure) {
      const cause = upsertFailure === undefined ? cleanupFailure : new AggregateError([upsertFailure, cleanupFailure], 'upsert and cleanup both failed');
      throw new WarehouseError(`dropping staging table ${STAGING_DATASET}.${stagingId} failed (it expires within an hour)`, {
        ...context,
        engine: 'bigquery',
        cause,
      });
    }
  }

  private jobSettings(): QueryJobSettings {
    return { labels: bigQueryJobLabels(this.options.jobLabels?.() ?? {}), maximumBytesBilled: this.options.maximumBytesBilled };
  }

  private refuseIfReadOnly(operation: string, table?: string): void {
    if (this.options.readOnly) throw new ReadOnlyWarehouseError(operation, table);
  }

  private dataset(datasetId: string) {
    return this.client.dataset(datasetId, { location: this.options.location });
  }

  /** Creates a dataset or table unless it exists; losing a creation race to another instance is success. */
  private async createIfAbsent(what: string, create: () => Promise<unknown>): Promise<void> {
    try {
      await create();
    } catch (error) {
      if ((error as { code?: unknown }).code === HTTP_CONFLICT) return;
      throw new WarehouseError(`creating ${what}`, { operation: 'migrate', engine: 'bigquery', cause: error });
    }
  }

  private async runQuery(job: Query, context: { operation: string; table?: string }): Promise<Row[]> {
    return this.step({ ...context, sql: job.query }, 'query job', async () => {
      const [queryJob] = await this.client.createQueryJob(job);
      const [rows] = await queryJob.getQueryResults(QUERY_RESULT_OPTIONS);
      return rows.map((row) => plainBigQueryValue(row) as Row);
    });
  }

  /** Runs a MERGE (retrying concurrent-update aborts) and returns how many rows it changed. */
  private async runMerge(merge: MergeStatement, context: { operation: string; table: string }): Promise<number> {
    const job = buildQueryJobOptions(merge.sql, bindParameters(merge.sql, merge.params, merge.types), this.options.location, this.jobSettings());
    return this.step({ ...context, sql: merge.sql }, 'MERGE', () =>
      retryOnConcurrentUpdate(async () => {
        const [queryJob] = await this.client.createQueryJob(job);
        await queryJob.getQueryResults();
        const [metadata] = await queryJob.getMetadata();
        return Number(metadata.statistics?.query?.numDmlAffectedRows ?? 0);
      }, this.retry),
    );
  }

  private async loadNewlineDelimitedJson(
    stagingId: string,
    ndjson: string,
    metadata: ReturnType<typeof stagingLoadMetadata>,
    context: { operation: string; table: string },
  ): Promise<void> {
    const directory = await mkdtemp(join(tmpdir(), 'warehouse-load-'));
    try {
      const file = join(directory, `${stagingId}.ndjson`);
      await writeFile(file, ndjson);
      await this.step(context, `load job into ${STAGING_DATASET}.${stagingId}`, () =>
        this.dataset(STAGING_DATASET).table(stagingId).load(file, metadata),
      );
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }

  /** Runs one remote step, turning its failure into a WarehouseError that says which step on what. */
  private async step<T>(
    context: { operation: string; table?: string; sql?: string },
    what: string,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (cause) {
      if (cause instanceof WarehouseError) throw cause;
      throw new WarehouseError(`${what} failed`, { ...context, engine: 'bigquery', cause });
    }
  }
}
