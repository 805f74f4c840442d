import { FeatureName } from '@lib/warehouse';

export type FeatureValues = Record<FeatureName, number>;

/** One way of predicting a player's points from his feature vector; systems sit side by side. */
export interface PredictionSystem {
  readonly systemId: string;
  readonly modelVersion: string;
  readonly featureVersion: string;
  /** Last game date of the training data; null for systems that learn nothing. */
  readonly trainingEndDate: string | null;
  predict(features: FeatureValues): number;
}

export const ROLLING_AVERAGE_SYSTEM_ID = 'rolling_avg_v1';
export const RIDGE_SYSTEM_ID = 'ridge_v1';
export const ENSEMBLE_SYSTEM_ID = 'ensemble_v1';
export const SYSTEM_IDS = [ROLLING_AVERAGE_SYSTEM_ID, RIDGE_SYSTEM_ID, ENSEMBLE_SYSTEM_ID] as const;
