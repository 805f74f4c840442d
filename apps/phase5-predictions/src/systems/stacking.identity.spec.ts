import { MarketHistoryRow, MIN_MARKET_ROWS } from './market.model';
import { fitStackWeights, StackWeights, unfittedStackWeights } from './stacking.model';

/**
 * fitStackWeights was rewritten for speed (typed rows, the subsets' normal equations read from the
 * full members' ones); the weights must not change by a bit. The straightforward implementation it
 * replaced is kept below, unchanged, as the oracle.
 */
describe('stacked_v1 fits the same weights as the implementation it replaced', () => {
  function histories(count: number, seed: number, options: { missing?: boolean; duplicates?: boolean; flatMember?: boolean; noise?: boolean } = {}): MarketHistoryRow[][] {
    let state = seed;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const members: MarketHistoryRow[][] = [[], [], []];
    for (let index = 0; index < count; index += 1) {
      const first = 2 + random() * 30;
      const second = first * (0.8 + random() * 0.4);
      const third = options.flatMember ? 0 : 5 + random() * 25;
      const actual = Math.round(0.6 * first + 0.3 * second + (random() - 0.5) * (options.noise ? 30 : 8));
      const player = options.duplicates && index % 17 === 0 ? `p${index - 1}` : `p${index}`;
      const base = { game_date: `2025-${String(10 + (index % 3)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`, game_id: `g${index % 40}`, player_lookup: player, line: 15.5, noVigProbabilityOver: 0.5, actual };
      members[0].push({ ...base, predicted: first });
      if (!(options.missing && index % 5 === 0)) members[1].push({ ...base, predicted: second });
      if (!(options.missing && index % 7 === 3)) members[2].push({ ...base, predicted: third });
    }
    return members;
  }

  it.each([
    ['a plain history', histories(3_000, 11)],
    ['members that miss some player-games', histories(2_500, 29, { missing: true })],
    ['repeated player-games', histories(1_200, 5, { duplicates: true })],
    ['a member that always says 0 (singular subsets)', histories(900, 3, { flatMember: true })],
    ['noisy outcomes', histories(4_000, 71, { noise: true })],
    ['two members', histories(1_000, 13).slice(0, 2)],
    ['too few shared rows', histories(MIN_MARKET_ROWS - 1, 17)],
  ])('on %s', (_name, members) => {
    const expected = referenceFitStackWeights(members);
    if (members[0].length >= MIN_MARKET_ROWS + 200) expect(expected).not.toBeNull();
    expect(fitStackWeights(members)).toEqual(expected);
  });
});

// ---- the implementation before the rewrite, verbatim ----

function referenceSharedRows(histories: ReadonlyArray<readonly MarketHistoryRow[]>): Array<{ game_date: string; predicted: number[]; actual: number }> {
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

function referenceFitStackWeights(histories: ReadonlyArray<readonly MarketHistoryRow[]>): StackWeights | null {
  if (histories.length < 2) throw new Error(`a stack needs at least two members, got ${histories.length}`);
  const rows = referenceSharedRows(histories);
  if (rows.length < MIN_MARKET_ROWS) return null;
  const members = histories.length;
  let weights = unfittedStackWeights(members).weights;
  for (let iteration = 0; iteration < 100; iteration += 1) {
    const rowWeights = rows.map((row) => 1 / Math.max(0.5, Math.abs(row.actual - referenceDot(weights, row.predicted))));
    const next = referenceNonNegativeWeightedLeastSquares(rows, rowWeights, members);
    const converged = next.every((weight, index) => Math.abs(weight - weights[index]) < 1e-7);
    weights = next;
    if (converged) break;
  }
  const fittedThrough = rows.reduce((latest, row) => (row.game_date > latest ? row.game_date : latest), rows[0].game_date);
  return { weights, rows: rows.length, fittedThrough };
}

function referenceDot(weights: readonly number[], values: readonly number[]): number {
  return weights.reduce((sum, weight, index) => sum + weight * values[index], 0);
}

function referenceNonNegativeWeightedLeastSquares(rows: ReadonlyArray<{ predicted: number[]; actual: number }>, rowWeights: readonly number[], members: number): number[] {
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
    const solved = referenceSolve(gram, moment);
    if (solved === null || solved.some((weight) => weight < 0)) continue;
    const weights = Array.from({ length: members }, () => 0);
    active.forEach((index, a) => (weights[index] = solved[a]));
    const loss = rows.reduce((sum, row, rowIndex) => sum + rowWeights[rowIndex] * (row.actual - referenceDot(weights, row.predicted)) ** 2, 0);
    if (best === null || loss < best.loss) best = { weights, loss };
  }
  if (best === null) throw new Error('stack weights: no subset of members has a non-negative least-squares solution (the predictions carry no information)');
  return best.weights;
}

function referenceSolve(matrix: number[][], vector: number[]): number[] | null {
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
