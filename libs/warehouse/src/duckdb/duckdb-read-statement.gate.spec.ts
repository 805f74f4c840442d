import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processedMessagesTable } from '../tables';
import { ReadOnlyQueryRefusedError } from '../warehouse.errors';
import { DuckDBWarehouse } from './duckdb.warehouse';

const LIMITS = { maxRows: 100, timeoutMs: 10_000 };

/**
 * Bypass attempts against the read tools (issue 12), each refused by DuckDB's own parser or by the
 * connection: every one was hand-written here, the first ones exactly as they got through before.
 */
const BYPASS_ATTEMPTS: Array<[label: string, sql: (dir: string) => string, reason: RegExp]> = [
  ["a '--' literal hiding a CREATE", () => "SELECT '--' AS a; CREATE TABLE nba_orchestration.x AS SELECT 1 AS x", /2 statements/],
  ["a '/*' literal hiding a DROP", () => "SELECT '/*' AS a; DROP TABLE nba_orchestration.processed_messages; SELECT '*/'", /3 statements/],
  ['a $$--$$ literal hiding a CREATE', () => 'SELECT $$--$$ AS a; CREATE TABLE nba_orchestration.x AS SELECT 1', /2 statements/],
  ["a '--' literal hiding a COPY to a file", (dir) => `SELECT '--'; COPY (SELECT 1) TO '${dir}/leak.csv'`, /2 statements/],
  ['two statements', () => 'SELECT 1; SELECT 2', /2 statements/],
  ['a comment before a write', () => '/* SELECT */ DELETE FROM nba_orchestration.processed_messages', /DELETE/],
  ['a line comment hiding nothing but the write after it', () => '-- SELECT\nDROP TABLE nba_orchestration.processed_messages', /DROP/],
  ['CREATE TABLE AS', () => 'CREATE TABLE nba_orchestration.x AS SELECT 1 AS x', /CREATE/],
  ['INSERT', () => "INSERT INTO nba_orchestration.processed_messages (subscription) VALUES ('x')", /INSERT/],
  ['UPDATE', () => "UPDATE nba_orchestration.processed_messages SET service = 'x'", /UPDATE/],
  ['a CTE feeding an INSERT', () => 'WITH x AS (SELECT 1) INSERT INTO nba_orchestration.t SELECT * FROM x', /not a SELECT/],
  ['MERGE', () => 'MERGE INTO nba_orchestration.processed_messages AS t USING (SELECT 1 AS a) s ON false WHEN NOT MATCHED THEN DO NOTHING', /MERGE|parse/],
  ['COPY TO a file', (dir) => `COPY (SELECT 1 AS x) TO '${dir}/leak.csv'`, /COPY/],
  ['COPY FROM a file', (dir) => `COPY nba_orchestration.processed_messages FROM '${dir}/secret.csv'`, /COPY/],
  ['EXPORT DATABASE', (dir) => `EXPORT DATABASE '${dir}/export'`, /EXPORT/],
  ['ATTACH another database', (dir) => `ATTACH '${dir}/other.duckdb' AS other`, /ATTACH/],
  ['DETACH', () => 'DETACH warehouse', /DETACH/],
  ['INSTALL an extension', () => 'INSTALL httpfs', /LOAD|EXTENSION|INSTALL/],
  ['LOAD an extension', () => 'LOAD json', /LOAD/],
  ['read_csv of the env file', (dir) => `SELECT * FROM read_csv('${dir}/secret.csv')`, /reaches outside the warehouse/],
  ['read_csv of /etc/passwd', () => "SELECT * FROM read_csv('/etc/passwd')", /reaches outside the warehouse/],
  ['read_text of any path', () => "SELECT * FROM read_text('/etc/passwd')", /reaches outside the warehouse/],
  ['read_blob of any path', () => "SELECT * FROM read_blob('/etc/hostname')", /reaches outside the warehouse/],
  ['a file named as a table', (dir) => `SELECT * FROM '${dir}/secret.csv'`, /reaches outside the warehouse/],
  ['glob of a directory', () => "SELECT * FROM glob('/etc/*')", /reaches outside the warehouse/],
  ['a URL', () => "SELECT * FROM read_csv('https://example.com/x.csv')", /reaches outside the warehouse/],
  ['PRAGMA', () => 'PRAGMA database_list', /PRAGMA/],
  ['SET re-enabling file access', () => 'SET enable_external_access = true', /SET/],
  ['RESET', () => 'RESET threads', /SET/],
  ['CALL', () => 'CALL checkpoint()', /CALL/],
  ['checkpoint as a table function', () => 'SELECT * FROM checkpoint()', /checkpoint, which writes/],
  ['force_checkpoint as a table function', () => 'SELECT * FROM force_checkpoint()', /force_checkpoint, which writes/],
  ['a sequence advanced from a SELECT', () => "SELECT nextval('seq')", /nextval, which writes/],
  ['BEGIN (ending the read-only transaction)', () => 'BEGIN TRANSACTION', /BEGIN/],
  ['COMMIT then a write', () => 'COMMIT; DROP TABLE nba_orchestration.processed_messages', /2 statements/],
  ['CHECKPOINT', () => 'CHECKPOINT', /CHECKPOINT|CALL|PRAGMA/],
  ['VACUUM', () => 'VACUUM', /VACUUM/],
  ['EXPLAIN ANALYZE (runs the statement)', () => 'EXPLAIN ANALYZE SELECT 1', /EXPLAIN/],
  ['a macro', () => 'CREATE MACRO m(a) AS a', /CREATE/],
  ['a NUL byte splitting the text', () => 'SELECT 1\0; DROP TABLE nba_orchestration.processed_messages', /NUL/],
  ['an unterminated comment', () => 'SELECT 1 /* DROP', /cannot parse/],
  ['an unterminated literal', () => "SELECT ';DROP TABLE x", /cannot parse/],
  ['an E-string escape trick', () => "SELECT E'\\''; DROP TABLE nba_orchestration.processed_messages; --'", /2 statements|cannot parse/],
  ['a quoted identifier trick', () => 'SELECT 1 AS ";"; DROP TABLE nba_orchestration.processed_messages', /2 statements/],
  ['only a comment', () => '-- SELECT 1', /empty/],
  ['nothing', () => '   ', /empty/],
];

