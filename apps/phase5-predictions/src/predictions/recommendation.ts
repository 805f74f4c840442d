import { QualityTier } from '@lib/quality';

export type Recommendation = 'OVER' | 'UNDER' | 'PASS';

export interface RecommendationInput {
  predictedPoints: number;
  line: number | null;
  tier: QualityTier;
  /** The player's own spread of points (last 10 games' standard deviation). */
  pointsSpread: number;
  minEdgePoints: number;
}

export interface RecommendationResult {
  recommendation: Recommendation;
  edge: number | null;
  confidence: number;
  /** Why it is a PASS, when it is. */
  reasons: string[];
}

/** A spread below this would make every edge look certain for a player with a few steady games. */
const MIN_POINTS_SPREAD = 4;
/** How much of the confidence survives each tier: a pick is no surer than its data. */
const TIER_CONFIDENCE: Record<QualityTier, number> = { gold: 1, silver: 0.85, bronze: 0.6 };

/** Standard normal CDF (Abramowitz–Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * OVER / UNDER / PASS with the edge and a 0-100 confidence: the chance the actual lands on the
 * predicted side of the line if points spread normally around the prediction, scaled down by tier.
 * No line, a bronze tier, or an edge under the minimum is a PASS, and says which.
 */
export function recommend(input: RecommendationInput): RecommendationResult {
  if (input.line === null) return { recommendation: 'PASS', edge: null, confidence: 0, reasons: ['no_line'] };
  const edge = Math.round((input.predictedPoints - input.line) * 100) / 100;
  const spread = Math.max(MIN_POINTS_SPREAD, input.pointsSpread);
  const confidence = Math.round(1000 * normalCdf(Math.abs(edge) / spread) * TIER_CONFIDENCE[input.tier]) / 10;
  const reasons: string[] = [];
  if (input.tier === 'bronze') reasons.push('bronze_tier');
  if (Math.abs(edge) < input.minEdgePoints) reasons.push('edge_below_minimum');
  if (reasons.length > 0) return { recommendation: 'PASS', edge, confidence, reasons };
  return { recommendation: edge > 0 ? 'OVER' : 'UNDER', edge, confidence, reasons };
}
