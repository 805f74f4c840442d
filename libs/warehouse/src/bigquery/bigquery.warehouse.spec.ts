import { readFileSync } from 'node:fs';
import { BigQuery, BigQueryDate, BigQueryTimestamp, Query, TableField, TableMetadata } from '@google-cloud/bigquery';
import { bigQueryTableOptions } from '../ddl/table-ddl.generator';
import { qualifiedName, TableDefinition } from '../tables/table-definition';
import { contractTables } from '../testing/contract-tables.fixture';
import { phaseExecutionLogTable, processedMessagesTable } from '../tables';
import { buildMergeStatement, singleRowSource } from '../sql/merge-statement.builder';
import { bindParameters } from '../sql/named-parameters';
import { prepareRows } from '../rows/row.preparer';
import { InvalidRowError, PartitionFilterMissingError, WarehouseError } from '../warehouse.errors';
import { BigQueryWarehouse } from './bigquery.warehouse';
import {
  BIGQUERY_DIALECT,
  bigQueryJobLabels,
  buildQueryJobOptions,
  plainBigQueryValue,
  stagingLoadMetadata,
  stagingTableId,
  stagingTableOptions,
  toNewlineDelimitedJson,
} from './bigquery-request.builder';
import { retryOnConcurrentUpdate, RetryPolicy } from './concurrent-update.retry';

const { games, claims } = contractTables();
const NOW = new Date('2024-01-15T12:00:00.000Z');
const game = (id: string, overrides: Record<string, unknown> = {}) => ({
  game_id: id,
  game_date: '2024-01-15',
  home_team: 'BOS',
  points: 110,
  spread: -3.5,
  final: true,
  tipoff_at: '2024-01-16T00:30:00.000Z',
  box_score: { quarters: [28, 30] },
  ...overrides,
});

