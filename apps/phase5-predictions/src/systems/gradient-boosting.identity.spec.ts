import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlatformConfig } from '@lib/platform';
import { BoundaryGate } from '@lib/quality';
import { ALL_TABLES, DuckDBWarehouse, FEATURE_NAMES, FEATURE_VERSION, FeatureName } from '@lib/warehouse';
import { PrecomputeRepository } from '../../../phase4-precompute/src/precompute/precompute.repository';
import { PrecomputeStep } from '../../../phase4-precompute/src/precompute/precompute.step';
import { seedBundledAnalytics } from '../../../../tools/seed/analytics.seeder';
import { GBM_PARAMETERS, GradientBoostingModel, GradientBoostingParameters, trainGradientBoosting } from './gradient-boosting.model';
import { MinutesRateSystem } from './minutes-rate.system';
import { FeatureValues, GBM_SYSTEM_ID } from './prediction-system';
import { TrainingExample } from './ridge.model';
import { loadTrainingExamples } from './training-examples.repository';

/**
 * gbm_v1's boosting was rewritten for speed (histogram subtraction, index buffers, typed sorts); the
 * model it learns must not change by a bit. The straightforward implementation it replaced is kept
 * below, unchanged, as the oracle: both train on the real season's feature vectors (phase 4's own
 * code over the bundled games) and on rows made to hit every fallback (NaN, null, -0), and the models
 * must be equal to the last leaf, threshold and held-out error.
 */
describe('gbm_v1 learns the same model as the straightforward boosting it replaced', () => {
  const clock = { now: () => new Date('2025-12-15T12:00:00Z') };
  let warehouse: DuckDBWarehouse;

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gbm-identity-'));
    const config = loadPlatformConfig({ DATA_DIR: directory });
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    await seedBundledAnalytics(warehouse, { from: '2025-10-21', to: '2025-11-11' });
    const phase4 = new PrecomputeStep(new PrecomputeRepository(warehouse), new BoundaryGate(warehouse, config.boundaryThresholds(), async () => undefined, clock.now), config, clock);
    for (let day = 22; day <= 42; day += 1) {
      await phase4.run({ gameDate: new Date(Date.UTC(2025, 9, day)).toISOString().slice(0, 10), backfillMode: true, trigger: 'pubsub', correlationId: 'gbm-identity' });
    }
  }, 240_000);
  afterAll(async () => {
    await warehouse.close();
  });

  // One real date is enough for the oracle: the edge cases the fast paths step aside for are below.
  it.each([['2025-11-12', '2025-11-11']])('on the real season, predicting %s from the feature vectors through %s', async (predictFrom, through) => {
    const examples = await loadTrainingExamples(warehouse, '2025-08-01', through, FEATURE_VERSION);
    expect(examples.length).toBeGreaterThan(2_000);
    const options = { featureNames: FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom };
    const expected = referenceTrainGradientBoosting(examples, options);
    expect(expected.tree_count_validation).not.toBeNull();
    expect(expected.trees.length).toBeGreaterThan(10);
    expect(trainGradientBoosting(examples, options)).toEqual(expected);
  }, 120_000);
});

