import { MarketHistoryRow, MIN_MARKET_ROWS } from './market.model';
import { FeatureValues, MarketContext, PredictionSystem, STACKED_SYSTEM_ID } from './prediction-system';

/**
 * A stacked ensemble: a weighted sum of its members' predictions whose non-negative weights minimise
 * the absolute error of what the members said on earlier dates of the season (their active lined
 * predictions, each out of sample when it was made) against what happened. The caller passes rows
 * dated before the predicted one; the same rows give the same weights.
 */
export interface StackWeights {
  /** One weight per member, in the members' order; not forced to sum to one (the sum absorbs a common bias). */
  weights: number[];
  /** Player-games every member predicted, that the weights were fitted on. */
  rows: number;
  /** Last date of those rows; null for the unfitted (equal) weights. */
  fittedThrough: string | null;
}

/** Before there is enough shared history: the plain mean, the ensemble as it was before fitting. */
export function unfittedStackWeights(members: number): StackWeights {
  return { weights: Array.from({ length: members }, () => 1 / members), rows: 0, fittedThrough: null };
}

/** The player-games every member predicted, in the first member's order: predictions row-major, one per member. */
interface SharedRows {
  count: number;
  members: number;
  predicted: Float64Array;
  actual: Float64Array;
  lastDate: string | null;
}

/** Rows of the members' histories about the same player-game, in the first member's order. */
function sharedRows(histories: ReadonlyArray<readonly MarketHistoryRow[]>): SharedRows {
  const keyOf = (row: MarketHistoryRow) => `${row.game_date}|${row.game_id}|${row.player_lookup}`;
  const byKey = histories.map((rows) => new Map(rows.map((row) => [keyOf(row), row])));
  const members = histories.length;
  const first = histories[0] ?? [];
  const predicted = new Float64Array(first.length * members);
  const actual = new Float64Array(first.length);
  let count = 0;
  let lastDate: string | null = null;
  for (const row of first) {
    const key = keyOf(row);
    const found = byKey.map((rows) => rows.get(key));
    if (found.some((member) => member === undefined)) continue;
    for (let member = 0; member < members; member += 1) predicted[count * members + member] = found[member]!.predicted;
    actual[count] = row.actual;
    if (lastDate === null || row.game_date > lastDate) lastDate = row.game_date;
    count += 1;
  }
  return { count, members, predicted, actual, lastDate };
}

/**
 * Least absolute deviations under w ≥ 0, by iteratively reweighted least squares: each step solves the
 * weighted least squares on every subset of members and keeps the best one whose weights are all
 * non-negative (an exact non-negative solve for the handful of members a stack has). Null with fewer
 * than MIN_MARKET_ROWS player-games that every member predicted.
 */
export function fitStackWeights(histories: ReadonlyArray<readonly MarketHistoryRow[]>): StackWeights | null {
  if (histories.length < 2) throw new Error(`a stack needs at least two members, got ${histories.length}`);
  const rows = sharedRows(histories);
  if (rows.count < MIN_MARKET_ROWS) return null;
  const members = histories.length;
  let weights = unfittedStackWeights(members).weights;
  const rowWeights = new Float64Array(rows.count);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    for (let row = 0; row < rows.count; row += 1) rowWeights[row] = 1 / Math.max(0.5, Math.abs(rows.actual[row] - dotRow(weights, rows, row)));
    const next = nonNegativeWeightedLeastSquares(rows, rowWeights);
    const converged = next.every((weight, index) => Math.abs(weight - weights[index]) < 1e-7);
    weights = next;
    if (converged) break;
  }
  return { weights, rows: rows.count, fittedThrough: rows.lastDate };
}

/** Σ weight·prediction over the members of a row, summed in member order from 0. */
function dotRow(weights: readonly number[], rows: SharedRows, row: number): number {
  let sum = 0;
  for (let member = 0; member < rows.members; member += 1) sum += weights[member] * rows.predicted[row * rows.members + member];
  return sum;
}

