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

/** Rows of the members' histories about the same player-game, in the members' order. */
function sharedRows(histories: ReadonlyArray<readonly MarketHistoryRow[]>): Array<{ game_date: string; predicted: number[]; actual: number }> {
  const keyOf = (row: MarketHistoryRow) => `${row.game_date}|${row.game_id}|${row.player_lookup}`;
  const byKey = histories.map((rows) => new Map(rows.map((row) => [keyOf(row), row])));
  const shared: Array<{ game_date: string; predicted: number[]; actual: number }> = [];
  for (const row of histories[0] ?? []) {
    const key = keyOf(row);
    const members = byKey.map((rows) => rows.get(key));
    if (members.some((member) => member === undefined)) continue;
    shared.push({ game_date: row.game_date, predicted: members.map((member) => member!.predicted), actual: row.actual });
  }
  return shared;
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
  if (rows.length < MIN_MARKET_ROWS) return null;
  const members = histories.length;
  let weights = unfittedStackWeights(members).weights;
  for (let iteration = 0; iteration < 100; iteration += 1) {
    const rowWeights = rows.map((row) => 1 / Math.max(0.5, Math.abs(row.actual - dot(weights, row.predicted))));
    const next = nonNegativeWeightedLeastSquares(rows, rowWeights, members);
    const converged = next.every((weight, index) => Math.abs(weight - weights[index]) < 1e-7);
    weights = next;
    if (converged) break;
  }
  const fittedThrough = rows.reduce((latest, row) => (row.game_date > latest ? row.game_date : latest), rows[0].game_date);
  return { weights, rows: rows.length, fittedThrough };
}

function dot(weights: readonly number[], values: readonly number[]): number {
  return weights.reduce((sum, weight, index) => sum + weight * values[index], 0);
}

function nonNegativeWeightedLeastSquares(rows: ReadonlyArray<{ predicted: number[]; actual: number }>, rowWeights: readonly number[], members: number): number[] {
  let best: { weights: number[]; loss: number } | null = null;
  for (let subset = 1; subset < 1 << members; subset += 1) {
    const active = Array.from({ length: members }, (_value, index) => index).filter((index) => subset & (1 << index));
    const gram = active.map(() => active.map(() => 0));
    const moment = active.map(() => 0);
    rows.forEach((row, rowIndex) => {
      active.forEach((i, a) => {
        moment[a] += rowWeights[rowIndex] * row.predicted[i] * row.actual;
        active.forEach((j, b) => (gram[a][b] += rowWeights[rowIndex] * row.predicted[i] * row.predicted[j]));
      });
    });
    const solved = solve(gram, moment);
    if (solved === null || solved.some((weight) => weight < 0)) continue;
    const weights = Array.from({ length: members }, () => 0);
    active.forEach((index, a) => (weights[index] = solved[a]));
    const loss = rows.reduce((sum, row, rowIndex) => sum + rowWeights[rowIndex] * (row.actual - dot(weights, row.predicted)) ** 2, 0);
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