describe('BigQuery request building', () => {
  it('types every query parameter explicitly, wrapping dates and timestamps the way the client sends them', () => {
    const sql = 'SELECT * FROM t WHERE d = @day AND ts > @since AND id IN UNNEST(@ids) AND n = @n AND x = @maybe AND f = @ratio';
    const job = buildQueryJobOptions(
      sql,
      bindParameters(sql, { day: '2024-01-15', since: new Date(NOW), ids: ['a', 'b'], n: 3, maybe: null, ratio: 0.5, unused: 'x' }, { day: 'DATE' }),
      'US',
    );
    expect(job).toMatchObject({ query: sql, location: 'US', useLegacySql: false });
    expect(job.types).toEqual({ day: 'DATE', since: 'TIMESTAMP', ids: ['STRING'], n: 'INT64', maybe: 'STRING', ratio: 'FLOAT64' });
    const params = job.params as Record<string, unknown>;
    expect(params.day).toBeInstanceOf(BigQueryDate);
    expect((params.day as BigQueryDate).value).toBe('2024-01-15');
    expect(params.since).toBeInstanceOf(BigQueryTimestamp);
    // INT64 travels as a decimal string, which is how the REST API carries it and keeps 64 bits exact.
    expect(params).toMatchObject({ ids: ['a', 'b'], n: '3', maybe: null, ratio: 0.5 });
    expect(params).not.toHaveProperty('unused');
  });

  it('labels jobs the way BigQuery accepts labels: lower case, [a-z0-9_-], at most 63 characters, empty ones left out', () => {
    expect(bigQueryJobLabels({ service: 'phase2-raw', phase: 2, run_id: 'A1B2-C3.d4', empty: '', none: undefined, Note: 'x'.repeat(80) })).toEqual({
      service: 'phase2-raw',
      phase: '2',
      run_id: 'a1b2-c3_d4',
      note: 'x'.repeat(63),
    });
    expect(() => bigQueryJobLabels({ '2nd': 'x' })).toThrow('BigQuery job label key "2nd" must start with a letter');
    expect(buildQueryJobOptions('SELECT 1', [], 'US', { labels: { service: 'phase2-raw' }, maximumBytesBilled: 1024 })).toEqual({
      query: 'SELECT 1',
      location: 'US',
      useLegacySql: false,
      labels: { service: 'phase2-raw' },
      maximumBytesBilled: '1024',
    });
  });

  it('builds a query job with no parameters at all when the SQL uses none', () => {
    expect(buildQueryJobOptions('SELECT 1', [], 'EU')).toEqual({ query: 'SELECT 1', location: 'EU', useLegacySql: false });
  });

  it('builds an upsert MERGE on the natural key with a constant partition filter bound as a DATE array', () => {
    const merge = buildMergeStatement(games, 'nba_orchestration._staging_x', 'upsert', BIGQUERY_DIALECT, ['2024-01-15', '2024-01-16']);
    expect(merge.sql).toBe(
      [
        'MERGE INTO nba_raw.contract_games AS existing',
        'USING nba_orchestration._staging_x AS incoming',
        'ON existing.`game_id` = incoming.`game_id` AND existing.`game_date` = incoming.`game_date` AND existing.`game_date` IN UNNEST(@partition_dates)',
        'WHEN MATCHED THEN UPDATE SET `home_team` = incoming.`home_team`, `points` = incoming.`points`, `spread` = incoming.`spread`, ' +
          '`final` = incoming.`final`, `tipoff_at` = incoming.`tipoff_at`, `box_score` = incoming.`box_score`',
        'WHEN NOT MATCHED THEN INSERT (`game_id`, `game_date`, `home_team`, `points`, `spread`, `final`, `tipoff_at`, `box_score`) ' +
          'VALUES (incoming.`game_id`, incoming.`game_date`, incoming.`home_team`, incoming.`points`, incoming.`spread`, incoming.`final`, incoming.`tipoff_at`, incoming.`box_score`)',
      ].join('\n'),
    );
    expect(merge.params).toEqual({ partition_dates: ['2024-01-15', '2024-01-16'] });
    expect(merge.types).toEqual({ partition_dates: ['DATE'] });
  });

  it('builds an insert-if-absent MERGE from a one-row parameter source, with no update clause and no partition filter for an unpartitioned table', () => {
    const [row] = prepareRows(claims, [{ claim_key: 'k', owner: 'o', claimed_at: NOW }]).rows;
    const { source, params } = singleRowSource(claims, row, BIGQUERY_DIALECT);
    const merge = buildMergeStatement(claims, source, 'insert-if-absent', BIGQUERY_DIALECT, []);
    expect(source).toBe(
      '(SELECT CAST(@row_claim_key AS STRING) AS `claim_key`, CAST(@row_owner AS STRING) AS `owner`, CAST(@row_claimed_at AS TIMESTAMP) AS `claimed_at`)',
    );
    expect(params).toEqual({ row_claim_key: 'k', row_owner: 'o', row_claimed_at: '2024-01-15T12:00:00.000Z' });
    expect(merge.sql).not.toMatch(/WHEN MATCHED/);
    expect(merge.sql).not.toMatch(/partition_dates/);
    expect(merge.sql).toMatch(/ON existing.`claim_key` = incoming.`claim_key`\nWHEN NOT MATCHED THEN INSERT/);
  });

  it('reads JSON parameters with PARSE_JSON, since BigQuery cannot CAST a string to JSON', () => {
    expect(BIGQUERY_DIALECT.castParameter('p', 'JSON')).toBe('PARSE_JSON(@p)');
    expect(BIGQUERY_DIALECT.castParameter('p', 'DATE')).toBe('CAST(@p AS DATE)');
  });

  it('names staging tables uniquely and lets them expire within the hour', () => {
    expect(stagingTableId(games, NOW, 'ab12cd34')).toBe('_staging_nba_raw_contract_games_20240115120000000_ab12cd34');
    const options = stagingTableOptions(games, NOW);
    expect(options.expirationTime).toBe(String(NOW.getTime() + 60 * 60 * 1000));
    expect(options).not.toHaveProperty('timePartitioning');
    expect(options.schema).toEqual({ fields: expect.arrayContaining([{ name: 'game_id', type: 'STRING', mode: 'REQUIRED' }]) });
  });

  it('loads staging tables as newline-delimited JSON, replacing their content, into an existing table', () => {
    expect(stagingLoadMetadata(games)).toMatchObject({
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      writeDisposition: 'WRITE_TRUNCATE',
      createDisposition: 'CREATE_NEVER',
    });
  });

  it('writes one JSON line per row, with JSON columns inline and 64-bit integers kept exact', () => {
    const prepared = prepareRows(games, [game('g1'), game('g2', { points: '9007199254740993', box_score: null })]);
    const lines = toNewlineDelimitedJson(games, prepared.rows).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ ...game('g1'), box_score: { quarters: [28, 30] } });
    expect(lines[1]).toMatchObject({ points: '9007199254740993', box_score: null });
  });

  it('turns client result values into the same plain values DuckDB returns', () => {
    expect(
      plainBigQueryValue({
        day: BigQuery.date('2024-01-15'),
        at: BigQuery.timestamp('2024-01-16T00:30:00.123456Z'),
        nested: [{ day: BigQuery.date('2024-01-16') }],
        n: 3,
        nothing: null,
      }),
    ).toEqual({ day: '2024-01-15', at: '2024-01-16T00:30:00.123Z', nested: [{ day: '2024-01-16' }], n: 3, nothing: null });
  });
});

