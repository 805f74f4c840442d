/**
 * How much a row can be trusted, shared by analytics, features and predictions:
 * gold — built from the primary source, complete; silver — built from a fallback source, or with
 * minor gaps; bronze — partial or stale input. A tier only ever goes down as data flows on.
 */
export const QUALITY_TIERS = ['gold', 'silver', 'bronze'] as const;
export type QualityTier = (typeof QUALITY_TIERS)[number];

const RANK: Record<QualityTier, number> = { gold: 0, silver: 1, bronze: 2 };

/** The worst of the tiers given: a prediction is no better than the weakest data under it. */
export function worstTier(...tiers: QualityTier[]): QualityTier {
  if (tiers.length === 0) throw new RangeError('worstTier needs at least one tier');
  return tiers.reduce((worst, tier) => (RANK[tier] > RANK[worst] ? tier : worst));
}

/** A feature vector's quality score (0-100) as a tier: a prediction is no better than what its input lacks. */
export function tierFromFeatureQuality(score: number): QualityTier {
  return score >= 90 ? 'gold' : score >= 70 ? 'silver' : 'bronze';
}
