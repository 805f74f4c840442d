/**
 * The market-aware layer: a final number that starts from the consensus line and moves toward a
 * model, and a calibrated probability of OVER. Both are fitted on earlier dates only (the caller
 * passes rows dated before the predicted one) and are deterministic for the same rows.
 */

/** One earlier player-game with a line: what a model said, what the market said, what happened. */
export interface MarketHistoryRow {
  game_date: string;
  game_id: string;
  player_lookup: string;
  predicted: number;
  line: number;
  noVigProbabilityOver: number;
  actual: number;
}

export interface MarketBlend {
  /** Weight of (model − line). */
  modelWeight: number;
  /** Weight of √line · Φ⁻¹(pNoVig). */
  skewWeight: number;
  rows: number;
  /** Last date of the rows it was fitted on; null for the unfitted blend. */
  fittedThrough: string | null;
}

/**
 * Before there is enough history to fit on: the consensus line as the market has it (w = c = 0).
 * Claims nothing beyond the market, and keeps the primary predicting every player from day one.
 */
export const UNFITTED_MARKET_BLEND: MarketBlend = { modelWeight: 0, skewWeight: 0, rows: 0, fittedThrough: null };

export interface OverCalibration {
  /** Logistic coefficients on [1, logit(pNoVig), (model − line)/√line]. */
  coefficients: [number, number, number];
  rows: number;
  fittedThrough: string;
}

/** Fewer lined player-games than this and nothing is fitted (the caller says why). */
export const MIN_MARKET_ROWS = 300;
/** Bounds of the blend: never away from the model past it, never against the price's direction. */
const MODEL_WEIGHT_BOUNDS = [0, 1] as const;
const SKEW_WEIGHT_BOUNDS = [0, 5] as const;
const PROBABILITY_FLOOR = 0.01;
/** Ridge penalty of the calibration's slopes: keeps a thin window from swinging them. */
const CALIBRATION_L2 = 1;

/** Inverse standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`inverseNormalCdf needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -inverseNormalCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

const clampProbability = (p: number) => Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p));
export const logit = (p: number) => Math.log(clampProbability(p) / (1 - clampProbability(p)));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const clamp = (value: number, [low, high]: readonly [number, number]) => Math.min(high, Math.max(low, value));

/** The skew the prices add: √line · Φ⁻¹(pNoVig), in points. */
export function priceSkew(line: number, noVigProbabilityOver: number): number {
  return Math.sqrt(Math.max(0, line)) * inverseNormalCdf(clampProbability(noVigProbabilityOver));
}

/** line + w·(model − line) + c·√line·Φ⁻¹(pNoVig). */
export function marketPrediction(blend: MarketBlend, model: number, line: number, noVigProbabilityOver: number | null): number {
  const skew = noVigProbabilityOver === null ? 0 : blend.skewWeight * priceSkew(line, noVigProbabilityOver);
  return line + blend.modelWeight * (model - line) + skew;
}

function latestDate(rows: readonly MarketHistoryRow[]): string {
  return rows.reduce((latest, row) => (row.game_date > latest ? row.game_date : latest), rows[0].game_date);
}

/**
 * (w, c) minimising the absolute error of line + w·(model − line) + c·skew over the rows: least
 * absolute deviations by iteratively reweighted least squares (no intercept: at w = c = 0 it is the
 * line), then bounded. Null with fewer than MIN_MARKET_ROWS rows.
 */
