import { normalCdf } from '../predictions/recommendation';
import { fitMarketBlend, fitOverCalibration, inverseNormalCdf, logit, MarketHistoryRow, marketPrediction, MIN_MARKET_ROWS, priceSkew, probabilityOver } from './market.model';

/** Hand-made history from a known process, with a deterministic generator: the fits must recover it. */
function history(count: number, truth: { w: number; c: number }): MarketHistoryRow[] {
  let state = 7;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, (_value, index) => {
    const line = 8 + Math.floor(random() * 20) + 0.5;
    const p = 0.35 + 0.3 * random();
    const predicted = line + (random() - 0.5) * 8;
    const centre = line + truth.w * (predicted - line) + truth.c * priceSkew(line, p);
    // symmetric noise: the median is the centre
    const noise = (random() - 0.5) * 10;
    return { game_date: `2025-11-${String(1 + (index % 20)).padStart(2, '0')}`, game_id: `g${index % 50}`, player_lookup: `p${index}`, predicted, line, noVigProbabilityOver: p, actual: centre + noise };
  });
}

describe('the market-aware layer', () => {
  it('inverts the normal CDF', () => {
    for (const p of [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]) expect(normalCdf(inverseNormalCdf(p))).toBeCloseTo(p, 6);
    expect(() => inverseNormalCdf(1)).toThrow(/0 < p < 1/);
  });

  it('starts from the line: with w = c = 0 the prediction is the line, and the skew follows the price', () => {
    const blend = { modelWeight: 0, skewWeight: 0, rows: 0, fittedThrough: '2025-11-01' };
    expect(marketPrediction(blend, 30, 20.5, 0.6)).toBe(20.5);
    expect(marketPrediction({ ...blend, modelWeight: 0.1, skewWeight: 2 }, 30.5, 20.5, 0.6)).toBeCloseTo(20.5 + 1 + 2 * Math.sqrt(20.5) * inverseNormalCdf(0.6), 10);
    expect(marketPrediction({ ...blend, modelWeight: 0.1, skewWeight: 2 }, 30.5, 20.5, null)).toBeCloseTo(21.5, 10);
  });

  it('recovers the model weight and the skew weight of a known process by least absolute deviations', () => {
    const blend = fitMarketBlend(history(3000, { w: 0.15, c: 2 }))!;
    expect(blend.modelWeight).toBeCloseTo(0.15, 1);
    expect(blend.skewWeight).toBeGreaterThan(1.6);
    expect(blend.skewWeight).toBeLessThan(2.4);
    expect(blend).toMatchObject({ rows: 3000, fittedThrough: '2025-11-20' });
  });

  it('fits nothing on too little history', () => {
    expect(fitMarketBlend(history(MIN_MARKET_ROWS - 1, { w: 0.1, c: 2 }))).toBeNull();
    expect(fitOverCalibration(history(MIN_MARKET_ROWS - 1, { w: 0.1, c: 2 }))).toBeNull();
  });

  it('calibrates the probability of OVER: a market that is right stays right, a model that knows more moves it', () => {
    const calibration = fitOverCalibration(history(4000, { w: 0.3, c: 2 }))!;
    const [, marketSlope, modelSlope] = calibration.coefficients;
    expect(marketSlope).toBeGreaterThan(0);
    expect(modelSlope).toBeGreaterThan(0);
    const low = probabilityOver(calibration, 20.5, 20.5, 0.4);
    const high = probabilityOver(calibration, 20.5, 20.5, 0.6);
    expect(low).toBeLessThan(high);
    expect(probabilityOver(calibration, 25, 20.5, 0.5)).toBeGreaterThan(probabilityOver(calibration, 16, 20.5, 0.5));
    expect(logit(0.5)).toBe(0);
  });
});