describe('operator SQL on DuckDB: one read statement, decided by DuckDB, on a connection that cannot write', () => {
  let root: string;
  let warehouse: DuckDBWarehouse;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'read-gate-'));
    writeFileSync(join(root, 'secret.csv'), 'API_KEY\nsecret-value\n');
    const writer = new DuckDBWarehouse({ path: join(root, 'warehouse.duckdb') });
    await writer.migrate([processedMessagesTable]);
    await writer.query('CREATE SEQUENCE seq');
    await writer.insertIfAbsent(processedMessagesTable, {
      subscription: 'nba-phase2-raw-sub',
      message_id: 'm1',
      service: 'phase2-raw',
      topic: 'nba-phase1-scrapers-complete',
      game_date: '2025-11-05',
      correlation_id: 'c1',
      processed_at: '2025-11-05T10:00:00.000Z',
    });
    await writer.close();
    // The shape a running cluster has: the file opened for writing, operator reads beside the writes.
    warehouse = new DuckDBWarehouse({ path: join(root, 'warehouse.duckdb') });
  });

  afterAll(async () => {
    await warehouse.close();
    await rm(root, { recursive: true, force: true });
  });

  it.each(BYPASS_ATTEMPTS)('refuses %s', async (_label, sql, reason) => {
    const attempt = warehouse.queryReadOnly(sql(root), LIMITS);
    await expect(attempt).rejects.toThrow(ReadOnlyQueryRefusedError);
    await expect(warehouse.queryReadOnly(sql(root), LIMITS)).rejects.toThrow(reason);
  });

  it('left the warehouse and the disk as they were after every attempt', async () => {
    const { rows: tables } = await warehouse.queryReadOnly('SELECT table_schema, table_name FROM information_schema.tables ORDER BY 1, 2', LIMITS);
    expect(tables).toEqual([{ table_schema: 'nba_orchestration', table_name: 'processed_messages' }]);
    const { rows } = await warehouse.queryReadOnly("SELECT message_id FROM nba_orchestration.processed_messages WHERE game_date = '2025-11-05'", LIMITS);
    expect(rows).toEqual([{ message_id: 'm1' }]);
    expect((await readdir(root)).sort()).toEqual(['secret.csv', 'warehouse.duckdb']);
    expect(existsSync(join(root, 'leak.csv'))).toBe(false);
    // The sequence was never advanced.
    const [{ value }] = await warehouse.query("SELECT nextval('seq') AS value");
    expect(value).toBe(1);
  });

  it.each([
    ["SELECT 'DROP TABLE x; --' AS harmless_text", [{ harmless_text: 'DROP TABLE x; --' }]],
    ["SELECT $$'; DELETE FROM t; --$$ AS dollar_text", [{ dollar_text: "'; DELETE FROM t; --" }]],
    ['-- a comment with DELETE\nSELECT 2 AS two;', [{ two: 2 }]],
    ['WITH x AS (SELECT 1 AS a) SELECT a FROM x', [{ a: 1 }]],
    ['FROM (VALUES (1)) AS v(one)', [{ one: 1 }]],
    ["DESCRIBE SELECT 1 AS a", [{ column_name: 'a', column_type: 'INTEGER', null: 'YES', key: null, default: null, extra: null }]],
  ])('lets a read through: %s', async (sql, expected) => {
    expect((await warehouse.queryReadOnly(sql, LIMITS)).rows).toEqual(expected);
  });

  it('caps the rows and says it did', async () => {
    const result = await warehouse.queryReadOnly('SELECT range AS n FROM range(5000)', { maxRows: 3, timeoutMs: 10_000 });
    expect(result).toEqual({ rows: [{ n: 0 }, { n: 1 }, { n: 2 }], truncated: true });
  });

  it('interrupts a query that outlasts its timeout and says so', async () => {
    const endless = 'SELECT count(*) FROM range(1000000000000) a';
    await expect(warehouse.queryReadOnly(endless, { maxRows: 10, timeoutMs: 200 })).rejects.toThrow(/interrupted after 200 ms/);
  });

  it('still refuses writes on a file opened read-only (the CLI without a cluster)', async () => {
    const readOnly = new DuckDBWarehouse({ path: join(root, 'warehouse.duckdb'), readOnly: true });
    try {
      await expect(readOnly.queryReadOnly("SELECT '--'; DROP TABLE nba_orchestration.processed_messages", LIMITS)).rejects.toThrow(/2 statements/);
      await expect(readOnly.queryReadOnly("SELECT * FROM read_text('/etc/passwd')", LIMITS)).rejects.toThrow(/reaches outside/);
    } finally {
      await readOnly.close();
    }
  });
});
