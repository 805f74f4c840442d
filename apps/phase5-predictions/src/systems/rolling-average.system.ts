import { FEATURE_VERSION } from '@lib/warehouse';
import { FeatureValues, PredictionSystem, ROLLING_AVERAGE_SYSTEM_ID } from './prediction-system';

/** The transparent baseline: recent form weighted over the season, nothing learned. */
export const ROLLING_WEIGHTS = { last5: 0.4, last10: 0.3, season: 0.3 } as const;

export class RollingAverageSystem implements PredictionSystem {
  readonly systemId = ROLLING_AVERAGE_SYSTEM_ID;
  readonly modelVersion = `${ROLLING_AVERAGE_SYSTEM_ID}-weights-${ROLLING_WEIGHTS.last5}-${ROLLING_WEIGHTS.last10}-${ROLLING_WEIGHTS.season}`;
  readonly featureVersion = FEATURE_VERSION;
  readonly trainingEndDate = null;

  predict(features: FeatureValues): number {
    return (
      ROLLING_WEIGHTS.last5 * features.points_avg_last_5 +
      ROLLING_WEIGHTS.last10 * features.points_avg_last_10 +
      ROLLING_WEIGHTS.season * features.points_avg_season
    );
  }
}
