import { consensusLine, impliedProbability } from './line-consensus';
import { normalCdf, recommend } from './recommendation';

describe('recommend', () => {
  const base = {
    predictedPoints: 24,
    line: 21.5,
    tier: 'gold' as const,
    probabilityOver: 0.58,
    bestOverPrice: -110,
    bestUnderPrice: -110,
    minProbabilityMargin: 0.02,
  };

  it('takes OVER when its probability beats the best price\'s break-even by the margin; the confidence is that probability', () => {
    expect(impliedProbability(-110)).toBeCloseTo(0.5238, 4);
    expect(recommend(base)).toEqual({ recommendation: 'OVER', edge: 2.5, confidence: 58, price: -110, reasons: [] });
  });

  it('takes UNDER on the other side, at the under price', () => {
    expect(recommend({ ...base, probabilityOver: 0.4, bestUnderPrice: -105 })).toEqual({ recommendation: 'UNDER', edge: 2.5, confidence: 60, price: -105, reasons: [] });
  });

  it('is a PASS below the margin, however large the points edge, and says why', () => {
    // 0.54 - 0.5238 = 0.016 < 0.02
    expect(recommend({ ...base, predictedPoints: 30, probabilityOver: 0.54 })).toMatchObject({ recommendation: 'PASS', price: null, confidence: 54, reasons: ['below_break_even_margin'] });
    // a better price turns the same probability into a pick: +100 breaks even at 0.5
    expect(recommend({ ...base, probabilityOver: 0.54, bestOverPrice: 100 })).toMatchObject({ recommendation: 'OVER', price: 100 });
  });

  it('never bets on bronze data, and never without a probability, a price or a line', () => {
    expect(recommend({ ...base, tier: 'bronze' })).toMatchObject({ recommendation: 'PASS', reasons: ['bronze_tier'] });
    expect(recommend({ ...base, probabilityOver: null })).toEqual({ recommendation: 'PASS', edge: 2.5, confidence: 0, price: null, reasons: ['no_probability'] });
    expect(recommend({ ...base, bestOverPrice: null, bestUnderPrice: null })).toMatchObject({ recommendation: 'PASS', reasons: ['no_price'] });
    expect(recommend({ ...base, line: null })).toEqual({ recommendation: 'PASS', edge: null, confidence: 0, price: null, reasons: ['no_line'] });
  });

  it('keeps the normal CDF it always had', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
  });
});

describe('consensusLine', () => {
  const line = (bookmaker: string, value: number, over: number | null, under: number | null) => ({ player_lookup: 'p', game_id: 'g', bookmaker, line: value, over_price: over, under_price: under });

  it('takes each book\'s most even line, then the book nearest the median; no-vig probability and best prices come from the books quoting that line', () => {
    const result = consensusLine([
      line('bovada', 18.5, -400, 280), // alternate
      line('bovada', 22.5, -115, -115),
      line('bovada', 26.5, 250, -350), // alternate
      line('draftkings', 23.5, -110, -110),
      line('fanduel', 22.5, -112, -108),
    ]);
    const noVig = (over: number, under: number) => impliedProbability(over) / (impliedProbability(over) + impliedProbability(under));
    expect(result).toEqual({
      line: 22.5,
      bookmaker: 'bovada',
      bookmakers: 3,
      noVigProbabilityOver: expect.any(Number),
      bestOverPrice: -112,
      bestUnderPrice: -108,
    });
    expect(result!.noVigProbabilityOver).toBeCloseTo((noVig(-115, -115) + noVig(-112, -108)) / 2, 10);
  });

  it('has no no-vig probability when no book quoting the line gives both prices', () => {
    expect(consensusLine([line('espnbet', 20.5, -110, null)])).toMatchObject({ line: 20.5, noVigProbabilityOver: null, bestOverPrice: -110, bestUnderPrice: null });
  });

  it('is null with no lines', () => {
    expect(consensusLine([])).toBeNull();
  });
});
