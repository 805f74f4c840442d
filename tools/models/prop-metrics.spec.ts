import { brierScore, logLoss, maeMinusLineByGame, picksNeeded, reliabilityTable, ScoredRow, systemMetrics } from './prop-metrics';

describe('prop metrics', () => {
  it('needs about 2,300 picks to tell 55 % from 52.4 % (one-sided 5 %, 80 % power), and never when not above break-even', () => {
    expect(picksNeeded(0.55, 0.524)).toBeGreaterThan(2200);
    expect(picksNeeded(0.55, 0.524)).toBeLessThan(2400);
    expect(picksNeeded(0.5, 0.524)).toBeNull();
  });

  it('scores probabilities: a coin flip has Brier 0.25 and log loss ln 2', () => {
    const pairs: Array<[number, number]> = [[0.5, 1], [0.5, 0]];
    expect(brierScore(pairs)).toBe(0.25);
    expect(logLoss(pairs)).toBeCloseTo(Math.LN2, 10);
    expect(reliabilityTable([[0.42, 1], [0.48, 0], [0.61, 1]])).toEqual([
      { bucket: '0.4-0.5', predictions: 2, mean_probability: 0.45, observed_over_rate: 0.5 },
      { bucket: '0.6-0.7', predictions: 1, mean_probability: 0.61, observed_over_rate: 1 },
    ]);
  });

  it('resamples whole games for the MAE interval, deterministically, around the estimate', () => {
    const rows = Array.from({ length: 400 }, (_value, index) => ({ game_id: `g${index % 40}`, predicted: 20 + (index % 7) - 3, line: 20.5, actual: 20 + (index % 11) - 5 }));
    const interval = maeMinusLineByGame(rows)!;
    expect(interval).toEqual(maeMinusLineByGame(rows));
    expect(interval.low).toBeLessThanOrEqual(interval.estimate);
    expect(interval.high).toBeGreaterThanOrEqual(interval.estimate);
    const exact = rows.reduce((sum, row) => sum + Math.abs(row.predicted - row.actual) - Math.abs(row.line - row.actual), 0) / rows.length;
    expect(interval.estimate).toBeCloseTo(exact, 4);
  });

  it('reports hit rate with its standard error, return at the actual prices, and the break-even of those prices', () => {
    const row = (outcome: string, price: number | null, profit: number | null): ScoredRow => ({
      system: 's', game_id: 'g', predicted: 21, line: 20.5, actual: outcome === 'win' ? 25 : 10, probability_over: 0.6, market_probability_over: 0.5, outcome, bet_price: price, profit_units: profit,
    });
    const metrics = systemMetrics('s', [row('win', -110, 100 / 110), row('win', 120, 1.2), row('loss', -110, -1), row('no_bet', null, null)]);
    expect(metrics).toMatchObject({ bets: 3, wins: 2, losses: 1, hit_rate: 0.667, hit_rate_se: 0.272, probability_rows: 4 });
    expect(metrics.roi).toBeCloseTo((100 / 110 + 1.2 - 1) / 3, 3);
    expect(metrics.break_even).toBeCloseTo((110 / 210 + 100 / 220 + 110 / 210) / 3, 3);
    expect(metrics.market_brier).toBe(0.25);
    expect(metrics.brier_minus_market!.estimate).toBeCloseTo(metrics.brier! - metrics.market_brier!, 4);
  });
});
