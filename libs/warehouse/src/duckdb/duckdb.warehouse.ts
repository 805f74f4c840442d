import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBAppender, DuckDBConnection, DuckDBDateValue, DuckDBInstance, DuckDBMaterializedResult, DuckDBPreparedStatement, DuckDBType, DuckDBValue, TIMESTAMPTZ } from '@duckdb/node-api';
import { ALL_TABLES } from '../tables';
import { ColumnType, qualifiedName, TableDefinition } from '../tables/table-definition';
import { duckDbAddColumnSql, duckDbColumnType, duckDbCreateTableSql, duckDbMigrationSql } from '../ddl/table-ddl.generator';
import { columnsToAdd, columnTypeFromDuckDb, compareTableSchema, refuseRetypes, SchemaDrift, WarehouseColumn } from '../schema/schema-drift.builder';
import { prepareRows, WireRow } from '../rows/row.preparer';
import { WireValue } from '../rows/wire-value.converter';
import { buildMergeStatement, buildReplaceStatements, MergeStatement, rowsSource, SqlDialect } from '../sql/merge-statement.builder';
import { bindParameters, toDuckDbSql } from '../sql/named-parameters';
import { PartitionFilterGuard } from '../sql/partition-filter.guard';
import { isReadingStatement } from '../sql/sql-text.scanner';
import { AsyncMutex } from '../shared/async.mutex';
import {
  InsertIfAbsentResult,
  QueryOptions,
  QueryParams,
  QueryParamType,
  ReadOnlyQueryOptions,
  ReadOnlyQueryResult,
  Row,
  UpsertResult,
  Warehouse,
} from '../warehouse.interface';
import { ReadOnlyQueryRefusedError, ReadOnlyWarehouseError, WarehouseError } from '../warehouse.errors';
import { prepareReadStatement, refusalOrCause } from './duckdb-read-statement.gate';
import { readPlainRows, toDuckDbParameter, wireToDuckDbValue } from './duckdb-values.converter';

export interface DuckDBWarehouseOptions {
  /** Database file, e.g. `<DATA_DIR>/warehouse.duckdb` (its directory is created), or ':memory:'. */
  path: string;
  /** Opens the file with access_mode READ_ONLY: the file must exist, and every write is refused. */
  readOnly?: boolean;
  /**
   * Tables the partition guard knows from the start (default: every declared table). Tables passed
   * to migrate() are added.
   */
  tables?: readonly TableDefinition[];
  /**
   * WAL size (MiB) at which DuckDB checkpoints on its own. Every write waits while a checkpoint runs
   * (up to seconds on a season's file), so a run is better off with few large ones; close() always
   * checkpoints. Default: DuckDB's own (16 MB).
   */
  checkpointThresholdMib?: number;
  /**
   * Threads DuckDB runs each statement on. Most statements of a run touch a few rows, and handing
   * them to a pool costs more CPU than the rows do (waking, and idling, the other threads).
   * Default: DuckDB's own (one per core).
   */
  threads?: number;
}

const DUCKDB_DIALECT: SqlDialect = {
  quote: (identifier) => `"${identifier}"`,
  castParameter: (name, type) => `CAST(@${name} AS ${duckDbColumnType(type)})`,
  inDatesParameter: (column, parameter) => `list_contains(@${parameter}, ${column})`,
};

interface OpenDatabase {
  instance: DuckDBInstance;
  /** The one connection that writes; used only inside the write mutex, and home of the staging temp tables. */
  writer: DuckDBConnection;
}

