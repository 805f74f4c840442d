import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TABLES, deadLetterTable, phaseExecutionLogTable, processedMessagesTable } from '../tables';
import { defineTable } from '../tables/table-definition';
import { WarehouseError } from '../warehouse.errors';
import { DuckDBWarehouse } from './duckdb.warehouse';
import { contractTables } from '../testing/contract-tables.fixture';
import { SchemaRetypeError } from '../schema/schema-drift.builder';

describe('DuckDBWarehouse', () => {
  let root: string;
  let warehouse: DuckDBWarehouse;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'duckdb-warehouse-'));
    warehouse = new DuckDBWarehouse({ path: join(root, 'nested', 'dir', 'warehouse.duckdb') });
  });

  afterEach(async () => {
    await warehouse.close();
    await rm(root, { recursive: true, force: true });
  });

  describe('schema evolution', () => {
    const { games } = contractTables('_evolving');
    // An older declaration of the table: no spread and no box_score yet, and a column since removed.
    const older = defineTable({
      ...games,
      columns: [...games.columns.filter((column) => !['spread', 'box_score'].includes(column.name)), { name: 'legacy_note', type: 'STRING' }],
    });

    it('adds the declared columns an existing table lacks, keeping its rows, and reports what still differs', async () => {
      await warehouse.migrate([older]);
      await warehouse.upsert(older, [{ game_id: 'g1', game_date: '2024-01-15', home_team: 'BOS', points: 101 }]);
      expect(await warehouse.schemaDrift([games])).toEqual([
        { table: 'nba_raw.contract_games_evolving', kind: 'missing_column', column: 'spread', declared: 'FLOAT64' },
        { table: 'nba_raw.contract_games_evolving', kind: 'missing_column', column: 'box_score', declared: 'JSON' },
        { table: 'nba_raw.contract_games_evolving', kind: 'undeclared_column', column: 'legacy_note', actual: 'STRING' },
      ]);

      await warehouse.migrate([games]);
      await warehouse.migrate([games]);

      expect(await warehouse.schemaDrift([games])).toEqual([
        { table: 'nba_raw.contract_games_evolving', kind: 'undeclared_column', column: 'legacy_note', actual: 'STRING' },
      ]);
      await warehouse.upsert(games, [{ game_id: 'g2', game_date: '2024-01-15', home_team: 'LAL', spread: -2.5, box_score: { q: [1] } }]);
      const rows = await warehouse.query(
        `SELECT game_id, points, spread, box_score FROM nba_raw.contract_games_evolving WHERE game_date = '2024-01-15' ORDER BY game_id`,
      );
      expect(rows).toEqual([
        { game_id: 'g1', points: 101, spread: null, box_score: null },
        { game_id: 'g2', points: null, spread: -2.5, box_score: { q: [1] } },
      ]);
    });

    it('stages an upsert in the shape of the table it is given, after the declaration changes', async () => {
      // 20 rows: over the 80 cells merged from parameters, so both upserts go through the staging table
      const rows = (extra: Record<string, unknown>) =>
        Array.from({ length: 20 }, (_, index) => ({ game_id: `g${String(index).padStart(2, '0')}`, game_date: '2024-01-15', home_team: 'BOS', ...extra }));
      await warehouse.migrate([older]);
      await warehouse.upsert(older, rows({ points: 1, legacy_note: 'old' }));
      await warehouse.migrate([games]);
      await warehouse.upsert(games, rows({ points: 2, spread: -1.5 }));
      const landed = await warehouse.query(
        `SELECT DISTINCT points, spread, legacy_note FROM nba_raw.contract_games_evolving WHERE game_date = '2024-01-15'`,
      );
      expect(landed).toEqual([{ points: 2, spread: -1.5, legacy_note: null }]);
    });

    it('refuses a retyped column, naming the table and the column, and drops nothing', async () => {
      const retyped = defineTable({ ...games, columns: games.columns.map((column) => (column.name === 'points' ? { ...column, type: 'STRING' as const } : column)) });
      await warehouse.migrate([games]);
      await expect(warehouse.migrate([retyped])).rejects.toThrow('nba_raw.contract_games_evolving.points: declared STRING, the warehouse has INT64');
      await expect(warehouse.migrate([retyped])).rejects.toBeInstanceOf(SchemaRetypeError);
      expect(await warehouse.schemaDrift([games])).toEqual([]);
    });

    it('reports a declared table that does not exist', async () => {
      await warehouse.migrate([]);
      expect(await warehouse.schemaDrift([games])).toEqual([{ table: 'nba_raw.contract_games_evolving', kind: 'missing_table' }]);
    });
  });

  it('creates the database file and its parent directories on first use', async () => {
    await warehouse.ping();
    expect(existsSync(join(root, 'nested', 'dir', 'warehouse.duckdb'))).toBe(true);
  });

  it('migrates every declared platform table and round-trips their rows', async () => {
    await warehouse.migrate(ALL_TABLES);
    await warehouse.upsert(deadLetterTable, [
      {
        message_id: 'm1',
        subscription: 'sub',
        reason: 'payload failed validation',
        stage: 'payload',
        attributes: JSON.stringify({ eventType: 'raw.ready' }),
        dead_lettered_at: '2024-01-15T10:00:00.000Z',
        dead_lettered_date: '2024-01-15',
      },
    ]);
    await warehouse.upsert(phaseExecutionLogTable, [
      {
        run_id: 'r1',
        phase: 'phase2',
        service: 'analytics',
        game_date: '2024-01-15',
        status: 'success',
        degraded: false,
        trigger: 'pubsub',
        backfill_mode: false,
        records: 12,
        started_at: new Date('2024-01-15T10:00:00Z'),
      },
    ]);
    const [deadLetter] = await warehouse.query(
      'SELECT attributes FROM nba_orchestration.dead_letter WHERE dead_lettered_date = @day',
      { day: '2024-01-15' },
    );
    expect(deadLetter).toEqual({ attributes: { eventType: 'raw.ready' } });
    const [run] = await warehouse.query(
      'SELECT "trigger", records, started_at FROM nba_orchestration.phase_execution_log WHERE game_date = @day',
      { day: '2024-01-15' },
    );
    expect(run).toEqual({ trigger: 'pubsub', records: 12, started_at: '2024-01-15T10:00:00.000Z' });
  });

  it('returns 64-bit integers beyond the exact range of a number as decimal strings', async () => {
    expect(await warehouse.query('SELECT CAST(@big AS BIGINT) AS big, CAST(@small AS BIGINT) AS small', { big: '9007199254740993', small: 5 })).toEqual([
      { big: '9007199254740993', small: 5 },
    ]);
  });

  it('runs a write statement passed to query() in turn with upserts', async () => {
    await warehouse.migrate(ALL_TABLES);
    const row = { subscription: 's', message_id: 'm', service: 'svc', processed_at: new Date() };
    const upserting = warehouse.upsert(processedMessagesTable, [row]);
    const deleting = warehouse.query('DELETE FROM nba_orchestration.processed_messages WHERE subscription = @s', { s: 's' });
    await Promise.all([upserting, deleting]);
    expect(await warehouse.query('SELECT COUNT(*) AS n FROM nba_orchestration.processed_messages')).toEqual([{ n: 0 }]);
  });

  describe('upserts queued behind the write lock run as one MERGE', () => {
    // Created by hand with a narrower column than declared, so a row can pass validation and still fail in DuckDB.
    const probe = defineTable({
      dataset: 'nba_raw',
      name: 'batch_probe',
      description: 'test table',
      columns: [
        { name: 'id', type: 'STRING', required: true },
        { name: 'points', type: 'INT64' },
        { name: 'note', type: 'JSON' },
      ],
      naturalKey: ['id'],
    });
    const createProbe = async (target: DuckDBWarehouse) => {
      await target.migrate([]);
      await target.query('CREATE TABLE nba_raw.batch_probe (id VARCHAR NOT NULL, points TINYINT, note JSON)');
    };
    const upserts = Array.from({ length: 12 }, (_, index) => [
      { id: `p${index % 5}`, points: index, note: { call: index } },
      ...(index % 3 === 0 ? [{ id: `q${index}`, points: null, note: null }] : []),
    ]);
    const contents = (target: DuckDBWarehouse) => target.query('SELECT id, points, note FROM nba_raw.batch_probe ORDER BY id');

    it('leave the same rows as the same upserts awaited one after the other', async () => {
      const oneByOne = new DuckDBWarehouse({ path: join(root, 'one-by-one.duckdb') });
      try {
        await Promise.all([createProbe(warehouse), createProbe(oneByOne)]);
        const results = await Promise.all(upserts.map((rows) => warehouse.upsert(probe, rows)));
        for (const rows of upserts) await oneByOne.upsert(probe, rows);
        expect(results.map((result) => result.rowsStaged)).toEqual(upserts.map((rows) => rows.length));
        expect(await contents(warehouse)).toEqual(await contents(oneByOne));
        expect(await contents(warehouse)).toContainEqual({ id: 'p0', points: 10, note: { call: 10 } });
      } finally {
        await oneByOne.close();
      }
    });

    it('a caller whose rows DuckDB refuses hears it alone; the others land', async () => {
      await createProbe(warehouse);
      const outcomes = await Promise.allSettled([
        warehouse.upsert(probe, [{ id: 'a', points: 1 }]),
        warehouse.upsert(probe, [{ id: 'b', points: 1000 }]),
        warehouse.upsert(probe, [{ id: 'c', points: 3 }, { id: 'd', points: 4 }]),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/nba_raw\.batch_probe/);
      expect((await contents(warehouse)).map((row) => row.id)).toEqual(['a', 'c', 'd']);
    });

    it('staged: a caller whose rows DuckDB refuses hears it alone; the others land, and the staging table goes on', async () => {
      await createProbe(warehouse);
      // 30 rows of three columns each: over the 80 cells merged from parameters
      const rows = (prefix: string, points: number) => Array.from({ length: 30 }, (_, index) => ({ id: `${prefix}${String(index).padStart(2, '0')}`, points }));
      const outcomes = await Promise.allSettled([
        warehouse.upsert(probe, rows('a', 1)),
        warehouse.upsert(probe, rows('b', 1000)),
        warehouse.upsert(probe, rows('c', 3)),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      await warehouse.upsert(probe, rows('a', 2));
      const landed = await contents(warehouse);
      expect(landed).toEqual([...rows('a', 2), ...rows('c', 3)].map((row) => ({ ...row, note: null })));
    });
  });

  it('leaves the same rows whether a few rows merge from bound parameters or many go through a staging table', async () => {
    const { games } = contractTables('_paths');
    const game = (index: number, points: number | null) => ({
      game_id: `g${index}`,
      game_date: `2024-01-${String(10 + (index % 3)).padStart(2, '0')}`,
      home_team: index % 2 === 0 ? 'BOS' : 'LAL',
      points,
      spread: index % 4 === 0 ? null : -index / 2,
      final: index % 3 === 0 ? null : index % 2 === 0,
      tipoff_at: index % 5 === 0 ? null : new Date(Date.UTC(2024, 0, 10, 19, index)),
      box_score: index % 2 === 0 ? { q: [index, index + 1], note: `it's "${index}"` } : null,
    });
    const staged = new DuckDBWarehouse({ path: join(root, 'staged.duckdb') });
    try {
      await Promise.all([warehouse.migrate([games]), staged.migrate([games])]);
      const all = Array.from({ length: 16 }, (_, index) => game(index, 100 + index));
      // Parameters (at most 80 cells, 10 rows of this table): upserts of eight rows, then three changed
      // rows. Staging: the same as one upsert of sixteen, then the three changed rows with eight unchanged
      // ones (eleven rows), twice (the kept staging table, emptied, used again).
      for (const rows of [all.slice(0, 8), all.slice(8)]) await warehouse.upsert(games, rows);
      await staged.upsert(games, all);
      const changed = [game(1, null), game(6, 7), game(12, 0)];
      await warehouse.upsert(games, changed);
      await staged.upsert(games, [...changed, ...all.slice(8, 12), ...all.slice(13)]);
      await staged.upsert(games, [...changed, ...all.slice(8, 12), ...all.slice(13)]);
      const contents = (target: DuckDBWarehouse) =>
        target.query(`SELECT * FROM nba_raw.contract_games_paths WHERE game_date BETWEEN '2024-01-01' AND '2024-01-31' ORDER BY game_id`);
      const paths = await contents(warehouse);
      expect(paths).toEqual(await contents(staged));
      expect(paths).toHaveLength(16);
      expect(paths).toContainEqual(expect.objectContaining({ game_id: 'g1', points: null, spread: -0.5 }));
      expect(paths).toContainEqual(expect.objectContaining({ game_id: 'g12', points: 0, box_score: { q: [12, 13], note: `it's "12"` } }));
    } finally {
      await staged.close();
    }
  });

  it('a staged upsert whose insert fails leaves the table as it was (its delete rolled back), and the writer goes on', async () => {
    const { claims } = contractTables('_atomic');
    await warehouse.migrate([claims]);
    // a unique index the table definition does not have: the only way to make the insert fail after its delete ran
    await warehouse.query('CREATE UNIQUE INDEX contract_claims_atomic_owner ON nba_orchestration.contract_claims_atomic (owner)');
    // 30 rows of three columns: over the 80 cells merged from parameters, so staged
    const key = (index: number) => `k${String(index).padStart(2, '0')}`;
    const claim = (index: number, owner: string) => ({ claim_key: key(index), owner, claimed_at: new Date(Date.UTC(2024, 0, 10, 12, index)) });
    await warehouse.upsert(claims, Array.from({ length: 30 }, (_, index) => claim(index, `a${index}`)));
    const contents = () => warehouse.query('SELECT claim_key, owner FROM nba_orchestration.contract_claims_atomic ORDER BY claim_key');
    const before = await contents();
    const clashing = [...Array.from({ length: 28 }, (_, index) => claim(index, `b${index}`)), claim(30, 'same'), claim(31, 'same')];
    await expect(warehouse.upsert(claims, clashing)).rejects.toThrow(WarehouseError);
    expect(await contents()).toEqual(before);
    // the staging table the failure left rows in is not used as it was: only these rows land
    await warehouse.upsert(claims, Array.from({ length: 29 }, (_, index) => claim(index, `c${index}`)));
    expect(await contents()).toEqual([...Array.from({ length: 29 }, (_, index) => ({ claim_key: key(index), owner: `c${index}` })), { claim_key: 'k29', owner: 'a29' }]);
  });

  it('opens the file with the checkpoint threshold it is given, and DuckDB default without one', async () => {
    const tuned = new DuckDBWarehouse({ path: join(root, 'tuned.duckdb'), checkpointThresholdMib: 256 });
    try {
      const setting = "SELECT current_setting('checkpoint_threshold') AS threshold";
      expect(await tuned.query(setting)).toEqual([{ threshold: '256.0 MiB' }]);
      expect(await warehouse.query(setting)).toEqual([{ threshold: '16.0 MiB' }]);
    } finally {
      await tuned.close();
    }
  });

  it('runs statements on the number of threads it is given, and DuckDB default (one per core) without one', async () => {
    const single = new DuckDBWarehouse({ path: join(root, 'single-thread.duckdb'), threads: 1 });
    try {
      const setting = "SELECT current_setting('threads') AS threads";
      expect(await single.query(setting)).toEqual([{ threads: 1 }]);
      const [defaults] = await warehouse.query<{ threads: number }>(setting);
      expect(Number(defaults.threads)).toBeGreaterThanOrEqual(1);
      await single.migrate(ALL_TABLES);
      await single.upsert(processedMessagesTable, [{ subscription: 's', message_id: 'm', service: 'svc', processed_at: new Date() }]);
      expect(await single.query('SELECT message_id FROM nba_orchestration.processed_messages')).toEqual([{ message_id: 'm' }]);
    } finally {
      await single.close();
    }
  });

  it('reports a failing statement with the SQL and DuckDB message', async () => {
    const failure = warehouse.query('SELECT * FROM nba_raw.no_such_table');
    await expect(failure).rejects.toThrow(WarehouseError);
    await expect(failure).rejects.toThrow(/duckdb query failed \(sql "SELECT \* FROM nba_raw\.no_such_table"\).*no_such_table/);
  });

  it('fails clearly when opening a missing file read-only', async () => {
    const readOnly = new DuckDBWarehouse({ path: join(root, 'missing.duckdb'), readOnly: true });
    await expect(readOnly.ping()).rejects.toThrow(/cannot open .*missing\.duckdb read-only/);
    await readOnly.close();
  });

  it('refuses work once closed', async () => {
    await warehouse.ping();
    await warehouse.close();
    await expect(warehouse.ping()).rejects.toThrow(/is closed/);
  });
});
