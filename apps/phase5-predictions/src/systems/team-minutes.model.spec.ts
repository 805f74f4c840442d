import { FEATURE_NAMES } from '@lib/warehouse';
import { MinutesRateSystem } from './minutes-rate.system';
import { FeatureValues } from './prediction-system';
import { TrainingExample } from './ridge.model';
import {
  availabilityExponentOf,
  fitAvailabilityExponent,
  MIN_AVAILABILITY_ROWS,
  MinutesAvailabilitySystem,
  teamMinutesRatio,
  trainAvailabilityExponent,
  UNFITTED_AVAILABILITY_EXPONENT,
} from './team-minutes.model';

const features = (overrides: Partial<FeatureValues>): FeatureValues => ({
  ...(Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as FeatureValues),
  minutes_projection: 30,
  points_per_minute_projection: 0.5,
  opponent_defense_factor: 1,
  team_expected_minutes: 240,
  ...overrides,
});

/** Player-games from a known process with a deterministic generator: points = minutes_rate_v1 × ratio^0.6, plus symmetric noise. */
function examples(count: number): TrainingExample[] {
  let state = 7;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, (_value, index) => {
    const vector = features({ minutes_projection: 10 + random() * 26, team_expected_minutes: 190 + random() * 80 });
    const actual = new MinutesRateSystem().predict(vector) * teamMinutesRatio(vector) ** 0.6 + (random() - 0.5) * 4;
    return { game_date: `2025-11-${String(1 + (index % 20)).padStart(2, '0')}`, features: vector, actual_points: actual };
  });
}

describe('minutes_rate_v2: minutes_rate_v1 scaled by the team minutes ratio to a walk-forward exponent', () => {
  it('finds the exponent of a known process, and says through which date it was fitted', () => {
    const fit = fitAvailabilityExponent(examples(3000));
    expect(fit.exponent).toBeGreaterThanOrEqual(0.5);
    expect(fit.exponent).toBeLessThanOrEqual(0.7);
    expect(fit).toMatchObject({ rows: 3000, fittedThrough: '2025-11-20' });
  });

  it('is minutes_rate_v1 itself with too few earlier player-games', () => {
    const fit = fitAvailabilityExponent(examples(MIN_AVAILABILITY_ROWS - 1));
    expect(fit).toEqual({ ...UNFITTED_AVAILABILITY_EXPONENT, rows: MIN_AVAILABILITY_ROWS - 1 });
    const vector = features({ team_expected_minutes: 200 });
    expect(new MinutesAvailabilitySystem(fit).predict(vector)).toBe(new MinutesRateSystem().predict(vector));
  });

  it('raises a player whose team is short of minutes, within bounds', () => {
    const system = new MinutesAvailabilitySystem({ exponent: 1, rows: 1000, fittedThrough: '2025-11-20' });
    const base = new MinutesRateSystem().predict(features({}));
    expect(system.predict(features({ team_expected_minutes: 200 }))).toBeCloseTo(base * 1.2, 10);
    expect(system.predict(features({ team_expected_minutes: 100 }))).toBeCloseTo(base * 1.5, 10);
    expect(system.predict(features({ team_expected_minutes: 480 }))).toBeCloseTo(base * 0.67, 10);
    expect(system.modelVersion).toBe('minutes_rate_v2-exponent-1.00-through-2025-11-20');
  });

  it('is stored on the training calendar as an artifact that gives back the same exponent, and unfitted below the minimum', () => {
    const request = { featureVersion: 'v3', through: '2025-11-22', trainedAt: '2025-11-23T00:00:00.000Z' };
    const rows = examples(3000);
    const artifact = trainAvailabilityExponent(rows, request);
    expect(artifact).toMatchObject({ system_id: 'minutes_rate_v2', feature_version: 'v3', training_start_date: '2025-11-01', training_end_date: '2025-11-20', trained_through: '2025-11-22', training_rows: 3000 });
    expect(availabilityExponentOf(JSON.parse(JSON.stringify(artifact)))).toEqual(fitAvailabilityExponent(rows));
    expect(artifact.model_version).toBe(`minutes_rate_v2-v3-exponent-${artifact.exponent.toFixed(2)}-through-2025-11-20`);
    const few = trainAvailabilityExponent(examples(MIN_AVAILABILITY_ROWS - 1), request);
    expect(few.training_end_date).toBe('2025-11-20');
    expect(availabilityExponentOf(few)).toEqual({ ...UNFITTED_AVAILABILITY_EXPONENT, rows: MIN_AVAILABILITY_ROWS - 1 });
    expect(availabilityExponentOf(null)).toEqual(UNFITTED_AVAILABILITY_EXPONENT);
  });
});
