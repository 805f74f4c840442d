import { QualityTier } from '@lib/quality';
import { impliedProbability } from './line-consensus';

export type Recommendation = 'OVER' | 'UNDER' | 'PASS';

export interface RecommendationInput {
  predictedPoints: number;
  line: number | null;
  tier: QualityTier;
  /** Calibrated probability the player goes over the line; null when no calibration or no prices. */
  probabilityOver: number | null;
  /** Best American prices available for each side at the line. */
  bestOverPrice: number | null;
  bestUnderPrice: number | null;
  /** Win probability needed above the price's break-even before a side is taken (e.g. 0.02). */
  minProbabilityMargin: number;
}

export interface RecommendationResult {
  recommendation: Recommendation;
  /** predicted − line, in points (information, not the decision). */
  edge: number | null;
  /** 0-100: the probability of winning the side taken (for a PASS, the better side), not a heuristic. */
  confidence: number;
  /** The American price the side is taken at; null for a PASS. */
  price: number | null;
  /** Why it is a PASS, when it is. */
  reasons: string[];
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * OVER or UNDER only where the calibrated probability of winning that side beats the break-even of
 * the best available price by the configured margin; otherwise PASS, saying why. Bronze data never
 * bets. The confidence is the win probability of the side (of the better side for a PASS).
 */
export function recommend(input: RecommendationInput): RecommendationResult {
  if (input.line === null) return { recommendation: 'PASS', edge: null, confidence: 0, price: null, reasons: ['no_line'] };
  const edge = Math.round((input.predictedPoints - input.line) * 100) / 100;
  if (input.probabilityOver === null) return { recommendation: 'PASS', edge, confidence: 0, price: null, reasons: ['no_probability'] };
  const sides = [
    { side: 'OVER' as const, win: input.probabilityOver, price: input.bestOverPrice },
    { side: 'UNDER' as const, win: 1 - input.probabilityOver, price: input.bestUnderPrice },
  ].map((side) => ({ ...side, margin: side.price === null ? Number.NEGATIVE_INFINITY : side.win - impliedProbability(side.price) }));
  const best = sides[0].margin >= sides[1].margin ? sides[0] : sides[1];
  const confidence = round1(100 * (best.price === null ? Math.max(sides[0].win, sides[1].win) : best.win));
  const reasons: string[] = [];
  if (best.price === null) reasons.push('no_price');
  else if (best.margin < input.minProbabilityMargin) reasons.push('below_break_even_margin');
  if (input.tier === 'bronze') reasons.push('bronze_tier');
  if (reasons.length > 0) return { recommendation: 'PASS', edge, confidence, price: null, reasons };
  return { recommendation: best.side, edge, confidence, price: best.price, reasons };
}
