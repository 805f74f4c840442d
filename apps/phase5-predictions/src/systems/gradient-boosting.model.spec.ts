import { FEATURE_NAMES, FEATURE_VERSION } from '@lib/warehouse';
import { GBM_PARAMETERS, GradientBoostingSystem, trainGradientBoosting } from './gradient-boosting.model';
import { MinutesRateSystem } from './minutes-rate.system';
import { FeatureValues } from './prediction-system';

// Hand-made examples: points follow minutes × rate, plus 6 points whenever fga_ewma is above 15.
function example(index: number) {
  const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as FeatureValues;
  features.minutes_projection = 10 + (index % 25);
  features.points_per_minute_projection = 0.4 + (index % 7) * 0.02;
  features.opponent_defense_factor = 1;
  features.fga_ewma = index % 30;
  const actual = features.minutes_projection * features.points_per_minute_projection + (features.fga_ewma > 15 ? 6 : 0);
  return { game_date: `2025-11-${String(1 + (index % 9)).padStart(2, '0')}`, features, actual_points: actual };
}

describe('gbm_v1', () => {
  const examples = Array.from({ length: 900 }, (_value, index) => example(index));
  const options = { featureNames: FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: '2025-11-10' };

  it('learns what minutes × rate misses, and is the same model every time', () => {
    const model = trainGradientBoosting(examples, options);
    expect(trainGradientBoosting(examples, options)).toEqual(model);
    const system = new GradientBoostingSystem(model);
    const start = new MinutesRateSystem();
    const error = (predict: (features: FeatureValues) => number) => examples.reduce((sum, row) => sum + Math.abs(predict(row.features) - row.actual_points), 0) / examples.length;
    expect(error((features) => start.predict(features))).toBeGreaterThan(2.5);
    expect(error((features) => system.predict(features))).toBeLessThan(0.5);
    expect(model).toMatchObject({ system_id: 'gbm_v1', training_end_date: '2025-11-09', model_version: `gbm_v1-${FEATURE_VERSION}-through-2025-11-09` });
  });

  it('keeps the number of trees that did best on the last days before the date, trained without them', () => {
    // pure noise around minutes × rate: every tree fits noise, so the held-out days want few of them
    let state = 3;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const noisy = Array.from({ length: 1_400 }, (_value, index) => {
      const row = example(index);
      const start = new MinutesRateSystem().predict(row.features);
      return { game_date: `2025-11-${String(1 + (index % 14)).padStart(2, '0')}`, features: row.features, actual_points: start + (random() - 0.5) * 12 };
    });
    const model = trainGradientBoosting(noisy, { ...options, predictFrom: '2025-11-15' });
    expect(model.tree_count_validation).toMatchObject({ held_out_from: '2025-11-08', held_out_rows: 700 });
    expect(model.trees.length).toBe(model.tree_count_validation!.chosen_trees);
    expect(model.trees.length).toBeLessThan(GBM_PARAMETERS.trees);
    // the kept trees are exactly the model boosted with that many trees on every example
    const fixedCount = trainGradientBoosting(noisy, { ...options, predictFrom: '2025-11-15', parameters: { ...GBM_PARAMETERS, trees: model.trees.length, validationDays: 0 } });
    expect(fixedCount.trees).toEqual(model.trees);
    expect(fixedCount.tree_count_validation).toBeNull();
  });

  it('refuses an example dated on or after the date it predicts', () => {
    expect(() => trainGradientBoosting([...examples, { ...examples[0], game_date: '2025-11-10' }], options)).toThrow(/2025-11-10 is not before 2025-11-10/);
  });
});

describe('minutes_rate_v1', () => {
  it('is minutes × rate × opponent × home × back-to-back', () => {
    const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as FeatureValues;
    Object.assign(features, { minutes_projection: 30, points_per_minute_projection: 0.5, opponent_defense_factor: 1.1, is_home: 1, back_to_back: 1 });
    expect(new MinutesRateSystem().predict(features)).toBeCloseTo(30 * 0.5 * 1.1 * 1.02 * 0.94, 10);
  });
});
