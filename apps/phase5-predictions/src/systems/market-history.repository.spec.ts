import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse, playerGameSummaryTable, playerPropPredictionsTable, Row } from '@lib/warehouse';
import { MarketHistoryRepository } from './market-history.repository';

const summary = (gameDate: string, player: string, points: number): Row => ({
  game_id: `g-${gameDate}`, game_date: gameDate, season: '2025-26', player_lookup: player, player_name: player, team_code: 'BOS', opponent_code: 'NYK',
  is_home: true, played: true, points, primary_source: 'test', quality_tier: 'gold', processed_at: '2025-12-01T00:00:00.000Z',
});
const prediction = (gameDate: string, player: string, systemId: string, predicted: number, line: number | null = 20.5): Row => ({
  prediction_id: `${gameDate}-${player}-${systemId}-${predicted}-${line}`, game_id: `g-${gameDate}`, game_date: gameDate, player_lookup: player, system_id: systemId,
  is_primary: false, predicted_points: predicted, line_value: line, recommendation: 'PASS', confidence_score: 50, market_probability_over: line === null ? null : 0.52,
  quality_tier: 'gold', quality_flags: [], feature_version: 'v3', model_version: `${systemId}-test`, is_active: true, created_at: '2025-12-01T00:00:00.000Z',
});

/**
 * The market layer's fits are kept while the history's digest stays the same, so the digest must
 * move with every value the fits read, and only the rows the fits read may move it.
 */
describe('MarketHistoryRepository', () => {
  let directory: string;
  const warehouses: DuckDBWarehouse[] = [];
  const warehouseWith = async (name: string, predictions: Row[], summaries: Row[]) => {
    const warehouse = new DuckDBWarehouse({ path: path.join(directory, `${name}.duckdb`), tables: ALL_TABLES });
    warehouses.push(warehouse);
    await warehouse.migrate(ALL_TABLES);
    await warehouse.upsert(playerPropPredictionsTable, predictions);
    await warehouse.upsert(playerGameSummaryTable, summaries);
    return { warehouse, repository: new MarketHistoryRepository(warehouse) };
  };
  const predictions = [
    prediction('2025-11-01', 'ann', 'sys_a', 21.25), prediction('2025-11-01', 'ann', 'sys_b', 19.5), prediction('2025-11-01', 'bob', 'sys_a', 12),
    prediction('2025-11-02', 'ann', 'sys_a', 22.75), prediction('2025-11-02', 'cy', 'sys_a', 8.5, null),
  ];
  const summaries = [summary('2025-11-01', 'ann', 24), summary('2025-11-01', 'bob', 9), summary('2025-11-02', 'ann', 18), summary('2025-11-02', 'cy', 11)];

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'market-history-'));
  });
  afterAll(async () => {
    for (const warehouse of warehouses) await warehouse.close();
  });

  it('reads the earlier lined predictions with what happened, by system, and only the digest when it is the one given', async () => {
    const { repository } = await warehouseWith('plain', predictions, summaries);
    const read = await repository.beforeUnlessDigest('2025-11-03', null);
    expect(read.digest).toMatch(/^[0-9a-f]{32,}$/);
    expect(read.history).toEqual(
      new Map([
        ['sys_a', [
          { game_date: '2025-11-01', game_id: 'g-2025-11-01', player_lookup: 'ann', predicted: 21.25, line: 20.5, noVigProbabilityOver: 0.52, actual: 24 },
          { game_date: '2025-11-01', game_id: 'g-2025-11-01', player_lookup: 'bob', predicted: 12, line: 20.5, noVigProbabilityOver: 0.52, actual: 9 },
          { game_date: '2025-11-02', game_id: 'g-2025-11-02', player_lookup: 'ann', predicted: 22.75, line: 20.5, noVigProbabilityOver: 0.52, actual: 18 },
        ]],
        ['sys_b', [{ game_date: '2025-11-01', game_id: 'g-2025-11-01', player_lookup: 'ann', predicted: 19.5, line: 20.5, noVigProbabilityOver: 0.52, actual: 24 }]],
      ]),
    );
    expect(await repository.before('2025-11-03')).toEqual(read.history);
    expect(await repository.shapeBefore('2025-11-03')).toEqual({ rows: 4, lastDate: '2025-11-02' });
    expect(await repository.shapeBefore('2025-10-01')).toEqual({ rows: 0, lastDate: null });
    expect(await repository.beforeUnlessDigest('2025-11-03', read.digest)).toEqual({ digest: read.digest, history: null });
    expect((await repository.beforeUnlessDigest('2025-11-03', 'another digest')).history).toEqual(read.history);
    // the date itself is never part of its history
    expect((await repository.beforeUnlessDigest('2025-11-02', null)).history!.get('sys_a')).toHaveLength(2);
    expect((await repository.beforeUnlessDigest('2025-10-01', null)).history).toEqual(new Map());
  });

  it('gives the same digest for the same rows, and a new one when a value the fits read changes', async () => {
    const { repository: same } = await warehouseWith('same', [...predictions].reverse(), summaries);
    const { repository: plain } = await warehouseWith('plain-again', predictions, summaries);
    const digest = (await plain.beforeUnlessDigest('2025-11-03', null)).digest;
    expect((await same.beforeUnlessDigest('2025-11-03', null)).digest).toBe(digest);
    // an unlined prediction and a later date are not read: the digest stays
    const { repository: unread } = await warehouseWith('unread', [...predictions, prediction('2025-11-02', 'bob', 'sys_b', 30, null), prediction('2025-11-04', 'ann', 'sys_a', 1)], summaries);
    expect((await unread.beforeUnlessDigest('2025-11-03', digest)).history).toBeNull();

    const changed: Array<[string, Row[], Row[]]> = [
      // by the last bit, under the same prediction id
      ['a predicted value', predictions.map((row, index) => (index === 3 ? { ...row, predicted_points: 22.750000000000004 } : row)), summaries],
      ['a line', predictions.map((row, index) => (index === 2 ? prediction('2025-11-01', 'bob', 'sys_a', 12, 11.5) : row)), summaries],
      ['the points scored', predictions, summaries.map((row, index) => (index === 1 ? summary('2025-11-01', 'bob', 10) : row))],
      ['a player-game more', [...predictions, prediction('2025-11-02', 'cy', 'sys_b', 9)], summaries],
      ['a system renamed', predictions.map((row, index) => (index === 1 ? prediction('2025-11-01', 'ann', 'sys_c', 19.5) : row)), summaries],
    ];
    for (const [what, changedPredictions, changedSummaries] of changed) {
      const { repository } = await warehouseWith(what.replace(/ /g, '-'), changedPredictions, changedSummaries);
      const read = await repository.beforeUnlessDigest('2025-11-03', digest);
      expect({ what, digest: read.digest === digest, history: read.history === null }).toEqual({ what, digest: false, history: false });
    }
  });
});
