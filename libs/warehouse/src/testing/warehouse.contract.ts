import { Warehouse } from '../warehouse.interface';
import { InvalidRowError, PartitionFilterMissingError, ReadOnlyWarehouseError } from '../warehouse.errors';
import { contractTables } from './contract-tables.fixture';

/**
 * The behaviour every Warehouse engine promises, as a list of cases run against a real database.
 * The DuckDB spec runs it on a temp file; a BigQuery run needs only a subject that opens a
 * BigQueryWarehouse on a scratch project (and a `tableSuffix` so runs do not share tables).
 */
export interface WarehouseContractSubject {
  /** A warehouse on a fresh, empty database. */
  open(): Promise<Warehouse>;
  /** Reopens the database last opened, read-only; left out for an engine without a read-only mode. */
  reopenReadOnly?(): Promise<Warehouse>;
  /** Appended to the contract's table names, so runs against a shared project do not collide. */
  tableSuffix?: string;
}

export function describeWarehouseContract(engineName: string, subject: WarehouseContractSubject): void {
  const { games, claims } = contractTables(subject.tableSuffix);
  const gamesTable = `${games.dataset}.${games.name}`;
  const claimsTable = `${claims.dataset}.${claims.name}`;
  const game = (id: string, overrides: Record<string, unknown> = {}) => ({
    game_id: id,
    game_date: '2024-01-15',
    home_team: 'BOS',
    points: 110,
    spread: -3.5,
    final: true,
    tipoff_at: '2024-01-16T00:30:00.000Z',
    box_score: { quarters: [28, 30, 25, 27] },
    ...overrides,
  });
  const selectGames = `SELECT * FROM ${gamesTable} WHERE game_date BETWEEN @from AND @to ORDER BY game_id`;
  const january = { from: '2024-01-01', to: '2024-01-31' };

  describe(`Warehouse contract on ${engineName}`, () => {
    let warehouse: Warehouse;
    const readOnlyIt = subject.reopenReadOnly ? it : it.skip;

    beforeEach(async () => {
      warehouse = await subject.open();
      await warehouse.migrate([games, claims]);
    });

    afterEach(async () => {
      await warehouse.close();
    });

    it('migrating twice keeps the tables and their rows', async () => {
      await warehouse.upsert(games, [game('g1')]);
      await warehouse.migrate([games, claims]);
      expect(await warehouse.query(selectGames, january)).toHaveLength(1);
    });

    it('answers a ping', async () => {
      await expect(warehouse.ping()).resolves.toBeUndefined();
    });

    it('returns rows as plain JSON-safe values', async () => {
      await warehouse.upsert(games, [game('g1')]);
      const [row] = await warehouse.query(selectGames, january);
      expect(row).toEqual({
        game_id: 'g1',
        game_date: '2024-01-15',
        home_team: 'BOS',
        points: 110,
        spread: -3.5,
        final: true,
        tipoff_at: '2024-01-16T00:30:00.000Z',
        box_score: { quarters: [28, 30, 25, 27] },
      });
      expect(JSON.parse(JSON.stringify(row))).toEqual(row);
    });

    it('upserting the same rows twice leaves the same rows', async () => {
      const rows = [game('g1'), game('g2', { home_team: 'LAL', points: null, box_score: null })];
      await warehouse.upsert(games, rows);
      const first = await warehouse.query(selectGames, january);
      await warehouse.upsert(games, rows);
      expect(await warehouse.query(selectGames, january)).toEqual(first);
      expect(first).toHaveLength(2);
    });

    it('upserting an existing natural key updates the other columns', async () => {
      await warehouse.upsert(games, [game('g1', { points: 100, final: false })]);
      await warehouse.upsert(games, [game('g1', { points: 121, final: true, box_score: '{"ot":true}' })]);
      const rows = await warehouse.query(selectGames, january);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ points: 121, final: true, box_score: { ot: true } });
    });

    it('the same natural key on another partition date is another row', async () => {
      await warehouse.upsert(games, [game('g1'), game('g1', { game_date: '2024-01-16' })]);
      expect(await warehouse.query(selectGames, january)).toHaveLength(2);
    });

    it('rows repeating a natural key within one upsert are staged once, the last one winning', async () => {
      const result = await warehouse.upsert(games, [game('g1', { points: 1 }), game('g2'), game('g1', { points: 3 })]);
      expect(result).toEqual({ table: gamesTable, rowsStaged: 2 });
      const rows = await warehouse.query<{ game_id: string; points: number }>(selectGames, january);
      expect(rows.map((row) => [row.game_id, row.points])).toEqual([
        ['g1', 3],
        ['g2', 110],
      ]);
    });

    it('upserting no rows writes nothing', async () => {
      expect(await warehouse.upsert(games, [])).toEqual({ table: gamesTable, rowsStaged: 0 });
    });

    it('insertIfAbsent lets the first writer win and leaves its row untouched', async () => {
      const first = { claim_key: 'msg-1', owner: 'first', claimed_at: '2024-01-15T10:00:00.000Z' };
      const second = { claim_key: 'msg-1', owner: 'second', claimed_at: '2024-01-15T11:00:00.000Z' };
      expect(await warehouse.insertIfAbsent(claims, first)).toEqual({ inserted: true });
      expect(await warehouse.insertIfAbsent(claims, second)).toEqual({ inserted: false });
      expect(await warehouse.query(`SELECT * FROM ${claimsTable}`)).toEqual([first]);
    });

    it('insertIfAbsent on a partitioned table matches the key within the row partition', async () => {
      expect(await warehouse.insertIfAbsent(games, game('g1'))).toEqual({ inserted: true });
      expect(await warehouse.insertIfAbsent(games, game('g1', { points: 0 }))).toEqual({ inserted: false });
      expect(await warehouse.query(selectGames, january)).toEqual([expect.objectContaining({ points: 110 })]);
    });

    it('refuses a query reading a partitioned table without a partition filter, naming table and column', async () => {
      const refusal = warehouse.query(`SELECT COUNT(*) AS n FROM ${gamesTable} WHERE home_team = @team`, { team: 'BOS' });
      await expect(refusal).rejects.toThrow(PartitionFilterMissingError);
      await expect(refusal).rejects.toThrow(new RegExp(`${gamesTable}.*game_date`));
    });

    it('allows a query filtering the partition column, and unpartitioned tables unfiltered', async () => {
      await warehouse.upsert(games, [game('g1')]);
      const filtered = `SELECT COUNT(*) AS n FROM ${gamesTable} WHERE game_date = @day`;
      expect(await warehouse.query(filtered, { day: '2024-01-15' })).toEqual([{ n: 1 }]);
      expect(await warehouse.query(`SELECT COUNT(*) AS n FROM ${claimsTable}`)).toEqual([{ n: 0 }]);
    });

    it('binds string, number, boolean, date, null and array parameters', async () => {
      await warehouse.upsert(games, [game('g1'), game('g2', { points: 90, final: false }), game('g3', { home_team: 'NYK' })]);
      const rows = await warehouse.query<{ game_id: string }>(
        `SELECT game_id FROM ${gamesTable}
          WHERE game_date BETWEEN @from AND @to
            AND game_id IN UNNEST(@ids)
            AND home_team = @team
            AND points >= @minPoints
            AND final = @final
            AND (@maybe IS NULL OR home_team = @maybe)
          ORDER BY game_id`,
        { ...january, ids: ['g1', 'g2', 'g3'], team: 'BOS', minPoints: 100, final: true, maybe: null },
      );
      expect(rows).toEqual([{ game_id: 'g1' }]);
    });

    it('binds typed arrays, including dates and an empty array', async () => {
      await warehouse.upsert(games, [game('g1'), game('g2', { game_date: '2024-01-20' })]);
      const byDates = `SELECT game_id FROM ${gamesTable} WHERE game_date IN UNNEST(@days) ORDER BY game_id`;
      expect(await warehouse.query(byDates, { days: ['2024-01-20'] }, { types: { days: ['DATE'] } })).toEqual([{ game_id: 'g2' }]);
      const byPoints = `SELECT game_id FROM ${gamesTable} WHERE game_date = @day AND points IN UNNEST(@points)`;
      expect(await warehouse.query(byPoints, { day: '2024-01-15', points: [] }, { types: { points: ['INT64'] } })).toEqual([]);
    });

    it('ignores @ inside string literals', async () => {
      expect(await warehouse.query(`SELECT 'user@example.com' AS email, @id AS id`, { id: 'x' })).toEqual([
        { email: 'user@example.com', id: 'x' },
      ]);
    });

    it('stores a SQL-injection-looking string verbatim', async () => {
      const hostile = `O'Brien'); DROP TABLE ${gamesTable}; -- @team \\ "quoted"`;
      await warehouse.upsert(games, [game('g1', { home_team: hostile })]);
      const rows = await warehouse.query(`SELECT home_team FROM ${gamesTable} WHERE game_date = @day AND home_team = @team`, {
        day: '2024-01-15',
        team: hostile,
      });
      expect(rows).toEqual([{ home_team: hostile }]);
    });

    it('refuses a row with an undeclared column, naming the table and the column', async () => {
      const upsert = warehouse.upsert(games, [game('g1', { overtime: true })]);
      await expect(upsert).rejects.toThrow(InvalidRowError);
      await expect(upsert).rejects.toThrow(new RegExp(`${gamesTable}.*overtime`));
    });

    it('refuses a row missing a required column, naming the table and the column', async () => {
      const { home_team: _missing, ...withoutHomeTeam } = game('g1');
      await expect(warehouse.upsert(games, [withoutHomeTeam])).rejects.toThrow(new RegExp(`${gamesTable}.*home_team.*required`));
      await expect(warehouse.insertIfAbsent(claims, { claim_key: 'k', claimed_at: new Date() })).rejects.toThrow(/owner.*required/);
    });

    it('concurrent upserts to one table both land', async () => {
      await Promise.all([
        warehouse.upsert(games, [game('g1'), game('g2')]),
        warehouse.upsert(games, [game('g3'), game('g1', { points: 99 })]),
        warehouse.insertIfAbsent(games, game('g4')),
      ]);
      const rows = await warehouse.query<{ game_id: string }>(selectGames, january);
      expect(rows.map((row) => row.game_id)).toEqual(['g1', 'g2', 'g3', 'g4']);
    });

    readOnlyIt('a read-only warehouse answers queries but refuses writes', async () => {
      await warehouse.upsert(games, [game('g1')]);
      await warehouse.close();
      warehouse = await subject.reopenReadOnly!();
      expect(await warehouse.query(selectGames, january)).toHaveLength(1);
      await expect(warehouse.upsert(games, [game('g2')])).rejects.toThrow(ReadOnlyWarehouseError);
      await expect(warehouse.insertIfAbsent(claims, { claim_key: 'k', owner: 'o', claimed_at: new Date() })).rejects.toThrow(
        ReadOnlyWarehouseError,
      );
      await expect(warehouse.query(`DELETE FROM ${claimsTable} WHERE TRUE`)).rejects.toThrow(/read-only/i);
    });
  });
}