describe('retrying MERGEs aborted by concurrent updates', () => {
  const instantPolicy = (sleeps: number[]): RetryPolicy => ({
    attempts: 3,
    baseDelayMs: 100,
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });

  it('retries with doubling delays until the statement goes through', async () => {
    const sleeps: number[] = [];
    const work = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('Could not serialize access to table p:nba_raw.t due to concurrent update'))
      .mockRejectedValueOnce(new Error('Transaction is aborted due to concurrent update against table p:nba_raw.t'))
      .mockResolvedValue('merged');
    await expect(retryOnConcurrentUpdate(work, instantPolicy(sleeps))).resolves.toBe('merged');
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after the last attempt with the abort itself', async () => {
    const abort = new Error('Could not serialize access to table t due to concurrent update');
    await expect(retryOnConcurrentUpdate(() => Promise.reject(abort), instantPolicy([]))).rejects.toBe(abort);
  });

  it('does not retry any other failure', async () => {
    const work = jest.fn(() => Promise.reject(new Error('Syntax error: Unexpected keyword')));
    await expect(retryOnConcurrentUpdate(work, instantPolicy([]))).rejects.toThrow(/Syntax error/);
    expect(work).toHaveBeenCalledTimes(1);
  });
});

/** Answers a query job: rows for a SELECT, an affected-row count for DML, or a failure. */
type QueryResponder = (options: Query) => { rows?: Record<string, unknown>[]; affected?: number; error?: Error; statementType?: string };

/** Records every call the adapter makes on the client, in order, the way the real client would receive them. */
class FakeBigQueryClient {
  readonly calls: string[] = [];
  readonly queryJobs: Query[] = [];
  readonly loads: { table: string; ndjson: string; metadata: unknown }[] = [];
  readonly existing = new Set<string>();
  readonly schemas = new Map<string, TableField[]>();
  respond: QueryResponder = () => ({ rows: [] });

  /** A table that already exists in the warehouse, with its declared schema. */
  addTable(table: TableDefinition) {
    this.existing.add(qualifiedName(table));
    this.schemas.set(qualifiedName(table), bigQueryTableOptions(table).schema!.fields!);
  }

