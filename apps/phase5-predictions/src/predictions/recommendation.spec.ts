import { consensusLine } from './line-consensus';
import { normalCdf, recommend } from './recommendation';

describe('recommend', () => {
  const base = { predictedPoints: 25, line: 21.5, tier: 'gold' as const, pointsSpread: 6, minEdgePoints: 1.5 };

  it('says OVER with the edge and a confidence from the player\'s spread', () => {
    const result = recommend(base);
    expect(result).toMatchObject({ recommendation: 'OVER', edge: 3.5, reasons: [] });
    expect(result.confidence).toBeCloseTo(100 * normalCdf(3.5 / 6), 1);
  });

  it('says UNDER below the line, and PASS under the minimum edge', () => {
    expect(recommend({ ...base, predictedPoints: 18 }).recommendation).toBe('UNDER');
    expect(recommend({ ...base, predictedPoints: 22.5 })).toMatchObject({ recommendation: 'PASS', reasons: ['edge_below_minimum'] });
  });

  it('never picks on bronze data, and is less sure on silver', () => {
    expect(recommend({ ...base, tier: 'bronze' })).toMatchObject({ recommendation: 'PASS', reasons: ['bronze_tier'] });
    expect(recommend({ ...base, tier: 'silver' }).confidence).toBeLessThan(recommend(base).confidence);
  });

  it('is a PASS with no edge when no bookmaker lists the player', () => {
    expect(recommend({ ...base, line: null })).toEqual({ recommendation: 'PASS', edge: null, confidence: 0, reasons: ['no_line'] });
  });
});

describe('consensusLine', () => {
  const line = (bookmaker: string, value: number, over: number | null, under: number | null) => ({ player_lookup: 'p', game_id: 'g', bookmaker, line: value, over_price: over, under_price: under });

  it('takes each book\'s most even line, then the book nearest the median of them', () => {
    const result = consensusLine([
      line('bovada', 18.5, -400, 280), // alternate
      line('bovada', 22.5, -115, -115),
      line('bovada', 26.5, 250, -350), // alternate
      line('draftkings', 23.5, -110, -110),
      line('fanduel', 22.5, -112, -108),
    ]);
    expect(result).toEqual({ line: 22.5, bookmaker: 'bovada', bookmakers: 3 });
  });

  it('is null with no lines', () => {
    expect(consensusLine([])).toBeNull();
  });
});