interface PendingUpsert {
  rows: readonly WireRow[];
  partitionDates: readonly string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface PendingInsert {
  row: WireRow;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

/** Prepared statements kept per connection; parsing and planning a MERGE costs more than running it. */
const PREPARED_STATEMENTS_PER_CONNECTION = 256;
/**
 * Upserts of at most this many cells (rows times columns) MERGE from bound parameters; larger ones go
 * through the staging table. Measured: a parameter MERGE costs per cell bound, a staged upsert about the
 * same for any size, and they cost the same near 80 cells on a table of 8 columns and of 37.
 */
const CELLS_MERGED_FROM_PARAMETERS = 80;
/** insertIfAbsent rows that share one MERGE from bound parameters. */
const ROWS_INSERTED_PER_MERGE = 8;
/** Reader connections kept open between reads (more are opened while reads overlap). */
const IDLE_READERS_KEPT = 4;

/**
 * The warehouse on a local DuckDB file. DuckDB allows one writer, and concurrent MERGEs on one table
 * conflict, so every write runs through one mutex on one connection; reads get their own connection
 * and run beside writes.
 */
export class DuckDBWarehouse implements Warehouse {
  readonly engine = 'duckdb' as const;
  private readonly guard: PartitionFilterGuard;
  private readonly writes = new AsyncMutex();
  private database?: Promise<OpenDatabase>;
  private closed = false;
  private readonly idleReaders: DuckDBConnection[] = [];
  /** Upserts waiting for the write lock, by table: they run as one write when it comes. */
  private readonly pendingUpserts = new Map<string, PendingUpsert[]>();
  /** insertIfAbsent calls waiting for the write lock, by table and partition dates: they run as one MERGE when it comes. */
  private readonly pendingInserts = new Map<string, PendingInsert[]>();
  private readonly preparedStatements = new WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>();
  /** The writer's staging tables, by name, with the CREATE statement each was made by (stagingTable). */
  private readonly stagingTables = new Map<string, string>();

  constructor(private readonly options: DuckDBWarehouseOptions) {
    this.guard = new PartitionFilterGuard(options.tables ?? ALL_TABLES);
  }

  async migrate(tables: readonly TableDefinition[]): Promise<void> {
    this.refuseIfReadOnly('migrate');
    await this.write(async (writer) => {
      for (const statement of duckDbMigrationSql(tables)) {
        await this.run(writer, statement, {}, {}, { operation: 'migrate' });
      }
      const drift = await this.driftSeenBy(writer, tables);
      refuseRetypes(drift);
      for (const table of tables) {
        for (const column of columnsToAdd(table, drift)) {
          await this.run(writer, duckDbAddColumnSql(table, column), {}, {}, { operation: 'migrate', table: qualifiedName(table) });
        }
      }
    });
    this.guard.register(tables);
  }

  async schemaDrift(tables: readonly TableDefinition[]): Promise<SchemaDrift[]> {
    return this.read((reader) => this.driftSeenBy(reader, tables));
  }

  private async driftSeenBy(connection: DuckDBConnection, tables: readonly TableDefinition[]): Promise<SchemaDrift[]> {
    const rows = (await this.run(
      connection,
      `SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
        WHERE table_catalog = current_database() ORDER BY table_schema, table_name, ordinal_position`,
      {},
      {},
      { operation: 'schemaDrift' },
    )) as Array<{ table_schema: string; table_name: string; column_name: string; data_type: string }>;
    const columns = new Map<string, WarehouseColumn[]>();
    for (const row of rows) {
      const name = `${row.table_schema}.${row.table_name}`;
      columns.set(name, [...(columns.get(name) ?? []), { name: row.column_name, type: columnTypeFromDuckDb(row.data_type) }]);
    }
    return tables.flatMap((table) => compareTableSchema(table, columns.get(qualifiedName(table)) ?? null));
  }

  async query<T extends Row = Row>(sql: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<T[]> {
    this.guard.check(sql);
    const context = { operation: 'query' };
    const result = isReadingStatement(sql)
      ? await this.read((reader) => this.run(reader, sql, params, options.types ?? {}, context))
      : await this.write((writer) => this.run(writer, sql, params, options.types ?? {}, context));
    return result as T[];
  }

  async queryReadOnly(sql: string, options: ReadOnlyQueryOptions): Promise<ReadOnlyQueryResult> {
    this.guard.check(sql);
    const context = { operation: 'queryReadOnly', engine: 'duckdb' as const, sql };
    return this.read(async (reader) => {
      await reader.run('BEGIN TRANSACTION READ ONLY');
      let interrupted = false;
      const timer = setTimeout(() => {
        interrupted = true;
        reader.interrupt();
      }, options.timeoutMs);
      try {
        const prepared = await prepareReadStatement(reader, options.params ? toDuckDbSql(sql) : sql);
        if (options.params) {
          const { values, valueTypes } = duckDbParameters(sql, options.params, {});
          prepared.bind(values, valueTypes);
        }
        const rows = await readPlainRows(await prepared.streamAndReadUntil(options.maxRows + 1));
        return { rows: rows.slice(0, options.maxRows), truncated: rows.length > options.maxRows };
      } catch (cause) {
        if (cause instanceof ReadOnlyQueryRefusedError) throw cause;
        if (interrupted) throw new WarehouseError(`interrupted after ${options.timeoutMs} ms`, { ...context, cause });
        const refusal = refusalOrCause(cause);
        throw refusal instanceof ReadOnlyQueryRefusedError ? refusal : new WarehouseError('statement failed', { ...context, cause });
      } finally {
        clearTimeout(timer);
        // The connection is closed right after, which ends the transaction even if this fails.
        await reader.run('ROLLBACK').catch(() => undefined);
      }
    });
  }

  async upsert(table: TableDefinition, rows: readonly Row[]): Promise<UpsertResult> {
    const name = qualifiedName(table);
    this.refuseIfReadOnly('upsert', name);
    const prepared = prepareRows(table, rows);
    if (prepared.rows.length === 0) return { table: name, rowsStaged: 0 };

    await new Promise<void>((resolve, reject) => {
      const waiting = this.pendingUpserts.get(name);
      if (waiting) {
        waiting.push({ rows: prepared.rows, partitionDates: prepared.partitionDates, resolve, reject });
        return;
      }
      const batch: PendingUpsert[] = [{ rows: prepared.rows, partitionDates: prepared.partitionDates, resolve, reject }];
      this.pendingUpserts.set(name, batch);
      this.write(async (writer) => {
        // Upserts to this table arriving from now on wait for the next batch.
        this.pendingUpserts.delete(name);
        await this.mergeBatch(writer, table, batch);
      }).catch((error: unknown) => {
        // The database could not be opened: every upsert of the batch hears why.
        if (this.pendingUpserts.get(name) === batch) this.pendingUpserts.delete(name);
        for (const entry of batch) entry.reject(error);
      });
    });
    return { table: name, rowsStaged: prepared.rows.length };
  }

  /**
   * Upserts to one table that queued behind the write lock go in as one write (a MERGE, or a staged
   * delete and insert): it costs about the same for one row as for hundreds, and concurrent runs
   * write the same log tables. Rows repeating a key keep the last one queued, as one upsert after the
   * other would. If the combined write fails, each caller's rows run alone so each hears its own outcome.
   */
  private async mergeBatch(writer: DuckDBConnection, table: TableDefinition, batch: readonly PendingUpsert[]): Promise<void> {
    const byKey = new Map<string, WireRow>();
    for (const entry of batch) {
      for (const row of entry.rows) byKey.set(naturalKeyOf(table, row), row);
    }
    const partitionDates = [...new Set(batch.flatMap((entry) => entry.partitionDates))].sort();
    try {
      await this.mergeRows(writer, table, [...byKey.values()], partitionDates);
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      for (const entry of batch) {
        await this.mergeRows(writer, table, entry.rows, entry.partitionDates).then(entry.resolve, entry.reject);
      }
    }
  }

  private async mergeRows(writer: DuckDBConnection, table: TableDefinition, rows: readonly WireRow[], partitionDates: readonly string[]): Promise<void> {
    const name = qualifiedName(table);
    if (rows.length * table.columns.length <= CELLS_MERGED_FROM_PARAMETERS) {
      // Most writes are a few log rows: one MERGE from bound parameters costs a fraction of a staged one
      // (a transaction appending rows to a temp table, deleting, inserting and emptying it: four statements more).
      const { source, params } = rowsSource(table, rows, DUCKDB_DIALECT);
      const merge = buildMergeStatement(table, source, 'upsert', DUCKDB_DIALECT, partitionDates);
      await this.runMerge(writer, { ...merge, params: { ...merge.params, ...params } }, name, 'upsert');
      return;
    }
    const context = { operation: 'upsert', table: name };
    const staging = await this.stagingTable(writer, table);
    const replace = buildReplaceStatements(table, staging, DUCKDB_DIALECT, partitionDates);
    try {
      // The rows are appended inside the transaction too: the append then needs no commit of its own, and
      // a failure rolls it back with the rest.
      await this.inTransaction(writer, context, async () => {
        await this.appendStaging(writer, staging, table, rows);
        // the staged keys are distinct (prepareRows and mergeBatch keep one row per key), as the replacement needs
        await this.execute(writer, replace.deleteSql, replace.params, replace.types, context);
        await this.execute(writer, replace.insertSql, {}, {}, context);
        await this.execute(writer, `DELETE FROM temp.${staging}`, {}, {}, context);
      });
    } catch (error) {
      // Whatever the failure left in the staging table, it is replaced by an empty one on its next use.
      this.stagingTables.delete(staging);
      throw error;
    }
  }

  /**
   * The writer's temp staging table for the table, empty: created on first use and kept (each staged
   * upsert empties it in its own transaction), so an upsert costs no catalog change; replaced when the
   * table's definition changed or a staged upsert failed.
   */
  private async stagingTable(writer: DuckDBConnection, table: TableDefinition): Promise<string> {
    const staging = `staging_${table.dataset}_${table.name}`;
    const createSql = duckDbCreateTableSql(table, { temporaryName: staging });
    if (this.stagingTables.get(staging) === createSql) return staging;
    this.stagingTables.delete(staging);
    // statements planned against the table being replaced are not reused
    const statements = this.preparedStatements.get(writer);
    for (const [sql, statement] of statements ?? []) {
      if (!sql.includes(staging)) continue;
      statements?.delete(sql);
      statement.destroySync();
    }
    await this.run(writer, createSql, {}, {}, { operation: 'upsert', table: qualifiedName(table) });
    this.stagingTables.set(staging, createSql);
    return staging;
  }

  /** Runs `work` on the writer in one transaction: committed when it succeeds, rolled back when it throws. */
  private async inTransaction(writer: DuckDBConnection, context: { operation: string; table: string }, work: () => Promise<void>): Promise<void> {
    await this.run(writer, 'BEGIN TRANSACTION', {}, {}, context);
    try {
      await work();
    } catch (error) {
      try {
        await writer.run('ROLLBACK');
      } catch (rollbackError) {
        throw new WarehouseError(`rolling back after a failed statement failed too (${String(error)})`, { ...context, engine: 'duckdb', cause: rollbackError });
      }
      throw error;
    }
    await this.run(writer, 'COMMIT', {}, {}, context);
  }

  async insertIfAbsent(table: TableDefinition, row: Row): Promise<InsertIfAbsentResult> {
    const name = qualifiedName(table);
    this.refuseIfReadOnly('insertIfAbsent', name);
    const prepared = prepareRows(table, [row]);
    if (!hasStringKey(table)) {
      const inserted = await this.write(async (writer) => (await this.insertAbsentRows(writer, table, prepared.rows, prepared.partitionDates)).size > 0);
      return { inserted };
    }
    // Rows pinned to the same partition dates share a MERGE, so each keeps the partition it would see alone.
    const queue = `${name}\u0000${prepared.partitionDates.join(',')}`;
    const inserted = await new Promise<boolean>((resolve, reject) => {
      const entry: PendingInsert = { row: prepared.rows[0], resolve, reject };
      const waiting = this.pendingInserts.get(queue);
      if (waiting) {
        waiting.push(entry);
        return;
      }
      const batch = [entry];
      this.pendingInserts.set(queue, batch);
      this.write(async (writer) => {
        // Inserts to this table arriving from now on wait for the next batch.
        this.pendingInserts.delete(queue);
        await this.insertBatch(writer, table, batch, prepared.partitionDates);
      }).catch((error: unknown) => {
        // The database could not be opened: every insert of the batch hears why.
        if (this.pendingInserts.get(queue) === batch) this.pendingInserts.delete(queue);
        for (const waiting of batch) waiting.reject(error);
      });
    });
    return { inserted };
  }

  /**
   * insertIfAbsent calls that queued behind the write lock go in as one MERGE per few rows (claims and
   * processed ids of concurrent deliveries): the first queued row of a key is inserted if no row has it,
   * and every later one of that key hears it was not, as one call after the other would. If the
   * combined statement fails, each row runs alone so each caller hears its own outcome.
   */
  private async insertBatch(writer: DuckDBConnection, table: TableDefinition, batch: readonly PendingInsert[], partitionDates: readonly string[]): Promise<void> {
    const firstOfKey = new Map<string, PendingInsert>();
    for (const entry of batch) {
      const key = naturalKeyOf(table, entry.row);
      if (!firstOfKey.has(key)) firstOfKey.set(key, entry);
    }
    const firsts = [...firstOfKey.values()];
    // Each chunk commits on its own: the rows of chunks that went in before one failed are not run
    // again (their callers still hear their row was inserted); every other call runs alone, in order,
    // so each caller hears its own outcome.
    const inserted = new Set<string>();
    let settled = 0;
    try {
      for (; settled < firsts.length; settled += ROWS_INSERTED_PER_MERGE) {
        const chunk = firsts.slice(settled, settled + ROWS_INSERTED_PER_MERGE).map((entry) => entry.row);
        for (const key of await this.insertAbsentRows(writer, table, chunk, partitionDates)) inserted.add(key);
      }
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      const settledKeys = new Set(firsts.slice(0, settled).map((entry) => naturalKeyOf(table, entry.row)));
      for (const entry of batch) {
        const key = naturalKeyOf(table, entry.row);
        if (settledKeys.has(key)) entry.resolve(firstOfKey.get(key) === entry && inserted.has(key));
        else await this.insertAbsentRows(writer, table, [entry.row], partitionDates).then((keys) => entry.resolve(keys.size > 0), entry.reject);
      }
      return;
    }
    for (const entry of batch) {
      const key = naturalKeyOf(table, entry.row);
      entry.resolve(firstOfKey.get(key) === entry && inserted.has(key));
    }
  }

  /** MERGEs rows with distinct keys that no row has yet; returns the natural keys (naturalKeyOf) it inserted. */
  private async insertAbsentRows(writer: DuckDBConnection, table: TableDefinition, rows: readonly WireRow[], partitionDates: readonly string[]): Promise<Set<string>> {
    const name = qualifiedName(table);
    const { source, params } = rowsSource(table, rows, DUCKDB_DIALECT);
    const merge = buildMergeStatement(table, source, 'insert-if-absent', DUCKDB_DIALECT, partitionDates);
    if (rows.length === 1) {
      const inserted = await this.runMerge(writer, { ...merge, params: { ...merge.params, ...params } }, name, 'insertIfAbsent');
      return new Set(inserted > 0 ? [naturalKeyOf(table, rows[0])] : []);
    }
    const returning = `${merge.sql}\nRETURNING ${table.naturalKey.map((column) => DUCKDB_DIALECT.quote(column)).join(', ')}`;
    const inserted = await this.run(writer, returning, { ...merge.params, ...params }, merge.types, { operation: 'insertIfAbsent', table: name });
    return new Set(inserted.map((row) => naturalKeyOf(table, row as WireRow)));
  }

  async ping(): Promise<void> {
    await this.read((reader) => this.run(reader, 'SELECT 1 AS ok', {}, {}, { operation: 'ping' }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.database) return;
    let database: OpenDatabase;
    try {
      database = await this.database;
    } catch {
      // Opening failed, and that failure went to the call that triggered it: there is nothing to close.
      return;
    }
    const { instance, writer } = database;
    await this.writes.idle();
    for (const reader of this.idleReaders.splice(0)) this.closeConnection(reader);
    this.closeConnection(writer);
    instance.closeSync();
  }

  private refuseIfReadOnly(operation: string, table?: string): void {
    if (this.options.readOnly) throw new ReadOnlyWarehouseError(operation, table);
  }

  private open(): Promise<OpenDatabase> {
    if (this.closed) return Promise.reject(new Error(`DuckDB warehouse ${this.options.path} is closed`));
    this.database ??= this.openDatabase();
    return this.database;
  }

  private async openDatabase(): Promise<OpenDatabase> {
    const { path, readOnly } = this.options;
    try {
      if (path !== ':memory:' && !readOnly) mkdirSync(dirname(path), { recursive: true });
      // The warehouse reads and writes its own file only: no file, URL or extension can be reached from SQL.
      const settings: Record<string, string> = { enable_external_access: 'false', ...(readOnly ? { access_mode: 'READ_ONLY' } : {}) };
      if (this.options.checkpointThresholdMib !== undefined) settings.checkpoint_threshold = `${this.options.checkpointThresholdMib}MiB`;
      if (this.options.threads !== undefined) settings.threads = String(this.options.threads);
      const instance = await DuckDBInstance.create(path, settings);
      return { instance, writer: await instance.connect() };
    } catch (cause) {
      throw new WarehouseError(`cannot open ${path}${readOnly ? ' read-only' : ''}`, { operation: 'open', engine: 'duckdb', cause });
    }
  }

  private async read<T>(work: (reader: DuckDBConnection) => Promise<T>): Promise<T> {
    const { instance } = await this.open();
    const reader = this.idleReaders.pop() ?? (await instance.connect());
    try {
      return await work(reader);
    } finally {
      if (!this.closed && this.idleReaders.length < IDLE_READERS_KEPT) this.idleReaders.push(reader);
      else this.closeConnection(reader);
    }
  }

  private closeConnection(connection: DuckDBConnection): void {
    for (const statement of this.preparedStatements.get(connection)?.values() ?? []) statement.destroySync();
    this.preparedStatements.delete(connection);
    connection.closeSync();
  }

  /**
   * The connection's prepared statement for this SQL, prepared on first use, the least recently used
   * dropped past PREPARED_STATEMENTS_PER_CONNECTION.
   */
  private async preparedStatement(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    let statements = this.preparedStatements.get(connection);
    if (!statements) {
      statements = new Map();
      this.preparedStatements.set(connection, statements);
    }
    const cached = statements.get(sql);
    if (cached) {
      // Re-inserted so the map's order is least recently used first.
      statements.delete(sql);
      statements.set(sql, cached);
      return cached;
    }
    const statement = await connection.prepare(sql);
    statements.set(sql, statement);
    if (statements.size > PREPARED_STATEMENTS_PER_CONNECTION) {
      const [oldestSql, oldest] = statements.entries().next().value as [string, DuckDBPreparedStatement];
      statements.delete(oldestSql);
      oldest.destroySync();
    }
    return statement;
  }

  private async write<T>(work: (writer: DuckDBConnection) => Promise<T>): Promise<T> {
    const { writer } = await this.open();
    return this.writes.runExclusive(() => work(writer));
  }

  /** Runs one statement with named parameters and returns its rows as plain objects. */
  private async run(
    connection: DuckDBConnection,
    sql: string,
    params: QueryParams,
    types: Record<string, QueryParamType>,
    context: { operation: string; table?: string },
  ): Promise<Row[]> {
    const result = await this.execute(connection, sql, params, types, context);
    try {
      return await readPlainRows(result);
    } catch (cause) {
      throw new WarehouseError('reading the result failed', { ...context, engine: 'duckdb', sql, cause });
    }
  }

  private async runMerge(connection: DuckDBConnection, merge: MergeStatement, table: string, operation: string): Promise<number> {
    const result = await this.execute(connection, merge.sql, merge.params, merge.types, { operation, table });
    return result.rowsChanged;
  }

  private async execute(
    connection: DuckDBConnection,
    sql: string,
    params: QueryParams,
    types: Record<string, QueryParamType>,
    context: { operation: string; table?: string },
  ): Promise<DuckDBMaterializedResult> {
    const { values, valueTypes } = duckDbParameters(sql, params, types);
    try {
      const duckSql = toDuckDbSql(sql);
      if (!isReusableStatement(duckSql)) return await connection.run(duckSql, values, valueTypes);
      const statement = await this.preparedStatement(connection, duckSql);
      statement.bind(values, valueTypes);
      return await statement.run();
    } catch (cause) {
      throw new WarehouseError('statement failed', { ...context, engine: 'duckdb', sql, cause });
    }
  }

  private async appendStaging(writer: DuckDBConnection, staging: string, table: TableDefinition, rows: readonly WireRow[]): Promise<void> {
    const appender = await writer.createAppender(staging, null, 'temp');
    const columns = table.columns.map((column) => ({ name: column.name, append: columnAppender(appender, column.type) }));
    try {
      for (const row of rows) {
        for (const column of columns) {
          const value = row[column.name];
          if (value === null) appender.appendNull();
          else column.append(value);
        }
        appender.endRow();
      }
      appender.flushSync();
    } catch (cause) {
      // Drop the rejected rows so closing the appender does not fail on them again and hide the cause.
      appender.clear();
      throw new WarehouseError('staging the rows failed', { operation: 'upsert', engine: 'duckdb', table: qualifiedName(table), cause });
    } finally {
      appender.closeSync();
    }
  }
}

/**
 * How a wire value of the column type goes into an appender: by the typed append of its DuckDB type
 * where there is one (a generic appendValue builds a DuckDB value object per cell first, most of a
 * staged upsert's time); timestamps keep appendValue, which appends them as TIMESTAMPTZ without a cast.
 */
function columnAppender(appender: DuckDBAppender, type: ColumnType): (value: Exclude<WireValue, null>) => void {
  switch (type) {
    case 'STRING':
    case 'JSON':
      return (value) => appender.appendVarchar(value as string);
    case 'FLOAT64':
      return (value) => appender.appendDouble(value as number);
    case 'BOOL':
      return (value) => appender.appendBoolean(value as boolean);
    case 'INT64':
      return (value) => appender.appendBigInt(wireToDuckDbValue(value, type) as bigint);
    case 'DATE':
      return (value) => appender.appendDate(wireToDuckDbValue(value, type) as DuckDBDateValue);
    case 'TIMESTAMP':
      return (value) => appender.appendValue(wireToDuckDbValue(value, type), TIMESTAMPTZ);
  }
}

/**
 * One DML or SELECT statement, or the BEGIN or COMMIT of a transaction: worth keeping prepared (run as
 * they come, each is parsed and planned again). DDL and several statements in one text run as they come.
 */
function isReusableStatement(sql: string): boolean {
  return /^\s*(SELECT|WITH|MERGE|INSERT|UPDATE|DELETE|BEGIN|COMMIT)\b/i.test(sql) && !/;\s*\S/.test(sql);
}

/**
 * Whether every natural key column is a STRING: then the keys a MERGE returns read back exactly as the
 * rows gave them, so a batched insertIfAbsent can tell each caller whether its row went in.
 */
function hasStringKey(table: TableDefinition): boolean {
  return table.naturalKey.every((key) => table.columns.find((column) => column.name === key)?.type === 'STRING');
}

function naturalKeyOf(table: TableDefinition, row: WireRow): string {
  return JSON.stringify(table.naturalKey.map((column) => row[column]));
}

/** The parameters the SQL uses, as DuckDB binds them by name. */
function duckDbParameters(sql: string, params: QueryParams, types: Record<string, QueryParamType>) {
  const values: Record<string, DuckDBValue> = {};
  const valueTypes: Record<string, DuckDBType> = {};
  for (const parameter of bindParameters(sql, params, types)) {
    const bound = toDuckDbParameter(parameter);
    values[parameter.name] = bound.value;
    valueTypes[parameter.name] = bound.type;
  }
  return { values, valueTypes };
}
