import { FeatureName } from '@lib/warehouse';
import { FeatureValues, GBM_SYSTEM_ID, PredictionSystem } from './prediction-system';
import { MinutesRateSystem } from './minutes-rate.system';
import { TrainedModelProvenance, TrainingExample } from './ridge.model';

const START = new MinutesRateSystem();

/**
 * Gradient-boosted regression trees with absolute-error loss (Friedman's LAD boosting), starting from
 * the minutes × rate prediction: each tree is fitted to the sign of the residuals by least squares on
 * quantile-binned features, then each leaf takes the median residual of its rows, so the trees learn
 * corrections to a model that already knows the structure (minutes times rate), not the structure itself.
 * Deterministic (no subsampling), so the same examples give the same model; small enough to train in
 * phase 5 on every run.
 */
export interface GradientBoostingParameters {
  /** The most trees; fewer are kept when the held-out days say so. */
  trees: number;
  /**
   * The number of trees is fitted walk-forward: the model is first trained on the examples before the
   * last `validationDays` days of the training range, and the count with the least absolute error on
   * those last days is kept (0: always `trees`).
   */
  validationDays: number;
  depth: number;
  learningRate: number;
  minLeafRows: number;
  bins: number;
}

export const GBM_PARAMETERS: GradientBoostingParameters = { trees: 150, validationDays: 7, depth: 3, learningRate: 0.1, minLeafRows: 40, bins: 32 };

type TreeNode = { leaf: number } | { feature: number; threshold: number; left: TreeNode; right: TreeNode };

export interface GradientBoostingModel extends TrainedModelProvenance {
  system_id: typeof GBM_SYSTEM_ID;
  parameters: GradientBoostingParameters;
  /** Added to the minutes × rate prediction before the trees. */
  initial: number;
  trees: TreeNode[];
  /** How the number of trees was chosen: on which held-out days, and their error at that count; null when there were too few examples to hold any out. */
  tree_count_validation: { held_out_from: string; held_out_rows: number; chosen_trees: number; held_out_mae: number } | null;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** NaN and -0 are the values a typed (numeric) sort may order differently from the comparator sort above. */
function isOrderedLikeComparatorSort(value: number): boolean {
  return value === value && !(value === 0 && 1 / value < 0);
}

/**
 * median() of the first `length` values of `scratch` (reordered), by selection when every value
 * sorts the same way under a typed sort and the comparator sort (the middle values are then the same
 * numbers whatever way they are found); otherwise by median() itself.
 */
function medianInPlace(scratch: Float64Array, length: number): number {
  if (length === 0) return 0;
  const values = scratch.subarray(0, length);
  for (let index = 0; index < length; index += 1) if (!isOrderedLikeComparatorSort(values[index])) return median(Array.from(values));
  const middle = Math.floor(length / 2);
  const upper = selectInPlace(values, middle);
  if (length % 2 === 1) return upper;
  // selection leaves every value before the middle at or below it: the lower middle is their largest
  let lower = values[0];
  for (let index = 1; index < middle; index += 1) if (values[index] > lower) lower = values[index];
  return (lower + upper) / 2;
}

/**
 * The k-th smallest (from 0) of values that are neither NaN nor -0 (Hoare's selection), leaving every
 * value before index k at or below it and every value after at or above it.
 */
function selectInPlace(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  while (high > low) {
    const a = values[low];
    const b = values[(low + high) >> 1];
    const c = values[high];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] < pivot) i += 1;
      while (values[j] > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) high = j;
    else if (k >= i) low = i;
    else return values[k];
  }
  return values[k];
}

/** Cut points per feature: the distinct quantiles of its training values. */
function cutPoints(column: Float64Array, bins: number): number[] {
  const sorted = column.every(isOrderedLikeComparatorSort) ? column.slice().sort() : Array.from(column).sort((a, b) => a - b);
  const cuts = new Set<number>();
  for (let bin = 1; bin < bins; bin += 1) cuts.add(sorted[Math.floor((bin * sorted.length) / bins)]);
  return [...cuts].sort((a, b) => a - b);
}

interface BoostingOptions {
  featureNames: readonly FeatureName[];
  featureVersion: string;
  predictFrom: string;
  parameters?: GradientBoostingParameters;
}

