import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse } from '@lib/warehouse';
import { seedBundledAnalytics } from '../seed/analytics.seeder';
import { evaluateWalkForward, loadEvaluationInput } from './walk-forward.evaluator';

const options = { minProbabilityMargin: 0.02, staleInputDays: 3, retrainAfterDays: 7 };

describe('walk-forward evaluation on the real bundled season', () => {
  let warehouse: DuckDBWarehouse;
  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluate-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    await seedBundledAnalytics(warehouse, { from: '2025-10-21', to: '2025-11-12' });
  }, 60_000);
  afterAll(async () => {
    await warehouse.close();
  });

  it('scores every system and the naive baselines on the same player-games, next to the line and the market', async () => {
    const input = await loadEvaluationInput(warehouse, '2025-11-08', '2025-11-12');
    const report = evaluateWalkForward(input, '2025-11-08', '2025-11-12', options);
    expect(report.dates_evaluated).toBe(5);
    expect(report.dates_skipped).toEqual([]);
    expect(report.metrics.map((metrics) => metrics.system)).toEqual([
      'rolling_avg_v1', 'ridge_v1', 'ensemble_v1', 'minutes_rate_v1', 'minutes_rate_v2', 'ridge_v2', 'gbm_v1', 'ensemble_v2', 'stacked_v1', 'market_v1', 'naive_season_avg', 'naive_last10_avg',
    ]);
    const counts = new Set(report.metrics.map((metrics) => `${metrics.player_games}/${metrics.with_line}`));
    expect(counts.size).toBe(1);
    const [{ played }] = await warehouse.query<{ played: number }>(
      `SELECT COUNT(*) AS played FROM nba_analytics.player_game_summary WHERE game_date BETWEEN '2025-11-08' AND '2025-11-12' AND played`,
    );
    const primary = report.metrics.find((metrics) => metrics.system === 'market_v1')!;
    for (const metrics of report.metrics) {
      // debuts are left out, nothing else
      expect(metrics.player_games).toBeLessThanOrEqual(Number(played));
      expect(metrics.player_games).toBeGreaterThan(Number(played) * 0.95);
      expect(metrics.mae).toBeGreaterThan(2);
      expect(metrics.mae).toBeLessThan(8);
      expect(metrics.line_mae).toBe(report.metrics[0].line_mae);
      expect(metrics.market_brier).toBe(primary.market_brier);
      expect(metrics.mae_minus_line!.estimate).toBeCloseTo(metrics.mae_with_line! - metrics.line_mae!, 2);
      expect(metrics.bets).toBe(metrics.wins + metrics.losses + metrics.pushes);
      if (metrics.hit_rate !== null) expect(metrics.hit_rate).toBeCloseTo(metrics.wins / (metrics.wins + metrics.losses), 3);
      expect(metrics.reliability.reduce((sum, bucket) => sum + bucket.predictions, 0)).toBe(metrics.probability_rows);
    }
    // the market-aware primary stays near the line: far closer to its MAE than a model alone
    expect(Math.abs(primary.mae_minus_line!.estimate)).toBeLessThan(0.1);
    expect(primary.brier).toBeGreaterThan(0.2);
    expect(primary.brier).toBeLessThan(0.26);
    expect(report.last_fits?.blend?.fittedThrough).toBe('2025-11-11');
    // minutes_rate_v2's exponent is on the retrain calendar, like the models: fitted through the block's training end
    expect(report.last_fits?.availability.fittedThrough).toBe('2025-11-06');
  }, 120_000);

  it('gives the same answer for a date whatever comes after it (training and fits see only earlier dates)', async () => {
    const short = evaluateWalkForward(await loadEvaluationInput(warehouse, '2025-11-08', '2025-11-08'), '2025-11-08', '2025-11-08', options);
    const longer = await loadEvaluationInput(warehouse, '2025-11-08', '2025-11-12');
    const onlyFirst = evaluateWalkForward(longer, '2025-11-08', '2025-11-08', options);
    expect(onlyFirst).toEqual(short);
  }, 120_000);
});
