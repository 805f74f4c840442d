import { FEATURE_VERSION } from '@lib/warehouse';
import { FeatureValues, MINUTES_RATE_SYSTEM_ID, PredictionSystem } from './prediction-system';

/** Home teams score a little more; the second night of a back-to-back a little less. */
export const HOME_FACTOR = 0.02;
export const BACK_TO_BACK_FACTOR = 0.06;

/**
 * Minutes × points per minute, both projected by phase 4 with last season as a prior, times the
 * opponent's defence (shrunk EWMA of points allowed over the league's), home and back-to-back.
 * Learns nothing at prediction time, so it can be scored on any date without a training window.
 */
export class MinutesRateSystem implements PredictionSystem {
  readonly systemId = MINUTES_RATE_SYSTEM_ID;
  readonly modelVersion = `${MINUTES_RATE_SYSTEM_ID}-home-${HOME_FACTOR}-b2b-${BACK_TO_BACK_FACTOR}`;
  readonly featureVersion = FEATURE_VERSION;
  readonly trainingEndDate = null;

  predict(features: FeatureValues): number {
    return (
      features.minutes_projection *
      features.points_per_minute_projection *
      features.opponent_defense_factor *
      (1 + HOME_FACTOR * features.is_home) *
      (1 - BACK_TO_BACK_FACTOR * features.back_to_back)
    );
  }
}
