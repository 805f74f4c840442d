import { Matrix, SVD } from 'ml-matrix';
import { addDays } from '@lib/messaging';
import { FeatureName } from '@lib/warehouse';
import { FeatureValues, PredictionSystem, RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from './prediction-system';

export interface TrainingExample {
  game_date: string;
  features: FeatureValues;
  actual_points: number;
}

/** The versioned artifact: everything needed to predict, and what it was trained on. */
export type RidgeSystemId = typeof RIDGE_SYSTEM_ID | typeof RIDGE_V2_SYSTEM_ID;

/** What every trained model says about itself: which features, and which games it learned from. */
export interface TrainedModelProvenance {
  model_version: string;
  feature_version: string;
  feature_names: FeatureName[];
  training_start_date: string;
  training_end_date: string;
  training_rows: number;
}

export interface RidgeArtifact extends TrainedModelProvenance {
  system_id: RidgeSystemId;
  trained_at: string;
  /** The last day of the range it was trained on (training_end_date is the last with games); absent in models stored before it was recorded. */
  trained_through?: string;
  library: string;
  lambda: number;
  means: number[];
  scales: number[];
  /** The model predicts sqrt(points); predictions are squared back. */
  target: 'sqrt_points';
  intercept: number;
  weights: number[];
  training_mae: number;
}

export const RIDGE_LAMBDA = 25;
const LIBRARY = 'ml-regression-multivariate-linear@2';

export function ridgeModelVersion(featureVersion: string, trainingEndDate: string, systemId: RidgeSystemId = RIDGE_SYSTEM_ID): string {
  return `${systemId}-${featureVersion}-through-${trainingEndDate}`;
}

/**
 * Ridge regression on standardised features: least squares (ml-regression-multivariate-linear)
 * over the examples plus one pseudo-row sqrt(lambda)·e_i per feature, which is the ridge penalty.
 * The target is sqrt(points): points are skewed right, and a squared-error fit of raw points lands
 * above the median, which costs MAE (walk-forward: 4.56 raw vs 4.51 sqrt, see README).
 * Refuses an example dated on or after `predictFrom`, so a model can never see the date it predicts.
 */
export function trainRidge(
  examples: readonly TrainingExample[],
  options: { featureNames: readonly FeatureName[]; featureVersion: string; predictFrom: string; trainedAt: string; lambda?: number; systemId?: RidgeSystemId },
): RidgeArtifact {
  if (examples.length < options.featureNames.length * 10) {
    throw new Error(`ridge training needs at least ${options.featureNames.length * 10} examples, got ${examples.length}`);
  }
  const late = examples.find((example) => example.game_date >= options.predictFrom);
  if (late) throw new Error(`training example dated ${late.game_date} is not before ${options.predictFrom}: the model may only learn from earlier games`);
  const lambda = options.lambda ?? RIDGE_LAMBDA;
  const names = [...options.featureNames];
  const columns = names.map((name) => examples.map((example) => example.features[name]));
  const means = columns.map((column) => column.reduce((sum, value) => sum + value, 0) / column.length);
  const scales = columns.map((column, index) => {
    const variance = column.reduce((sum, value) => sum + (value - means[index]) ** 2, 0) / column.length;
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  const intercept = examples.reduce((sum, example) => sum + Math.sqrt(example.actual_points), 0) / examples.length;
  // the examples, then one pseudo-row sqrt(lambda)·e_i per feature (the ridge penalty): a column per feature
  const rowCount = examples.length + names.length;
  const x = columns.map((values, index) => {
    const column = new Float64Array(rowCount);
    for (let row = 0; row < values.length; row += 1) column[row] = (values[row] - means[index]) / scales[index];
    column[values.length + index] = Math.sqrt(lambda);
    return column;
  });
  const y = new Float64Array(rowCount);
  examples.forEach((example, row) => (y[row] = Math.sqrt(example.actual_points) - intercept));
  const weights = leastSquaresWithoutIntercept(x, y);
  const dates = examples.map((example) => example.game_date).sort();
  const systemId = options.systemId ?? RIDGE_SYSTEM_ID;
  const artifact: RidgeArtifact = {
    system_id: systemId,
    model_version: ridgeModelVersion(options.featureVersion, dates[dates.length - 1], systemId),
    feature_version: options.featureVersion,
    feature_names: names,
    training_start_date: dates[0],
    training_end_date: dates[dates.length - 1],
    training_rows: examples.length,
    trained_at: options.trainedAt,
    trained_through: addDays(options.predictFrom, -1),
    library: LIBRARY,
    lambda,
    means,
    scales,
    target: 'sqrt_points',
    intercept,
    weights,
    training_mae: 0,
  };
  const system = new RidgeSystem(artifact);
  artifact.training_mae = Math.round((examples.reduce((sum, example) => sum + Math.abs(system.predict(example.features) - example.actual_points), 0) / examples.length) * 1000) / 1000;
  return artifact;
}

/**
 * The weights ml-regression-multivariate-linear@2 fits without an intercept, by its arithmetic:
 * (XᵀX)⁻¹ by ml-matrix's SVD, then (Xᵀy)ᵀ(XᵀX)⁻¹. XᵀX and Xᵀy are summed here straight from the
 * rows rather than by multiplying a transposed copy: every entry is the same products added in the
 * same (row) order from 0 as ml-matrix's mmul adds them, so the same bits (XᵀX is symmetric
 * product by product, so its lower half is the upper half).
 */
function leastSquaresWithoutIntercept(x: readonly Float64Array[], y: Float64Array): number[] {
  const columnCount = x.length;
  const gram = Array.from({ length: columnCount }, () => new Array<number>(columnCount).fill(0));
  const moment = new Array<number>(columnCount).fill(0);
  for (let i = 0; i < columnCount; i += 1) {
    const left = x[i];
    for (let j = i; j < columnCount; j += 1) {
      const right = x[j];
      let sum = 0;
      for (let row = 0; row < left.length; row += 1) sum += left[row] * right[row];
      gram[i][j] = sum;
      gram[j][i] = sum;
    }
    let sum = 0;
    for (let row = 0; row < left.length; row += 1) sum += left[row] * y[row];
    moment[i] = sum;
  }
  const inverse = new SVD(new Matrix(gram)).inverse();
  return new Matrix([moment]).mmul(inverse).transpose().to2DArray().map((row) => row[0]);
}

export class RidgeSystem implements PredictionSystem {
  readonly systemId: string;
  readonly modelVersion: string;
  readonly featureVersion: string;
  readonly trainingEndDate: string;

  constructor(private readonly artifact: RidgeArtifact) {
    this.systemId = artifact.system_id ?? RIDGE_SYSTEM_ID;
    this.modelVersion = artifact.model_version;
    this.featureVersion = artifact.feature_version;
    this.trainingEndDate = artifact.training_end_date;
  }

  predict(features: FeatureValues): number {
    const { feature_names: names, means, scales, weights, intercept } = this.artifact;
    const value = names.reduce((sum, name, index) => {
      const x = features[name];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`feature ${name} is ${String(x)}: model ${this.modelVersion} needs every feature it was trained on`);
      return sum + (weights[index] * (x - means[index])) / scales[index];
    }, intercept);
    return Math.max(0, value) ** 2;
  }
}