  dataset(datasetId: string) {
    return {
      exists: async () => [this.existing.has(datasetId)],
      createTable: async (tableId: string, options: TableMetadata) => {
        this.calls.push(`createTable ${datasetId}.${tableId}`);
        this.existing.add(`${datasetId}.${tableId}`);
        this.schemas.set(`${datasetId}.${tableId}`, options.schema?.fields ?? []);
        return [{ id: tableId }, options];
      },
      table: (tableId: string) => this.table(`${datasetId}.${tableId}`),
    };
  }

  async createDataset(datasetId: string) {
    this.calls.push(`createDataset ${datasetId}`);
    this.existing.add(datasetId);
    return [{ id: datasetId }];
  }

  async createQueryJob(options: Query) {
    this.calls.push(`query ${String(options.query).split(/\s/)[0]}`);
    this.queryJobs.push(options);
    const response = this.respond(options);
    if (options.dryRun && response.error) throw response.error;
    return [
      {
        metadata: { statistics: { query: { statementType: response.statementType } } },
        getQueryResults: async () => {
          if (response.error) throw response.error;
          return [response.rows ?? []];
        },
        getMetadata: async () => [{ statistics: { query: { numDmlAffectedRows: String(response.affected ?? 0) } } }],
      },
    ];
  }

  private table(name: string) {
    return {
      exists: async () => [this.existing.has(name)],
      getMetadata: async () => {
        if (!this.existing.has(name)) throw Object.assign(new Error(`Not found: Table ${name}`), { code: 404 });
        return [{ schema: { fields: this.schemas.get(name) ?? [] } }];
      },
      setMetadata: async (metadata: TableMetadata) => {
        this.calls.push(`setMetadata ${name}`);
        this.schemas.set(name, metadata.schema?.fields ?? []);
        return [metadata];
      },
      load: async (file: string, metadata: unknown) => {
        this.calls.push(`load ${name}`);
        this.loads.push({ table: name, ndjson: readFileSync(file, 'utf8'), metadata });
        return [{ status: { state: 'DONE' } }];
      },
      delete: async (options: unknown) => {
        this.calls.push(`delete ${name} ${JSON.stringify(options)}`);
        this.existing.delete(name);
        return [{}];
      },
      insert: async () => {
        this.calls.push(`insert ${name}`);
        throw new Error('the streaming insert API must never be used');
      },
    };
  }
}