export function fitMarketBlend(rows: readonly MarketHistoryRow[]): MarketBlend | null {
  if (rows.length < MIN_MARKET_ROWS) return null;
  const a = rows.map((row) => row.predicted - row.line);
  const b = rows.map((row) => priceSkew(row.line, row.noVigProbabilityOver));
  const y = rows.map((row) => row.actual - row.line);
  let w = 0;
  let c = 0;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    let saa = 0;
    let sab = 0;
    let sbb = 0;
    let say = 0;
    let sby = 0;
    for (let index = 0; index < rows.length; index += 1) {
      const weight = 1 / Math.max(0.5, Math.abs(y[index] - w * a[index] - c * b[index]));
      saa += weight * a[index] * a[index];
      sab += weight * a[index] * b[index];
      sbb += weight * b[index] * b[index];
      say += weight * a[index] * y[index];
      sby += weight * b[index] * y[index];
    }
    const determinant = saa * sbb - sab * sab;
    if (Math.abs(determinant) < 1e-12) break;
    const nextW = (say * sbb - sby * sab) / determinant;
    const nextC = (sby * saa - say * sab) / determinant;
    const converged = Math.abs(nextW - w) < 1e-7 && Math.abs(nextC - c) < 1e-7;
    w = nextW;
    c = nextC;
    if (converged) break;
  }
  return { modelWeight: clamp(w, MODEL_WEIGHT_BOUNDS), skewWeight: clamp(c, SKEW_WEIGHT_BOUNDS), rows: rows.length, fittedThrough: latestDate(rows) };
}

function calibrationInputs(model: number, line: number, noVigProbabilityOver: number): [number, number, number] {
  return [1, logit(noVigProbabilityOver), (model - line) / Math.sqrt(Math.max(0.5, line))];
}

/**
 * Logistic regression of "went over" on logit(pNoVig) and (model − line)/√line, by Newton's method
 * with a small ridge on the slopes. Pushes are left out. Null with fewer than MIN_MARKET_ROWS rows.
 */
export function fitOverCalibration(rows: readonly MarketHistoryRow[]): OverCalibration | null {
  const decided = rows.filter((row) => row.actual !== row.line);
  if (decided.length < MIN_MARKET_ROWS) return null;
  const x = decided.map((row) => calibrationInputs(row.predicted, row.line, row.noVigProbabilityOver));
  const y = decided.map((row) => (row.actual > row.line ? 1 : 0));
  let beta: [number, number, number] = [0, 1, 0];
  for (let iteration = 0; iteration < 50; iteration += 1) {
    const gradient = [0, 0, 0];
    const hessian = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    x.forEach((row, index) => {
      const p = sigmoid(row[0] * beta[0] + row[1] * beta[1] + row[2] * beta[2]);
      for (let i = 0; i < 3; i += 1) {
        gradient[i] += (y[index] - p) * row[i];
        for (let j = 0; j < 3; j += 1) hessian[i][j] += p * (1 - p) * row[i] * row[j];
      }
    });
    // the prior pulls the logit(pNoVig) slope toward 1 (the market taken as it is) and the model's toward 0
    gradient[1] -= CALIBRATION_L2 * (beta[1] - 1);
    gradient[2] -= CALIBRATION_L2 * beta[2];
    hessian[1][1] += CALIBRATION_L2;
    hessian[2][2] += CALIBRATION_L2;
    const step = solve3(hessian, gradient);
    beta = [beta[0] + step[0], beta[1] + step[1], beta[2] + step[2]];
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return { coefficients: beta, rows: decided.length, fittedThrough: latestDate(decided) };
}

export function probabilityOver(calibration: OverCalibration, model: number, line: number, noVigProbabilityOver: number): number {
  const x = calibrationInputs(model, line, noVigProbabilityOver);
  const [b0, b1, b2] = calibration.coefficients;
  return sigmoid(b0 * x[0] + b1 * x[1] + b2 * x[2]);
}

function solve3(matrix: number[][], vector: number[]): number[] {
  const m = matrix.map((row, index) => [...row, vector[index]]);
  for (let column = 0; column < 3; column += 1) {
    let pivot = column;
    for (let row = column + 1; row < 3; row += 1) if (Math.abs(m[row][column]) > Math.abs(m[pivot][column])) pivot = row;
    [m[column], m[pivot]] = [m[pivot], m[column]];
    if (Math.abs(m[column][column]) < 1e-12) throw new Error('calibration design is singular: the rows carry no information on one input');
    for (let row = 0; row < 3; row += 1) {
      if (row === column) continue;
      const factor = m[row][column] / m[column][column];
      for (let k = column; k < 4; k += 1) m[row][k] -= factor * m[column][k];
    }
  }
  return m.map((row, index) => row[3] / m[index][index]);
}