describe('gbm_v1 learns the same model as the boosting it replaced, on rows that need its exact fallbacks', () => {
  it('with missing (NaN), null and negative-zero features and a NaN target, where the fast paths step aside', () => {
    const start = new MinutesRateSystem();
    const rows: TrainingExample[] = Array.from({ length: 1_200 }, (_value, index) => {
      const features = Object.fromEntries(FEATURE_NAMES.map((name, feature) => [name, ((index * (feature + 7)) % 37) / 3])) as FeatureValues;
      Object.assign(features, { minutes_projection: 12 + (index % 23), points_per_minute_projection: 0.35 + (index % 9) * 0.03, opponent_defense_factor: 1, is_home: index % 2, back_to_back: 0 });
      return { game_date: `2025-11-${String(1 + (index % 14)).padStart(2, '0')}`, features, actual_points: Math.round(start.predict(features) + ((index * 7919) % 13) - 6) };
    });
    // a NaN target makes every gain NaN, so nothing splits: the model is its start and leaves
    const variants: Array<[string, (rows: TrainingExample[]) => TrainingExample[], number]> = [
      ['as made', (examples) => examples, 30],
      ['a feature missing every 50th row', (examples) => examples.map((row, index) => (index % 50 === 0 ? { ...row, features: { ...row.features, fga_ewma: undefined as unknown as number } } : row)), 30],
      ['null features', (examples) => examples.map((row, index) => (index % 40 === 0 ? { ...row, features: { ...row.features, usage_avg_last_5: null as unknown as number } } : row)), 30],
      ['negative zeros beside zeros', (examples) => examples.map((row, index) => (index % 3 === 0 ? { ...row, features: { ...row.features, [FEATURE_NAMES[0]]: -0 } } : row)), 30],
      ['a NaN target', (examples) => examples.map((row, index) => (index === 17 ? { ...row, actual_points: Number.NaN } : row)), 0],
    ];
    for (const [variant, vary, splitTrees] of variants) {
      const examples = vary(rows);
      const options = { featureNames: FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: '2025-11-15' };
      expect(trainGradientBoosting(examples, options)).toEqual(referenceTrainGradientBoosting(examples, options));
      const noValidation = { ...options, parameters: { ...GBM_PARAMETERS, trees: 40, validationDays: 0 } };
      const expected = referenceTrainGradientBoosting(examples, noValidation);
      expect({ variant, splitTrees: expected.trees.filter((tree) => !('leaf' in tree)).length >= splitTrees }).toEqual({ variant, splitTrees: true });
      expect(trainGradientBoosting(examples, noValidation)).toEqual(expected);
    }
  });
});

// The implementation before the rewrite, verbatim (only renamed), as the oracle.
type ReferenceTreeNode = GradientBoostingModel['trees'][number];
const START = new MinutesRateSystem();

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function cutPoints(column: Float64Array, bins: number): number[] {
  const sorted = Array.from(column).sort((a, b) => a - b);
  const cuts = new Set<number>();
  for (let bin = 1; bin < bins; bin += 1) cuts.add(sorted[Math.floor((bin * sorted.length) / bins)]);
  return [...cuts].sort((a, b) => a - b);
}

function referenceTrainGradientBoosting(examples: readonly TrainingExample[], options: Parameters<typeof trainGradientBoosting>[1]): GradientBoostingModel {
  const parameters = options.parameters ?? GBM_PARAMETERS;
  if (examples.length < parameters.minLeafRows * 4) throw new Error(`gradient boosting needs at least ${parameters.minLeafRows * 4} examples, got ${examples.length}`);
  const late = examples.find((example) => example.game_date >= options.predictFrom);
  if (late) throw new Error(`training example dated ${late.game_date} is not before ${options.predictFrom}: the model may only learn from earlier games`);
  const full = boost(examples, options.featureNames, parameters);
  const validation = treeCountOnHeldOutDays(examples, options.featureNames, parameters, options.predictFrom);
  // boosting is sequential and deterministic: the first n trees of the full run are the n-tree model
  const trees = validation === null ? full.trees : full.trees.slice(0, validation.chosen_trees);
  const dates = examples.map((example) => example.game_date).sort();
  return {
    system_id: GBM_SYSTEM_ID,
    model_version: `${GBM_SYSTEM_ID}-${options.featureVersion}-through-${dates[dates.length - 1]}`,
    feature_version: options.featureVersion,
    feature_names: [...options.featureNames],
    training_start_date: dates[0],
    training_end_date: dates[dates.length - 1],
    training_rows: examples.length,
    parameters,
    initial: full.initial,
    trees,
    tree_count_validation: validation,
  };
}

