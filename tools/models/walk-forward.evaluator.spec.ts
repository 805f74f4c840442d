import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse } from '@lib/warehouse';
import { seedBundledAnalytics } from '../seed/analytics.seeder';
import { evaluateWalkForward, loadEvaluationInput } from './walk-forward.evaluator';

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

  it('scores every system and the naive baselines on the same player-games, next to the line', async () => {
    const input = await loadEvaluationInput(warehouse, '2025-11-08', '2025-11-12');
    const report = evaluateWalkForward(input, '2025-11-08', '2025-11-12', { minEdgePoints: 1.5, staleInputDays: 3 });
    expect(report.dates_evaluated).toBe(5);
    expect(report.scores.map((score) => score.system)).toEqual(['rolling_avg_v1', 'ridge_v1', 'ensemble_v1', 'naive_season_avg', 'naive_last10_avg']);
    const counts = new Set(report.scores.map((score) => `${score.player_games}/${score.with_line}`));
    expect(counts.size).toBe(1);
    const [{ played }] = await warehouse.query<{ played: number }>(
      `SELECT COUNT(*) AS played FROM nba_analytics.player_game_summary WHERE game_date BETWEEN '2025-11-08' AND '2025-11-12' AND played`,
    );
    for (const score of report.scores) {
      // debuts are left out, nothing else
      expect(score.player_games).toBeLessThanOrEqual(Number(played));
      expect(score.player_games).toBeGreaterThan(Number(played) * 0.95);
      expect(score.mae).toBeGreaterThan(2);
      expect(score.mae).toBeLessThan(8);
      expect(score.line_mae_same_rows).toBe(report.scores[0].line_mae_same_rows);
      expect(score.bets).toBe(score.wins + score.losses + score.pushes);
      if (score.hit_rate !== null) expect(score.hit_rate).toBeCloseTo(score.wins / (score.wins + score.losses), 3);
    }
  });

  it('gives the same answer for a date whatever comes after it (training sees only earlier dates)', async () => {
    const short = evaluateWalkForward(await loadEvaluationInput(warehouse, '2025-11-08', '2025-11-08'), '2025-11-08', '2025-11-08', { minEdgePoints: 1.5, staleInputDays: 3 });
    const longer = await loadEvaluationInput(warehouse, '2025-11-08', '2025-11-12');
    const onlyFirst = evaluateWalkForward(longer, '2025-11-08', '2025-11-08', { minEdgePoints: 1.5, staleInputDays: 3 });
    expect(onlyFirst).toEqual(short);
  });
});
