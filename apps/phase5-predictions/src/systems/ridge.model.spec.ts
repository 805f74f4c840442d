import { FEATURE_NAMES, FEATURE_VERSION } from '@lib/warehouse';
import { FeatureValues } from './prediction-system';
import { RidgeSystem, trainRidge, TrainingExample } from './ridge.model';

function example(gameDate: string, seed: number): TrainingExample {
  const features = Object.fromEntries(FEATURE_NAMES.map((name, index) => [name, ((seed * (index + 3)) % 17) + index])) as FeatureValues;
  // points follow last-5 form closely, so a fit must find it
  return { game_date: gameDate, features, actual_points: Math.max(0, features.points_avg_last_5 * 1.2 + 1) };
}

const examples = Array.from({ length: 400 }, (_, index) => example(`2025-11-${String(1 + (index % 9)).padStart(2, '0')}`, index));

describe('ridge_v1', () => {
  it('learns a real relation and records what it was trained on', () => {
    const artifact = trainRidge(examples, { featureNames: FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: '2025-11-10', trainedAt: '2025-11-10T08:00:00Z' });
    expect(artifact).toMatchObject({
      model_version: `ridge_v1-${FEATURE_VERSION}-through-2025-11-09`,
      training_start_date: '2025-11-01',
      training_end_date: '2025-11-09',
      training_rows: 400,
      feature_names: [...FEATURE_NAMES],
    });
    const ridge = new RidgeSystem(artifact);
    const probe = example('2025-11-10', 7);
    expect(Math.abs(ridge.predict(probe.features) - probe.actual_points)).toBeLessThan(2);
    expect(artifact.training_mae).toBeLessThan(2);
  });

  it('refuses a training example from the date it is to predict, or later', () => {
    expect(() =>
      trainRidge([...examples, example('2025-11-10', 1)], { featureNames: FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: '2025-11-10', trainedAt: 'x' }),
    ).toThrow('training example dated 2025-11-10 is not before 2025-11-10');
  });

  it('names the feature a vector lacks instead of predicting from it', () => {
    const ridge = new RidgeSystem(trainRidge(examples, { featureNames: FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: '2025-11-10', trainedAt: 'x' }));
    const { team_pace: _dropped, ...partial } = example('2025-11-10', 3).features;
    expect(() => ridge.predict(partial as FeatureValues)).toThrow('feature team_pace is undefined');
  });
});
