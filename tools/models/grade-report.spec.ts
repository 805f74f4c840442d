import { summarizeGrades } from './grade-report';

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
