import { FeatureName } from '@lib/warehouse';
import { MinutesRateSystem } from './minutes-rate.system';
import { FeatureValues, MINUTES_AVAILABILITY_SYSTEM_ID, PredictionSystem } from './prediction-system';
import { TrainedModelProvenance, TrainingExample } from './ridge.model';

/** Five players for 48 minutes: what a team's expected players' minutes are compared with. */
export const TEAM_MINUTES_PER_GAME = 240;
/** The team's minutes ratio is held within these bounds: a thin roster estimate must not triple a prediction. */
export const TEAM_MINUTES_RATIO_BOUNDS = [0.67, 1.5] as const;
/** The exponents tried, 0 (minutes_rate_v1 itself) to 1.5 in steps of 0.05. */
export const AVAILABILITY_EXPONENTS = Array.from({ length: 31 }, (_value, index) => (index * 5) / 100);
/** Earlier player-games needed before the exponent is fitted; with fewer it is 0. */
export const MIN_AVAILABILITY_ROWS = 500;

/** The exponent of the team's minutes ratio, fitted on the season's earlier player-games. */
export interface AvailabilityExponent {
  exponent: number;
  rows: number;
  /** Last date of those rows; null while unfitted (exponent 0). */
  fittedThrough: string | null;
}

export const UNFITTED_AVAILABILITY_EXPONENT: AvailabilityExponent = { exponent: 0, rows: 0, fittedThrough: null };

/** What minutes_rate_v2 reads besides minutes_rate_v1's own inputs. */
export const AVAILABILITY_FEATURE_NAMES: readonly FeatureName[] = ['minutes_projection', 'points_per_minute_projection', 'opponent_defense_factor', 'is_home', 'back_to_back', 'team_expected_minutes'];

/** minutes_rate_v2's exponent as stored on the training calendar, like the models the other systems learn. */
export interface MinutesAvailabilityArtifact extends TrainedModelProvenance {
  system_id: typeof MINUTES_AVAILABILITY_SYSTEM_ID;
  trained_at: string;
  trained_through: string;
  exponent: number;
}

/** Fits the exponent on the examples (player-games through `through`) and says so as a stored artifact. */
export function trainAvailabilityExponent(
  examples: readonly TrainingExample[],
  request: { featureVersion: string; through: string; trainedAt: string },
): MinutesAvailabilityArtifact {
  const fit = fitAvailabilityExponent(examples);
  const dates = examples.map((example) => example.game_date);
  const trainingEnd = fit.fittedThrough ?? dates.reduce((latest, date) => (date > latest ? date : latest), dates[0] ?? request.through);
  return {
    system_id: MINUTES_AVAILABILITY_SYSTEM_ID,
    model_version: `${MINUTES_AVAILABILITY_SYSTEM_ID}-${request.featureVersion}-exponent-${fit.exponent.toFixed(2)}-through-${trainingEnd}`,
    feature_version: request.featureVersion,
    feature_names: [...AVAILABILITY_FEATURE_NAMES],
    training_start_date: dates.reduce((earliest, date) => (date < earliest ? date : earliest), trainingEnd),
    training_end_date: trainingEnd,
    training_rows: examples.length,
    trained_at: request.trainedAt,
    trained_through: request.through,
    exponent: fit.exponent,
  };
}

/** The exponent a stored artifact holds; unfitted (0) when there is none or it was fitted on too few player-games. */
export function availabilityExponentOf(artifact: MinutesAvailabilityArtifact | null): AvailabilityExponent {
  if (!artifact) return UNFITTED_AVAILABILITY_EXPONENT;
  if (artifact.training_rows < MIN_AVAILABILITY_ROWS) return { ...UNFITTED_AVAILABILITY_EXPONENT, rows: artifact.training_rows };
  return { exponent: artifact.exponent, rows: artifact.training_rows, fittedThrough: artifact.training_end_date };
}

/** 240 over the minutes his team's expected players account for, within TEAM_MINUTES_RATIO_BOUNDS: above 1 when teammates who usually play are likely out. */
export function teamMinutesRatio(features: FeatureValues): number {
  const [low, high] = TEAM_MINUTES_RATIO_BOUNDS;
  const expected = features.team_expected_minutes;
  if (!(expected > 0)) return 1;
  return Math.min(high, Math.max(low, TEAM_MINUTES_PER_GAME / expected));
}

/**
 * The exponent with the least absolute error of minutes_rate_v1 × ratio^exponent over the examples
 * (player-games dated before the predicted one, all of them, lined or not); ties go to the smaller
 * exponent. Unfitted (0) with fewer than MIN_AVAILABILITY_ROWS examples.
 */
export function fitAvailabilityExponent(examples: readonly TrainingExample[]): AvailabilityExponent {
  if (examples.length < MIN_AVAILABILITY_ROWS) return { ...UNFITTED_AVAILABILITY_EXPONENT, rows: examples.length };
  const base = new MinutesRateSystem();
  const rows = examples.map((example) => ({ prediction: base.predict(example.features), logRatio: Math.log(teamMinutesRatio(example.features)), actual: example.actual_points }));
  let best = { exponent: 0, loss: Number.POSITIVE_INFINITY };
  for (const exponent of AVAILABILITY_EXPONENTS) {
    let loss = 0;
    for (const row of rows) loss += Math.abs(row.prediction * Math.exp(exponent * row.logRatio) - row.actual);
    if (loss < best.loss) best = { exponent, loss };
  }
  const fittedThrough = examples.reduce((latest, example) => (example.game_date > latest ? example.game_date : latest), examples[0].game_date);
  return { exponent: best.exponent, rows: examples.length, fittedThrough };
}

/**
 * minutes_rate_v1 scaled for who is likely to play: × (240 / the team's expected minutes)^exponent.
 * When teammates who usually play are likely out (no line tonight though they usually have one,
 * several games missed in a row), the minutes left go to those who play; the exponent says how much
 * of that shows in points, fitted walk-forward.
 */
export class MinutesAvailabilitySystem implements PredictionSystem {
  readonly systemId = MINUTES_AVAILABILITY_SYSTEM_ID;
  readonly modelVersion: string;
  readonly featureVersion: string;
  readonly trainingEndDate: string | null;
  private readonly base = new MinutesRateSystem();

  constructor(readonly fit: AvailabilityExponent) {
    const fitted = fit.fittedThrough === null ? 'unfitted' : `through-${fit.fittedThrough}`;
    this.modelVersion = `${MINUTES_AVAILABILITY_SYSTEM_ID}-exponent-${fit.exponent.toFixed(2)}-${fitted}`;
    this.featureVersion = this.base.featureVersion;
    this.trainingEndDate = fit.fittedThrough;
  }

  predict(features: FeatureValues): number {
    return this.base.predict(features) * teamMinutesRatio(features) ** this.fit.exponent;
  }
}
