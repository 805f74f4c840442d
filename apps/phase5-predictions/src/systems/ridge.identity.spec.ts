import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import { BASE_FEATURE_NAMES, FEATURE_NAMES, FEATURE_VERSION, FeatureName } from '@lib/warehouse';
import { FeatureValues, RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from './prediction-system';
import { RIDGE_LAMBDA, RidgeSystem, RidgeSystemId, trainRidge, TrainingExample } from './ridge.model';

/**
 * trainRidge's least squares was rewritten for speed (XᵀX and Xᵀy summed from typed columns instead
 * of ml-regression-multivariate-linear's transposed-matrix products); the model must not change by a
 * bit. The implementation it replaced is kept below, unchanged, as the oracle.
 */
describe('ridge models are the same as the least squares they replaced', () => {
  function examples(count: number, seed: number, options: { nulls?: boolean; negativeZero?: boolean; constant?: boolean } = {}): TrainingExample[] {
    let state = seed;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    return Array.from({ length: count }, (_value, index) => {
      const features = Object.fromEntries(FEATURE_NAMES.map((name, feature) => [name, Math.round(random() * (5 + feature * 3) * 1000) / 1000])) as FeatureValues;
      if (options.nulls && index % 11 === 0) Object.assign(features, { team_pace: null });
      if (options.negativeZero && index % 7 === 0) Object.assign(features, { points_avg_last_5: -0 });
      if (options.constant) Object.assign(features, { is_home: 1 });
      return { game_date: `2025-11-${String(1 + (index % 20)).padStart(2, '0')}`, features, actual_points: Math.round(features.points_avg_last_5 * 1.1 + random() * 8) };
    });
  }

  it.each([
    ['ridge_v1 on a plain history', RIDGE_SYSTEM_ID, BASE_FEATURE_NAMES, examples(3_000, 11)],
    ['ridge_v2 on a plain history', RIDGE_V2_SYSTEM_ID, FEATURE_NAMES, examples(4_000, 29)],
    // a null feature is fitted as 0 and then refused when the model predicts it: the same error, both ways
    ['ridge_v2 with null features', RIDGE_V2_SYSTEM_ID, FEATURE_NAMES, examples(1_500, 5, { nulls: true })],
    ['ridge_v1 with negative zeros', RIDGE_SYSTEM_ID, BASE_FEATURE_NAMES, examples(900, 3, { negativeZero: true })],
    ['ridge_v2 with a constant feature', RIDGE_V2_SYSTEM_ID, FEATURE_NAMES, examples(2_000, 71, { constant: true })],
  ] as Array<[string, RidgeSystemId, readonly FeatureName[], TrainingExample[]]>)('%s', (_name, systemId, featureNames, rows) => {
    const options = { featureNames, featureVersion: FEATURE_VERSION, predictFrom: '2025-11-21', trainedAt: '2025-11-21T08:00:00Z', systemId };
    let expected: ReturnType<typeof referenceTrainRidge> | Error;
    try {
      expected = referenceTrainRidge(rows, options);
    } catch (error) {
      expected = error as Error;
    }
    if (expected instanceof Error) expect(() => trainRidge(rows, options)).toThrow(expected.message);
    else expect(trainRidge(rows, options)).toEqual(expected);
  });
});

// ---- the implementation before the rewrite, verbatim ----

function referenceTrainRidge(
  examples: readonly TrainingExample[],
  options: { featureNames: readonly FeatureName[]; featureVersion: string; predictFrom: string; trainedAt: string; lambda?: number; systemId?: RidgeSystemId },
) {
  const lambda = options.lambda ?? RIDGE_LAMBDA;
  const names = [...options.featureNames];
  const columns = names.map((name) => examples.map((example) => example.features[name]));
  const means = columns.map((column) => column.reduce((sum, value) => sum + value, 0) / column.length);
  const scales = columns.map((column, index) => {
    const variance = column.reduce((sum, value) => sum + (value - means[index]) ** 2, 0) / column.length;
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  const intercept = examples.reduce((sum, example) => sum + Math.sqrt(example.actual_points), 0) / examples.length;
  const x = examples.map((example) => names.map((name, index) => (example.features[name] - means[index]) / scales[index]));
  const y = examples.map((example) => [Math.sqrt(example.actual_points) - intercept]);
  names.forEach((_name, index) => {
    x.push(names.map((_other, column) => (column === index ? Math.sqrt(lambda) : 0)));
    y.push([0]);
  });
  const regression = new MultivariateLinearRegression(x, y, { intercept: false, statistics: false });
  const weights = regression.weights.map((row) => row[0]);
  const dates = examples.map((example) => example.game_date).sort();
  const systemId = options.systemId ?? RIDGE_SYSTEM_ID;
  const artifact = {
    system_id: systemId,
    model_version: `${systemId}-${options.featureVersion}-through-${dates[dates.length - 1]}`,
    feature_version: options.featureVersion,
    feature_names: names,
    training_start_date: dates[0],
    training_end_date: dates[dates.length - 1],
    training_rows: examples.length,
    trained_at: options.trainedAt,
    trained_through: '2025-11-20',
    library: 'ml-regression-multivariate-linear@2',
    lambda,
    means,
    scales,
    target: 'sqrt_points' as const,
    intercept,
    weights,
    training_mae: 0,
  };
  const system = new RidgeSystem(artifact);
  artifact.training_mae = Math.round((examples.reduce((sum, example) => sum + Math.abs(system.predict(example.features) - example.actual_points), 0) / examples.length) * 1000) / 1000;
  return artifact;
}
