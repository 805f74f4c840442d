import { marketMetricsBySystem, summarizeGrades } from './grade-report';

const grade = (system_id: string, quality_tier: string, absolute_error: number, outcome: string) => ({ system_id, quality_tier, absolute_error, outcome });

describe('summarizeGrades', () => {
  const grades = [
    grade('ridge_v1', 'gold', 2, 'win'),
    grade('ridge_v1', 'gold', 4, 'loss'),
    grade('ridge_v1', 'silver', 6, 'win'),
    grade('ridge_v1', 'bronze', 8, 'no_bet'),
    grade('rolling_avg_v1', 'gold', 3, 'push'),
  ];

  it('gives MAE over every graded prediction and hit rate over decided bets, by system', () => {
    expect(summarizeGrades(grades, ['system'])).toEqual([
      { system: 'ridge_v1', tier: 'all', graded: 4, mae: 5, bets: 3, wins: 2, losses: 1, pushes: 0, hit_rate: 0.667 },
      { system: 'rolling_avg_v1', tier: 'all', graded: 1, mae: 3, bets: 1, wins: 0, losses: 0, pushes: 1, hit_rate: null },
    ]);
  });

  it('splits by tier, gold first', () => {
    expect(summarizeGrades(grades, ['system', 'tier']).filter((row) => row.system === 'ridge_v1').map((row) => [row.tier, row.mae, row.hit_rate])).toEqual([
      ['gold', 3, 0.5],
      ['silver', 6, 1],
      ['bronze', 8, null],
    ]);
  });
});

describe('marketMetricsBySystem', () => {
  const graded = (system_id: string, game_id: string, predicted: number, line: number | null, actual: number, probability: number | null, outcome: string, price: number | null, profit: number | null) => ({
    system_id, quality_tier: 'gold', absolute_error: Math.abs(predicted - actual), outcome, game_id, predicted_points: predicted, line_value: line, actual_points: actual,
    probability_over: probability, market_probability_over: line === null ? null : 0.5, bet_price: price, profit_units: profit,
  });

  it('holds each system against the line and the market on its own graded rows', () => {
    const [metrics] = marketMetricsBySystem([
      graded('market_v1', 'g1', 20, 20.5, 25, 0.6, 'win', 110, 1.1),
      graded('market_v1', 'g1', 10, 9.5, 8, 0.45, 'no_bet', null, null),
      graded('market_v1', 'g2', 15, 15.5, 10, 0.6, 'loss', -110, -1),
      graded('market_v1', 'g3', 12, null, 12, null, 'no_bet', null, null),
    ]);
    expect(metrics).toMatchObject({ system: 'market_v1', player_games: 4, with_line: 3, bets: 2, wins: 1, losses: 1, hit_rate: 0.5, roi: 0.05, probability_rows: 3, market_brier: 0.25 });
    // |20-25| + |10-8| + |15-10| = 12 vs the line's 4.5 + 1.5 + 5.5 = 11.5, over 3 rows
    expect(metrics.mae_minus_line!.estimate).toBeCloseTo(0.5 / 3, 4);
    expect(metrics.brier).toBeCloseTo((0.16 + 0.2025 + 0.36) / 3, 4);
  });
});
