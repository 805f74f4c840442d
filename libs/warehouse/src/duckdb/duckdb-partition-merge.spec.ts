import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareRows } from '../rows/row.preparer';
import { buildMergeStatement, rowsSource, SqlDialect } from '../sql/merge-statement.builder';
import { duckDbColumnType } from '../ddl/table-ddl.generator';
import { defineTable } from '../tables/table-definition';
import { DuckDBWarehouse } from './duckdb.warehouse';

/** The MERGE as DuckDB ran it before: the partition pinned with IN UNNEST (read by DuckDB as IN (SELECT UNNEST(...))). */
// Names unquoted (all plain identifiers here) so the partition guard that query() applies reads the filter.
const IN_UNNEST_DIALECT: SqlDialect = {
  quote: (identifier) => identifier,
  castParameter: (name, type) => `CAST(@${name} AS ${duckDbColumnType(type)})`,
  inDatesParameter: (column, parameter) => `${column} IN UNNEST(@${parameter})`,
};

// The key leaves the partition column out on purpose: a key that moves to another date must be
// treated alike by both forms (not seen outside the pinned dates, so inserted anew).
const box = defineTable({
  dataset: 'nba_raw',
  name: 'partition_merge_probe',
  description: 'real player box rows of the bundled season',
  columns: [
    { name: 'game_id', type: 'STRING', required: true },
    { name: 'player_id', type: 'INT64', required: true },
    { name: 'game_date', type: 'DATE' },
    { name: 'team', type: 'STRING' },
    { name: 'minutes', type: 'FLOAT64' },
    { name: 'pts', type: 'INT64' },
  ],
  naturalKey: ['game_id', 'player_id'],
  partitionColumn: 'game_date',
});

describe('DuckDB MERGE pinned to its partitions with list_contains', () => {
  let root: string;
  let current: DuckDBWarehouse;
  let previous: DuckDBWarehouse;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'duckdb-partition-merge-'));
    current = new DuckDBWarehouse({ path: join(root, 'current.duckdb') });
    previous = new DuckDBWarehouse({ path: join(root, 'previous.duckdb') });
    await Promise.all([current.migrate([box]), previous.migrate([box])]);
  });

  afterEach(async () => {
    await Promise.all([current.close(), previous.close()]);
    await rm(root, { recursive: true, force: true });
  });

  it('leaves the same table as the IN UNNEST form for the same real upserts, keys moved to another date included', async () => {
    // The file quotes nothing (checked below), so a split reads it; libs/warehouse does not import the platform's CSV reader.
    const text = readFileSync(join(__dirname, '../../../../data/season_2025_26/player_box.csv'), 'utf8');
    expect(text).not.toContain('"');
    const [header, ...lines] = text.trim().split('\n').map((line) => line.split(','));
    const season = lines.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index]])));
    const rowsOf = (date: string) =>
      season
        .filter((row) => row.game_date === date)
        .map((row) => ({ game_id: row.game_id, player_id: Number(row.player_id), game_date: row.game_date, team: row.team, minutes: Number(row.minutes), pts: Number(row.pts) }));
    const first = rowsOf('2025-10-21');
    const second = rowsOf('2025-10-22');
    const corrected = first.slice(0, 5).map((row, index) => ({ ...row, pts: row.pts + 1, minutes: index === 0 ? null : row.minutes }));
    const moved = second.slice(0, 3).map((row) => ({ ...row, game_date: '2025-10-23' }));
    const upserts = [first, second, corrected, moved, [...corrected.slice(0, 2), ...second.slice(3, 6)]];
    expect(first.length).toBeGreaterThan(8);

    const previousUpsert = async (rows: ReadonlyArray<Record<string, unknown>>) => {
      // Eight rows a statement, distinct keys within each, as the parameter path merges them.
      for (let start = 0; start < rows.length; start += 8) {
        const prepared = prepareRows(box, rows.slice(start, start + 8));
        const { source, params } = rowsSource(box, prepared.rows, IN_UNNEST_DIALECT);
        const merge = buildMergeStatement(box, source, 'upsert', IN_UNNEST_DIALECT, prepared.partitionDates);
        expect(merge.sql).toMatch(/IN UNNEST\(@partition_dates\)/);
        await previous.query(merge.sql, { ...merge.params, ...params }, { types: merge.types });
      }
    };
    for (const rows of upserts) {
      await current.upsert(box, rows);
      await previousUpsert(rows);
    }

    const contents = (target: DuckDBWarehouse) =>
      target.query(`SELECT game_id, player_id, CAST(game_date AS STRING) AS game_date, team, minutes, pts FROM nba_raw.partition_merge_probe
                     WHERE game_date BETWEEN '2025-10-01' AND '2025-10-31' ORDER BY game_id, player_id, game_date`);
    const table = await contents(current);
    expect(table).toEqual(await contents(previous));
    // The moved keys were not seen outside their new date: each is there twice.
    expect(table).toHaveLength(first.length + second.length + moved.length);
    expect(table).toContainEqual(expect.objectContaining({ game_id: corrected[0].game_id, player_id: corrected[0].player_id, minutes: null, pts: corrected[0].pts }));
  });
});
