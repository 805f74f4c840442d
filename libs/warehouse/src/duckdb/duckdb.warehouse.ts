import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance, DuckDBMaterializedResult, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { ALL_TABLES } from '../tables';
import { ColumnType, qualifiedName, TableDefinition } from '../tables/table-definition';
import { duckDbColumnType, duckDbCreateTableSql, duckDbMigrationSql } from '../ddl/table-ddl.generator';
import { prepareRows, WireRow } from '../rows/row.preparer';
import { buildMergeStatement, MergeStatement, singleRowSource, SqlDialect } from '../sql/merge-statement.builder';
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
import { duckDbType, readPlainRows, toDuckDbParameter, wireToDuckDbValue } from './duckdb-values.converter';

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
}

const DUCKDB_DIALECT: SqlDialect = {
  quote: (identifier) => `"${identifier}"`,
  castParameter: (name, type) => `CAST(@${name} AS ${duckDbColumnType(type)})`,
};

interface OpenDatabase {
  instance: DuckDBInstance;
  /** The one connection that writes; used only inside the write mutex, and home of the staging temp tables. */
  writer: DuckDBConnection;
}

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

  constructor(private readonly options: DuckDBWarehouseOptions) {
    this.guard = new PartitionFilterGuard(options.tables ?? ALL_TABLES);
  }

  async migrate(tables: readonly TableDefinition[]): Promise<void> {
    this.refuseIfReadOnly('migrate');
    await this.write(async (writer) => {
      for (const statement of duckDbMigrationSql(tables)) {
        await this.run(writer, statement, {}, {}, { operation: 'migrate' });
      }
    });
    this.guard.register(tables);
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
        const prepared = await prepareReadStatement(reader, sql);
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

    const staging = `staging_${table.dataset}_${table.name}`;
    const merge = buildMergeStatement(table, staging, 'upsert', DUCKDB_DIALECT, prepared.partitionDates);
    await this.write(async (writer) => {
      await this.run(writer, duckDbCreateTableSql(table, { temporaryName: staging }), {}, {}, { operation: 'upsert', table: name });
      try {
        await this.appendStaging(writer, staging, table, prepared.rows);
        await this.runMerge(writer, merge, name, 'upsert');
      } finally {
        await this.run(writer, `DROP TABLE IF EXISTS temp.${staging}`, {}, {}, { operation: 'upsert', table: name });
      }
    });
    return { table: name, rowsStaged: prepared.rows.length };
  }

  async insertIfAbsent(table: TableDefinition, row: Row): Promise<InsertIfAbsentResult> {
    const name = qualifiedName(table);
    this.refuseIfReadOnly('insertIfAbsent', name);
    const prepared = prepareRows(table, [row]);
    const { source, params } = singleRowSource(table, prepared.rows[0], DUCKDB_DIALECT);
    const merge = buildMergeStatement(table, source, 'insert-if-absent', DUCKDB_DIALECT, prepared.partitionDates);
    const inserted = await this.write((writer) =>
      this.runMerge(writer, { ...merge, params: { ...merge.params, ...params } }, name, 'insertIfAbsent'),
    );
    return { inserted: inserted > 0 };
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
    writer.closeSync();
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
      const access = { enable_external_access: 'false' };
      const instance = await DuckDBInstance.create(path, readOnly ? { ...access, access_mode: 'READ_ONLY' } : access);
      return { instance, writer: await instance.connect() };
    } catch (cause) {
      throw new WarehouseError(`cannot open ${path}${readOnly ? ' read-only' : ''}`, { operation: 'open', engine: 'duckdb', cause });
    }
  }

  private async read<T>(work: (reader: DuckDBConnection) => Promise<T>): Promise<T> {
    const { instance } = await this.open();
    const reader = await instance.connect();
    try {
      return await work(reader);
    } finally {
      reader.closeSync();
    }
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
    const values: Record<string, DuckDBValue> = {};
    const valueTypes: Record<string, DuckDBType> = {};
    for (const parameter of bindParameters(sql, params, types)) {
      const bound = toDuckDbParameter(parameter);
      values[parameter.name] = bound.value;
      valueTypes[parameter.name] = bound.type;
    }
    try {
      return await connection.run(toDuckDbSql(sql), values, valueTypes);
    } catch (cause) {
      throw new WarehouseError('statement failed', { ...context, engine: 'duckdb', sql, cause });
    }
  }

  private async appendStaging(writer: DuckDBConnection, staging: string, table: TableDefinition, rows: readonly WireRow[]): Promise<void> {
    const columns: { name: string; type: ColumnType; duckType: DuckDBType }[] = table.columns.map((column) => ({
      name: column.name,
      type: column.type,
      duckType: duckDbType(column.type),
    }));
    const appender = await writer.createAppender(staging, null, 'temp');
    try {
      for (const row of rows) {
        for (const column of columns) {
          const value = row[column.name];
          if (value === null) appender.appendNull();
          else appender.appendValue(wireToDuckDbValue(value, column.type), column.duckType);
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