function treeCountOnHeldOutDays(
  examples: readonly TrainingExample[],
  featureNames: readonly FeatureName[],
  parameters: GradientBoostingParameters,
  predictFrom: string,
): GradientBoostingModel['tree_count_validation'] {
  if (parameters.validationDays <= 0) return null;
  const heldOutFrom = new Date(Date.parse(`${predictFrom}T00:00:00Z`) - parameters.validationDays * 86_400_000).toISOString().slice(0, 10);
  const fit = examples.filter((example) => example.game_date < heldOutFrom);
  const heldOut = examples.filter((example) => example.game_date >= heldOutFrom);
  if (fit.length < parameters.minLeafRows * 4 || heldOut.length < parameters.minLeafRows) return null;
  const model = boost(fit, featureNames, parameters);
  const names = [...featureNames];
  const current = heldOut.map((example) => START.predict(example.features) + model.initial);
  let best = { trees: 0, error: Number.POSITIVE_INFINITY };
  model.trees.forEach((tree, index) => {
    let error = 0;
    heldOut.forEach((example, row) => {
      current[row] += evaluateTree(tree, (feature) => example.features[names[feature]]);
      error += Math.abs(Math.max(0, current[row]) - example.actual_points);
    });
    // strictly better only: on a tie the smaller model is kept
    if (error < best.error) best = { trees: index + 1, error };
  });
  return { held_out_from: heldOutFrom, held_out_rows: heldOut.length, chosen_trees: best.trees, held_out_mae: Math.round((best.error / heldOut.length) * 10_000) / 10_000 };
}

function boost(examples: readonly TrainingExample[], featureNames: readonly FeatureName[], parameters: GradientBoostingParameters): { initial: number; trees: ReferenceTreeNode[] } {
  const names = [...featureNames];
  const rows = examples.length;
  const columns = names.map((name) => Float64Array.from(examples, (example) => example.features[name]));
  const cuts = columns.map((column) => cutPoints(column, parameters.bins));
  // bin index of every value: the number of cut points not above it
  const binned = columns.map((column, feature) =>
    Uint8Array.from(column, (value) => {
      let low = 0;
      let high = cuts[feature].length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (cuts[feature][middle] <= value) low = middle + 1;
        else high = middle;
      }
      return low;
    }),
  );
  const target = Float64Array.from(examples, (example) => example.actual_points);
  const current = Float64Array.from(examples, (example) => START.predict(example.features));
  const initial = median(Array.from(target, (value, index) => value - current[index]));
  for (let index = 0; index < rows; index += 1) current[index] += initial;
  const trees: ReferenceTreeNode[] = [];

  const grow = (indices: number[], gradient: Float64Array, depthLeft: number): ReferenceTreeNode => {
    const residualLeaf = () => ({ leaf: parameters.learningRate * median(indices.map((index) => target[index] - current[index])) });
    if (depthLeft === 0 || indices.length < 2 * parameters.minLeafRows) return residualLeaf();
    let total = 0;
    for (const index of indices) total += gradient[index];
    let best = { gain: 1e-9, feature: -1, bin: -1 };
    for (let feature = 0; feature < names.length; feature += 1) {
      const binCount = cuts[feature].length + 1;
      const sums = new Float64Array(binCount);
      const counts = new Uint32Array(binCount);
      const featureBins = binned[feature];
      for (const index of indices) {
        sums[featureBins[index]] += gradient[index];
        counts[featureBins[index]] += 1;
      }
      let leftSum = 0;
      let leftCount = 0;
      for (let bin = 0; bin < binCount - 1; bin += 1) {
        leftSum += sums[bin];
        leftCount += counts[bin];
        const rightCount = indices.length - leftCount;
        if (leftCount < parameters.minLeafRows || rightCount < parameters.minLeafRows) continue;
        const rightSum = total - leftSum;
        const gain = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount - (total * total) / indices.length;
        if (gain > best.gain) best = { gain, feature, bin };
      }
    }
    if (best.feature < 0) return residualLeaf();
    const left = indices.filter((index) => binned[best.feature][index] <= best.bin);
    const right = indices.filter((index) => binned[best.feature][index] > best.bin);
    return { feature: best.feature, threshold: cuts[best.feature][best.bin], left: grow(left, gradient, depthLeft - 1), right: grow(right, gradient, depthLeft - 1) };
  };

  const all = Array.from({ length: rows }, (_value, index) => index);
  for (let tree = 0; tree < parameters.trees; tree += 1) {
    const gradient = Float64Array.from(all, (index) => Math.sign(target[index] - current[index]));
    const node = grow(all, gradient, parameters.depth);
    trees.push(node);
    for (const index of all) current[index] += evaluateTree(node, (feature) => columns[feature][index]);
  }
  return { initial, trees };
}

function evaluateTree(node: ReferenceTreeNode, value: (feature: number) => number): number {
  let at = node;
  while (!('leaf' in at)) at = value(at.feature) < at.threshold ? at.left : at.right;
  return at.leaf;
}