export function trainGradientBoosting(examples: readonly TrainingExample[], options: BoostingOptions): GradientBoostingModel {
  const parameters = options.parameters ?? GBM_PARAMETERS;
  if (examples.length < parameters.minLeafRows * 4) throw new Error(`gradient boosting needs at least ${parameters.minLeafRows * 4} examples, got ${examples.length}`);
  const late = examples.find((example) => example.game_date >= options.predictFrom);
  if (late) throw new Error(`training example dated ${late.game_date} is not before ${options.predictFrom}: the model may only learn from earlier games`);
  const data = boostingRows(examples, options.featureNames);
  const full = boost(data, parameters);
  const validation = treeCountOnHeldOutDays(examples, data, parameters, options.predictFrom);
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

/**
 * The number of trees (1 … parameters.trees) with the least absolute error on the last validationDays
 * days before predictFrom, for a model trained on the days before them; null when either part is too
 * small to say (fewer than minLeafRows × 4 examples to train on, or minLeafRows to judge on).
 */
function treeCountOnHeldOutDays(
  examples: readonly TrainingExample[],
  data: BoostingRows,
  parameters: GradientBoostingParameters,
  predictFrom: string,
): GradientBoostingModel['tree_count_validation'] {
  if (parameters.validationDays <= 0) return null;
  const heldOutFrom = new Date(Date.parse(`${predictFrom}T00:00:00Z`) - parameters.validationDays * 86_400_000).toISOString().slice(0, 10);
  const fitRows: number[] = [];
  const heldOutRows: number[] = [];
  examples.forEach((example, row) => (example.game_date < heldOutFrom ? fitRows : heldOutRows).push(row));
  if (fitRows.length < parameters.minLeafRows * 4 || heldOutRows.length < parameters.minLeafRows) return null;
  const model = boost(rowsAt(data, fitRows), parameters);
  const heldOut = rowsAt(data, heldOutRows);
  const { columns, target: actual } = heldOut;
  const current = Array.from(heldOut.start, (start) => start + model.initial);
  let best = { trees: 0, error: Number.POSITIVE_INFINITY };
  model.trees.forEach((tree, index) => {
    let error = 0;
    for (let row = 0; row < heldOut.rows; row += 1) {
      current[row] += evaluateTree(tree, (feature) => columns[feature][row]);
      error += Math.abs(Math.max(0, current[row]) - actual[row]);
    }
    // strictly better only: on a tie the smaller model is kept
    if (error < best.error) best = { trees: index + 1, error };
  });
  return { held_out_from: heldOutFrom, held_out_rows: heldOut.rows, chosen_trees: best.trees, held_out_mae: Math.round((best.error / heldOut.rows) * 10_000) / 10_000 };
}

/** The examples as boosting reads them: typed columns, read from the example objects once per training. */
interface BoostingRows {
  rows: number;
  /** Each feature as the number it converts to (null as 0, undefined as NaN), as in a Float64Array. */
  columns: Float64Array[];
  target: Float64Array;
  /** The minutes × rate prediction the trees correct. */
  start: Float64Array;
}

function boostingRows(examples: readonly TrainingExample[], featureNames: readonly FeatureName[]): BoostingRows {
  return {
    rows: examples.length,
    columns: featureNames.map((name) => Float64Array.from(examples, (example) => example.features[name])),
    target: Float64Array.from(examples, (example) => example.actual_points),
    start: Float64Array.from(examples, (example) => START.predict(example.features)),
  };
}

/** The given rows of `data`, in the order given. */
function rowsAt(data: BoostingRows, rows: readonly number[]): BoostingRows {
  const pick = (column: Float64Array) => Float64Array.from(rows, (row) => column[row]);
  return { rows: rows.length, columns: data.columns.map(pick), target: pick(data.target), start: pick(data.start) };
}

/**
 * Gradients are signs (-1, 0 or 1), so every histogram sum is a small integer and exact: a child's
 * histogram is its parent's minus its sibling's, and only the smaller child's rows are read. Rows of
 * a node sit together in one index buffer (split stably, so each node keeps its rows in row order).
 */
function boost(data: BoostingRows, parameters: GradientBoostingParameters): { initial: number; trees: TreeNode[] } {
  const { rows, columns, target } = data;
  const features = columns.length;
  const cuts = columns.map((column) => cutPoints(column, parameters.bins));
  // bin index of every value (the number of cut points not above it), row by row
  const rowBins = new Uint8Array(rows * features);
  columns.forEach((column, feature) => {
    const featureCuts = cuts[feature];
    for (let row = 0; row < rows; row += 1) {
      const value = column[row];
      let low = 0;
      let high = featureCuts.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (featureCuts[middle] <= value) low = middle + 1;
        else high = middle;
      }
      rowBins[row * features + feature] = low;
    }
  });
  // a NaN value is binned first (left) but compares right of every cut point: such rows are then evaluated through the tree
  const rowsFollowTheirBins = columns.every((column) => !column.some(Number.isNaN));
  const current = data.start.slice();
  const initial = median(Array.from(target, (value, index) => value - current[index]));
  for (let index = 0; index < rows; index += 1) current[index] += initial;

  const binSlots = parameters.bins + 1;
  const histogramSize = features * binSlots;
  const gradient = new Float64Array(rows);
  const order = new Uint32Array(rows);
  const rightScratch = new Uint32Array(rows);
  const residuals = new Float64Array(rows);
  const newHistogram = () => ({ sums: new Float64Array(histogramSize), counts: new Float64Array(histogramSize) });
  type Histogram = ReturnType<typeof newHistogram>;
  // a node's smaller child's histogram is done with before any other node of its depth is split: one per depth serves every tree
  const childHistograms = Array.from({ length: parameters.depth + 1 }, newHistogram);

  const fillHistogram = (histogram: Histogram, start: number, end: number) => {
    const { sums, counts } = histogram;
    sums.fill(0);
    counts.fill(0);
    for (let position = start; position < end; position += 1) {
      const row = order[position];
      const value = gradient[row];
      const base = row * features;
      for (let feature = 0; feature < features; feature += 1) {
        const slot = feature * binSlots + rowBins[base + feature];
        sums[slot] += value;
        counts[slot] += 1;
      }
    }
  };

  const residualLeaf = (start: number, end: number): TreeNode => {
    const length = end - start;
    for (let position = 0; position < length; position += 1) {
      const row = order[start + position];
      residuals[position] = target[row] - current[row];
    }
    const leaf = parameters.learningRate * medianInPlace(residuals, length);
    if (rowsFollowTheirBins) for (let position = start; position < end; position += 1) current[order[position]] += leaf;
    return { leaf };
  };

  const grow = (start: number, end: number, histogram: Histogram | null, depthLeft: number): TreeNode => {
    const size = end - start;
    if (depthLeft === 0 || size < 2 * parameters.minLeafRows || histogram === null) return residualLeaf(start, end);
    const { sums, counts } = histogram;
    let total = 0;
    for (let position = start; position < end; position += 1) total += gradient[order[position]];
    let best = { gain: 1e-9, feature: -1, bin: -1 };
    for (let feature = 0; feature < features; feature += 1) {
      const binCount = cuts[feature].length + 1;
      const base = feature * binSlots;
      let leftSum = 0;
      let leftCount = 0;
      for (let bin = 0; bin < binCount - 1; bin += 1) {
        leftSum += sums[base + bin];
        leftCount += counts[base + bin];
        const rightCount = size - leftCount;
        if (leftCount < parameters.minLeafRows || rightCount < parameters.minLeafRows) continue;
        const rightSum = total - leftSum;
        const gain = (leftSum * leftSum) / leftCount + (rightSum * rightSum) / rightCount - (total * total) / size;
        if (gain > best.gain) best = { gain, feature, bin };
      }
    }
    if (best.feature < 0) return residualLeaf(start, end);

    let leftEnd = start;
    let rightLength = 0;
    for (let position = start; position < end; position += 1) {
      const row = order[position];
      if (rowBins[row * features + best.feature] <= best.bin) order[leftEnd++] = row;
      else rightScratch[rightLength++] = row;
    }
    order.set(rightScratch.subarray(0, rightLength), leftEnd);

    // only children that will look for a split need a histogram
    const searches = (childSize: number) => depthLeft - 1 > 0 && childSize >= 2 * parameters.minLeafRows;
    let leftHistogram: Histogram | null = null;
    let rightHistogram: Histogram | null = null;
    if (searches(leftEnd - start) || searches(end - leftEnd)) {
      const leftIsSmaller = leftEnd - start <= end - leftEnd;
      const smaller = childHistograms[depthLeft];
      fillHistogram(smaller, leftIsSmaller ? start : leftEnd, leftIsSmaller ? leftEnd : end);
      if (gradientsAreSigns) {
        for (let slot = 0; slot < histogramSize; slot += 1) {
          sums[slot] -= smaller.sums[slot];
          counts[slot] -= smaller.counts[slot];
        }
      } else {
        fillHistogram(histogram, leftIsSmaller ? leftEnd : start, leftIsSmaller ? end : leftEnd);
      }
      // the parent's histogram now holds the larger child's
      leftHistogram = leftIsSmaller ? smaller : histogram;
      rightHistogram = leftIsSmaller ? histogram : smaller;
    }
    const threshold = cuts[best.feature][best.bin];
    const left = grow(start, leftEnd, leftHistogram, depthLeft - 1);
    const right = grow(leftEnd, end, rightHistogram, depthLeft - 1);
    return { feature: best.feature, threshold, left, right };
  };

  const trees: TreeNode[] = [];
  const rootHistogram = newHistogram();
  // the root's histogram of the last tree's gradients: a tree's own is that one changed by the rows whose sign changed (sums of signs are exact)
  const lastRoot = newHistogram();
  const lastGradient = new Float64Array(rows);
  let lastRootHolds = false;
  let gradientsAreSigns = true;
  for (let tree = 0; tree < parameters.trees; tree += 1) {
    gradientsAreSigns = true;
    for (let row = 0; row < rows; row += 1) {
      const sign = Math.sign(target[row] - current[row]);
      // a NaN residual (a NaN target or start) has a NaN gradient, and NaN minus NaN is not the sibling's sum
      if (sign !== sign) gradientsAreSigns = false;
      gradient[row] = sign;
      order[row] = row;
    }
    const searchesRoot = parameters.depth > 0 && rows >= 2 * parameters.minLeafRows;
    if (searchesRoot) {
      if (gradientsAreSigns && lastRootHolds) {
        const { sums } = lastRoot;
        for (let row = 0; row < rows; row += 1) {
          const change = gradient[row] - lastGradient[row];
          if (change === 0) continue;
          const base = row * features;
          for (let feature = 0; feature < features; feature += 1) sums[feature * binSlots + rowBins[base + feature]] += change;
        }
      } else {
        fillHistogram(lastRoot, 0, rows);
      }
      lastRootHolds = gradientsAreSigns;
      lastGradient.set(gradient);
      // grow() turns the histogram it is given into its larger child's
      rootHistogram.sums.set(lastRoot.sums);
      rootHistogram.counts.set(lastRoot.counts);
    }
    const node = grow(0, rows, searchesRoot ? rootHistogram : null, parameters.depth);
    trees.push(node);
    if (!rowsFollowTheirBins) for (let row = 0; row < rows; row += 1) current[row] += evaluateTree(node, (feature) => columns[feature][row]);
  }
  return { initial, trees };
}

/** A row goes left when its value is below the split's cut point (the bin boundary), right otherwise. */
function evaluateTree(node: TreeNode, value: (feature: number) => number): number {
  let at = node;
  while (!('leaf' in at)) at = value(at.feature) < at.threshold ? at.left : at.right;
  return at.leaf;
}

export class GradientBoostingSystem implements PredictionSystem {
  readonly systemId = GBM_SYSTEM_ID;
  readonly modelVersion: string;
  readonly featureVersion: string;
  readonly trainingEndDate: string;

  constructor(private readonly model: GradientBoostingModel) {
    this.modelVersion = model.model_version;
    this.featureVersion = model.feature_version;
    this.trainingEndDate = model.training_end_date;
  }

  predict(features: FeatureValues): number {
    const values = this.model.feature_names.map((name) => {
      const x = features[name];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`feature ${name} is ${String(x)}: model ${this.modelVersion} needs every feature it was trained on`);
      return x;
    });
    return Math.max(0, this.model.trees.reduce((sum, tree) => sum + evaluateTree(tree, (feature) => values[feature]), START.predict(features) + this.model.initial));
  }
}
