import { FeatureName } from '@lib/warehouse';

export type FeatureValues = Record<FeatureName, number>;

/** What the market says about a player's game: the consensus line and its no-vig probability of OVER. */
export interface MarketContext {
  line: number;
  /** Mean over the books quoting the consensus line of p_over / (p_over + p_under); null without prices. */
  noVigProbabilityOver: number | null;
}

/** One way of predicting a player's points from his feature vector; systems sit side by side. */
export interface PredictionSystem {
  readonly systemId: string;
  readonly modelVersion: string;
  readonly featureVersion: string;
  /** Last game date of the training data; null for systems that learn nothing. */
  readonly trainingEndDate: string | null;
  /** Systems that do not read the market ignore `market`. */
  predict(features: FeatureValues, market?: MarketContext | null): number;
  /**
   * The system whose prediction and calibration give this one's probability of OVER, when not its
   * own: a system built from the price would otherwise feed the price back into its calibration twice.
   */
  readonly probabilitySource?: PredictionSystem;
}

export const ROLLING_AVERAGE_SYSTEM_ID = 'rolling_avg_v1';
export const RIDGE_SYSTEM_ID = 'ridge_v1';
export const ENSEMBLE_SYSTEM_ID = 'ensemble_v1';
export const MINUTES_RATE_SYSTEM_ID = 'minutes_rate_v1';
export const MINUTES_AVAILABILITY_SYSTEM_ID = 'minutes_rate_v2';
export const RIDGE_V2_SYSTEM_ID = 'ridge_v2';
export const GBM_SYSTEM_ID = 'gbm_v1';
export const ENSEMBLE_V2_SYSTEM_ID = 'ensemble_v2';
export const STACKED_SYSTEM_ID = 'stacked_v1';
export const MARKET_SYSTEM_ID = 'market_v1';
export const SYSTEM_IDS = [
  ROLLING_AVERAGE_SYSTEM_ID,
  RIDGE_SYSTEM_ID,
  ENSEMBLE_SYSTEM_ID,
  MINUTES_RATE_SYSTEM_ID,
  MINUTES_AVAILABILITY_SYSTEM_ID,
  RIDGE_V2_SYSTEM_ID,
  GBM_SYSTEM_ID,
  ENSEMBLE_V2_SYSTEM_ID,
  STACKED_SYSTEM_ID,
  MARKET_SYSTEM_ID,
] as const;