describe('BigQueryWarehouse against a recording client', () => {
  let client: FakeBigQueryClient;
  let warehouse: BigQueryWarehouse;

  beforeEach(() => {
    client = new FakeBigQueryClient();
    warehouse = new BigQueryWarehouse({
      projectId: 'test-project',
      location: 'US',
      client: client as unknown as BigQuery,
      tables: [games, claims],
      retry: { sleep: async () => undefined },
      now: () => NOW,
    });
  });

  describe('queryReadOnly: a dry run decides, and only a SELECT runs', () => {
    // statementType values as BigQuery's JobStatistics2 documents them; a dry run returns them unrun.
    it.each([
      ['DELETE FROM nba_raw.bdl_games WHERE true', 'DELETE'],
      ["SELECT 1; DROP TABLE nba_raw.bdl_games", 'SCRIPT'],
      ['CREATE TABLE nba_raw.x AS SELECT 1', 'CREATE_TABLE_AS_SELECT'],
      ["EXPORT DATA OPTIONS(uri='gs://b/*.csv', format='CSV') AS SELECT 1", 'EXPORT_DATA'],
    ])('refuses %s (dry run says %s) without running it', async (sql, statementType) => {
      client.respond = () => ({ statementType, rows: [] });
      await expect(warehouse.queryReadOnly(sql, { maxRows: 10, timeoutMs: 1000 })).rejects.toThrow(`BigQuery's dry run reads it as ${statementType}`);
      expect(client.queryJobs.map((job) => job.dryRun)).toEqual([true]);
    });

    it('refuses what the dry run cannot parse, with BigQuery\'s reason', async () => {
      client.respond = () => ({ error: Object.assign(new Error('Syntax error: Unexpected keyword DROP at [1:10]'), { code: 400 }) });
      await expect(warehouse.queryReadOnly('SELECT 1 DROP', { maxRows: 10, timeoutMs: 1000 })).rejects.toThrow(/dry run refuses it: Syntax error/);
    });

    it('runs a SELECT after its dry run, with a job timeout, and caps the rows', async () => {
      client.respond = (options) => ({ statementType: 'SELECT', rows: options.dryRun ? [] : [{ n: 1 }, { n: 2 }, { n: 3 }] });
      const result = await warehouse.queryReadOnly('SELECT n FROM UNNEST([1, 2, 3]) AS n', { maxRows: 2, timeoutMs: 1000 });
      expect(result).toEqual({ rows: [{ n: 1 }, { n: 2 }], truncated: true });
      expect(client.queryJobs.map((job) => [job.dryRun ?? false, job.jobTimeoutMs])).toEqual([
        [true, undefined],
        [false, 1000],
      ]);
    });
  });

  it('migrate creates the missing datasets in the configured location, then the missing tables', async () => {
    ['nba_raw', 'nba_analytics', 'nba_orchestration'].forEach((dataset) => client.existing.add(dataset));
    client.addTable(processedMessagesTable);
    const createDataset = jest.spyOn(client, 'createDataset');
    await warehouse.migrate([phaseExecutionLogTable, processedMessagesTable]);
    expect(client.calls).toEqual([
      'createDataset nba_precompute',
      'createDataset nba_predictions',
      'createTable nba_orchestration.phase_execution_log',
    ]);
    expect(createDataset).toHaveBeenCalledWith('nba_precompute', { location: 'US' });
  });

  it('migrate sends the table options generated from the definition', async () => {
    const created: unknown[] = [];
    const original = client.dataset.bind(client);
    jest.spyOn(client, 'dataset').mockImplementation((datasetId: string) => ({
      ...original(datasetId),
      createTable: async (tableId: string, options: unknown) => {
        created.push(options);
        return [{ id: tableId }];
      },
    }));
    await warehouse.migrate([phaseExecutionLogTable]);
    expect(created).toEqual([
      expect.objectContaining({
        timePartitioning: { type: 'DAY', field: 'game_date' },
        requirePartitionFilter: true,
        clustering: { fields: ['phase', 'status'] },
      }),
    ]);
  });

  it('migrate twice creates nothing the second time', async () => {
    await warehouse.migrate([games]);
    client.calls.length = 0;
    await warehouse.migrate([games]);
    expect(client.calls).toEqual([]);
  });

  it('migrate treats losing a creation race (409) as success', async () => {
    jest.spyOn(client, 'createDataset').mockRejectedValue(Object.assign(new Error('Already Exists: Dataset'), { code: 409 }));
    client.addTable(games);
    await expect(warehouse.migrate([games])).resolves.toBeUndefined();
  });

  it('upsert creates a staging table, loads it, MERGEs, then drops it, and never uses streaming inserts', async () => {
    client.respond = () => ({ affected: 2 });
    const result = await warehouse.upsert(games, [game('g1'), game('g2'), game('g1', { points: 1 })]);
    expect(result).toEqual({ table: 'nba_raw.contract_games', rowsStaged: 2 });
    const staging = 'nba_orchestration._staging_nba_raw_contract_games_20240115120000000_';
    expect(client.calls).toEqual([
      expect.stringMatching(new RegExp(`^createTable ${staging}[0-9a-f]{8}$`)),
      expect.stringMatching(new RegExp(`^load ${staging}`)),
      'query MERGE',
      expect.stringMatching(new RegExp(`^delete ${staging}.* {"ignoreNotFound":true}$`)),
    ]);
    expect(client.calls.some((call) => call.startsWith('insert'))).toBe(false);
    const [load] = client.loads;
    expect(load.ndjson.trimEnd().split('\n').map((line) => JSON.parse(line).points)).toEqual([1, 110]);
    const [merge] = client.queryJobs;
    expect(merge.query).toContain(`USING ${load.table} AS incoming`);
    expect(merge.types).toEqual({ partition_dates: ['DATE'] });
    expect((merge.params as { partition_dates: BigQueryDate[] }).partition_dates.map((date) => date.value)).toEqual(['2024-01-15']);
  });

  it('upsert retries a MERGE aborted by a concurrent update and still drops the staging table once', async () => {
    let merges = 0;
    client.respond = () => {
      merges += 1;
      return merges === 1 ? { error: new Error('Could not serialize access to table due to concurrent update') } : { affected: 1 };
    };
    await warehouse.upsert(games, [game('g1')]);
    expect(client.calls.filter((call) => call === 'query MERGE')).toHaveLength(2);
    expect(client.calls.filter((call) => call.startsWith('delete'))).toHaveLength(1);
  });

  it('upsert drops the staging table when the MERGE fails, and reports the failure with table and SQL', async () => {
    client.respond = () => ({ error: new Error('Query error: UPDATE/MERGE must match at most one source row') });
    const upsert = warehouse.upsert(games, [game('g1')]);
    await expect(upsert).rejects.toThrow(WarehouseError);
    await expect(upsert).rejects.toThrow(/bigquery upsert failed \(table nba_raw\.contract_games, sql "MERGE INTO .*at most one source row/);
    expect(client.calls.at(-1)).toMatch(/^delete nba_orchestration\._staging_/);
  });

  it('upsert refuses an invalid row before calling BigQuery', async () => {
    await expect(warehouse.upsert(games, [game('g1', { points: 1.5 })])).rejects.toThrow(InvalidRowError);
    expect(client.calls).toEqual([]);
  });

  it('insertIfAbsent runs one MERGE and reports whether it inserted from numDmlAffectedRows', async () => {
    client.respond = () => ({ affected: 1 });
    expect(await warehouse.insertIfAbsent(claims, { claim_key: 'k', owner: 'o', claimed_at: NOW })).toEqual({ inserted: true });
    client.respond = () => ({ affected: 0 });
    expect(await warehouse.insertIfAbsent(claims, { claim_key: 'k', owner: 'late', claimed_at: NOW })).toEqual({ inserted: false });
    expect(client.calls).toEqual(['query MERGE', 'query MERGE']);
    expect(client.queryJobs[0]).toMatchObject({
      location: 'US',
      params: { row_claim_key: 'k', row_owner: 'o', row_claimed_at: '2024-01-15T12:00:00.000Z' },
      types: { row_claim_key: 'STRING', row_owner: 'STRING', row_claimed_at: 'STRING' },
    });
  });

  it('query sends the SQL unchanged with typed parameters and returns plain rows', async () => {
    client.respond = () => ({ rows: [{ game_date: BigQuery.date('2024-01-15'), points: 110 }] });
    const sql = 'SELECT game_date, points FROM nba_raw.contract_games WHERE game_date = @day AND game_id IN UNNEST(@ids)';
    expect(await warehouse.query(sql, { day: '2024-01-15', ids: [] }, { types: { day: 'DATE' } })).toEqual([
      { game_date: '2024-01-15', points: 110 },
    ]);
    expect(client.queryJobs[0]).toMatchObject({ query: sql, location: 'US', types: { day: 'DATE', ids: ['STRING'] } });
  });

  it('query refuses an unfiltered read of a partitioned table before calling BigQuery', async () => {
    await expect(warehouse.query('SELECT * FROM nba_raw.contract_games')).rejects.toThrow(PartitionFilterMissingError);
    expect(client.calls).toEqual([]);
  });

  it('a read-only BigQuery warehouse refuses writes', async () => {
    const readOnly = new BigQueryWarehouse({ projectId: 'p', location: 'US', client: client as unknown as BigQuery, readOnly: true });
    await expect(readOnly.upsert(games, [game('g1')])).rejects.toThrow(/read-only/);
    expect(client.calls).toEqual([]);
  });
});