/**
 * The weighted normal equations of every subset are sub-blocks of the full members' ones (each entry
 * summed over the rows in the same order), so they are accumulated once per step.
 */
function nonNegativeWeightedLeastSquares(rows: SharedRows, rowWeights: Float64Array): number[] {
  const members = rows.members;
  const fullGram = Array.from({ length: members }, () => Array.from({ length: members }, () => 0));
  const fullMoment = Array.from({ length: members }, () => 0);
  for (let row = 0; row < rows.count; row += 1) {
    const rowWeight = rowWeights[row];
    const offset = row * members;
    for (let i = 0; i < members; i += 1) {
      const predictedI = rows.predicted[offset + i];
      fullMoment[i] += rowWeight * predictedI * rows.actual[row];
      for (let j = 0; j < members; j += 1) fullGram[i][j] += rowWeight * predictedI * rows.predicted[offset + j];
    }
  }
  let best: { weights: number[]; loss: number } | null = null;
  for (let subset = 1; subset < 1 << members; subset += 1) {
    const active = Array.from({ length: members }, (_value, index) => index).filter((index) => subset & (1 << index));
    const solved = solve(
      active.map((i) => active.map((j) => fullGram[i][j])),
      active.map((i) => fullMoment[i]),
    );
    if (solved === null || solved.some((weight) => weight < 0)) continue;
    const weights = Array.from({ length: members }, () => 0);
    active.forEach((index, a) => (weights[index] = solved[a]));
    let loss = 0;
    for (let row = 0; row < rows.count; row += 1) loss += rowWeights[row] * (rows.actual[row] - dotRow(weights, rows, row)) ** 2;
    if (best === null || loss < best.loss) best = { weights, loss };
  }
  if (best === null) throw new Error('stack weights: no subset of members has a non-negative least-squares solution (the predictions carry no information)');
  return best.weights;
}

/** Gaussian elimination with partial pivoting; null when the system is singular. */
function solve(matrix: number[][], vector: number[]): number[] | null {
  const size = vector.length;
  const m = matrix.map((row, index) => [...row, vector[index]]);
  for (let column = 0; column < size; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < size; row += 1) if (Math.abs(m[row][column]) > Math.abs(m[pivot][column])) pivot = row;
    [m[column], m[pivot]] = [m[pivot], m[column]];
    if (Math.abs(m[column][column]) < 1e-9) return null;
    for (let row = 0; row < size; row += 1) {
      if (row === column) continue;
      const factor = m[row][column] / m[column][column];
      for (let k = column; k <= size; k += 1) m[row][k] -= factor * m[column][k];
    }
  }
  return m.map((row, index) => row[size] / m[index][index]);
}

/** The members' predictions weighted by the stack's fitted weights. */
export class StackedSystem implements PredictionSystem {
  readonly systemId = STACKED_SYSTEM_ID;
  readonly modelVersion: string;
  readonly featureVersion: string;
  readonly trainingEndDate: string | null;

  constructor(
    private readonly members: readonly PredictionSystem[],
    readonly stack: StackWeights,
  ) {
    if (members.length !== stack.weights.length) throw new Error(`${STACKED_SYSTEM_ID} has ${members.length} members and ${stack.weights.length} weights`);
    const weights = members.map((member, index) => `${stack.weights[index].toFixed(4)}×${member.modelVersion}`).join('+');
    const fitted = stack.fittedThrough === null ? 'unfitted-equal-weights' : `through-${stack.fittedThrough}`;
    this.modelVersion = `${STACKED_SYSTEM_ID}(${weights})-${fitted}`;
    this.featureVersion = members[0].featureVersion;
    this.trainingEndDate = [stack.fittedThrough, ...members.map((member) => member.trainingEndDate)].filter((date): date is string => date !== null).sort().pop() ?? null;
  }

  predict(features: FeatureValues, market?: MarketContext | null): number {
    return this.members.reduce((sum, member, index) => sum + this.stack.weights[index] * member.predict(features, market), 0);
  }
}
