import { impliedProbability } from '../../apps/phase5-predictions/src/predictions/line-consensus';
import { seededRandom } from '@lib/messaging';

/**
 * How good a system's numbers are against the market, the same way for `npm run evaluate` (walk-forward)
 * and `npm run grade-report` (graded predictions): one scored row per player-game.
 */
export interface ScoredRow {
  system: string;
  game_id: string;
  predicted: number;
  line: number | null;
  actual: number;
  probability_over: number | null;
  market_probability_over: number | null;
  outcome: string;
  bet_price: number | null;
  profit_units: number | null;
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface ReliabilityBucket {
  bucket: string;
  predictions: number;
  mean_probability: number;
  observed_over_rate: number;
}

export interface SystemMetrics {
  system: string;
  player_games: number;
  mae: number | null;
  with_line: number;
  mae_with_line: number | null;
  line_mae: number | null;
  /** MAE − the line's MAE on the same rows, with a 95 % interval from resampling whole games; below 0 beats the line. */
  mae_minus_line: Interval | null;
  /** Rows with both probabilities and a decided result (no push). */
  probability_rows: number;
  brier: number | null;
  market_brier: number | null;
  /** Brier minus the market's on the same rows, with a 95 % game-resampled interval; below 0 beats the market. */
  brier_minus_market: Interval | null;
  log_loss: number | null;
  market_log_loss: number | null;
  reliability: ReliabilityBucket[];
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  hit_rate: number | null;
  hit_rate_se: number | null;
  /** Mean break-even win rate of the prices the picks were taken at. */
  break_even: number | null;
  /** Profit per unit staked at the actual prices. */
  roi: number | null;
  /** Picks needed to tell this hit rate from the break-even (one-sided 5 %, 80 % power); null when not above break-even. */
  picks_needed: number | null;
}

export const BOOTSTRAP_RESAMPLES = 1000;
const Z_ONE_SIDED_5 = 1.6449;
const Z_POWER_80 = 0.8416;

const round = (value: number | null, digits = 4) => (value === null || !Number.isFinite(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/**
 * The mean over rows of a per-row difference, with a percentile interval from resampling whole games
 * (players of one game share pace, blowouts and overtime, so they are not independent).
 */
export function meanDifferenceByGame<T extends { game_id: string }>(rows: readonly T[], difference: (row: T) => number, resamples = BOOTSTRAP_RESAMPLES, seed = 16): Interval | null {
  if (rows.length === 0) return null;
  const byGame = new Map<string, { diff: number; n: number }>();
  for (const row of rows) {
    const game = byGame.get(row.game_id) ?? { diff: 0, n: 0 };
    game.diff += difference(row);
    game.n += 1;
    byGame.set(row.game_id, game);
  }
  const games = [...byGame.keys()].sort().map((id) => byGame.get(id)!);
  const estimate = games.reduce((sum, game) => sum + game.diff, 0) / rows.length;
  const random = seededRandom(seed);
  const draws: number[] = [];
  for (let draw = 0; draw < resamples; draw += 1) {
    let diff = 0;
    let n = 0;
    for (let pick = 0; pick < games.length; pick += 1) {
      const game = games[Math.floor(random() * games.length)];
      diff += game.diff;
      n += game.n;
    }
    draws.push(diff / n);
  }
  draws.sort((a, b) => a - b);
  const at = (q: number) => draws[Math.min(draws.length - 1, Math.max(0, Math.round(q * (draws.length - 1))))];
  return { estimate: round(estimate, 5)!, low: round(at(0.025), 5)!, high: round(at(0.975), 5)! };
}

/** MAE minus the line's MAE on the same rows; below 0 beats the line. */
export function maeMinusLineByGame(rows: ReadonlyArray<{ game_id: string; predicted: number; line: number; actual: number }>, resamples = BOOTSTRAP_RESAMPLES, seed = 16): Interval | null {
  return meanDifferenceByGame(rows, (row) => Math.abs(row.predicted - row.actual) - Math.abs(row.line - row.actual), resamples, seed);
}

const clip = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));
export const brierScore = (pairs: ReadonlyArray<[number, number]>) => pairs.reduce((sum, [p, y]) => sum + (p - y) ** 2, 0) / pairs.length;
export const logLoss = (pairs: ReadonlyArray<[number, number]>) => -pairs.reduce((sum, [p, y]) => sum + (y ? Math.log(clip(p)) : Math.log(1 - clip(p))), 0) / pairs.length;

/** Predicted probability in tenths against the observed rate of OVER. */
export function reliabilityTable(pairs: ReadonlyArray<[number, number]>): ReliabilityBucket[] {
  const buckets = new Map<number, Array<[number, number]>>();
  for (const pair of pairs) {
    const index = Math.min(9, Math.floor(pair[0] * 10));
    buckets.set(index, [...(buckets.get(index) ?? []), pair]);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, members]) => ({
      bucket: `${(index / 10).toFixed(1)}-${((index + 1) / 10).toFixed(1)}`,
      predictions: members.length,
      mean_probability: round(members.reduce((sum, [p]) => sum + p, 0) / members.length, 3)!,
      observed_over_rate: round(members.reduce((sum, [, y]) => sum + y, 0) / members.length, 3)!,
    }));
}

/** Picks needed for a one-sided 5 % test of hitRate against breakEven to have 80 % power. */
export function picksNeeded(hitRate: number, breakEven: number): number | null {
  if (!(hitRate > breakEven)) return null;
  const root = (Z_ONE_SIDED_5 * Math.sqrt(breakEven * (1 - breakEven)) + Z_POWER_80 * Math.sqrt(hitRate * (1 - hitRate))) / (hitRate - breakEven);
  return Math.ceil(root * root);
}

export function systemMetrics(system: string, rows: readonly ScoredRow[]): SystemMetrics {
  const lined = rows.filter((row): row is ScoredRow & { line: number } => row.line !== null);
  const probabilityRows = lined.filter((row) => row.probability_over !== null && row.market_probability_over !== null && row.actual !== row.line);
  const model: Array<[number, number]> = probabilityRows.map((row) => [row.probability_over!, row.actual > row.line ? 1 : 0]);
  const market: Array<[number, number]> = probabilityRows.map((row) => [row.market_probability_over!, row.actual > row.line ? 1 : 0]);
  const count = (outcome: string) => rows.filter((row) => row.outcome === outcome).length;
  const wins = count('win');
  const losses = count('loss');
  const pushes = count('push');
  const decided = wins + losses;
  const hitRate = decided > 0 ? wins / decided : null;
  const bets = rows.filter((row) => row.outcome === 'win' || row.outcome === 'loss' || row.outcome === 'push');
  const priced = bets.filter((row) => row.bet_price !== null && row.profit_units !== null);
  const breakEven = priced.length > 0 ? priced.reduce((sum, row) => sum + impliedProbability(row.bet_price!), 0) / priced.length : null;
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length);
  return {
    system,
    player_games: rows.length,
    mae: round(mean(rows.map((row) => Math.abs(row.predicted - row.actual))), 3),
    with_line: lined.length,
    mae_with_line: round(mean(lined.map((row) => Math.abs(row.predicted - row.actual))), 3),
    line_mae: round(mean(lined.map((row) => Math.abs(row.line - row.actual))), 3),
    mae_minus_line: maeMinusLineByGame(lined),
    probability_rows: probabilityRows.length,
    brier: model.length ? round(brierScore(model)) : null,
    market_brier: market.length ? round(brierScore(market)) : null,
    brier_minus_market: meanDifferenceByGame(probabilityRows, (row) => {
      const y = row.actual > row.line ? 1 : 0;
      return (row.probability_over! - y) ** 2 - (row.market_probability_over! - y) ** 2;
    }),
    log_loss: model.length ? round(logLoss(model)) : null,
    market_log_loss: market.length ? round(logLoss(market)) : null,
    reliability: reliabilityTable(model),
    bets: bets.length,
    wins,
    losses,
    pushes,
    hit_rate: round(hitRate, 3),
    hit_rate_se: hitRate === null ? null : round(Math.sqrt((hitRate * (1 - hitRate)) / decided), 3),
    break_even: round(breakEven, 3),
    roi: priced.length > 0 ? round(priced.reduce((sum, row) => sum + row.profit_units!, 0) / priced.length, 3) : null,
    picks_needed: hitRate === null || breakEven === null ? null : picksNeeded(hitRate, breakEven),
  };
}

/** One line per system for a terminal table (the reliability buckets are printed separately). */
export function metricsTableRow(metrics: SystemMetrics): Record<string, string | number | null> {
  const interval = metrics.mae_minus_line;
  return {
    system: metrics.system,
    player_games: metrics.player_games,
    mae: metrics.mae,
    with_line: metrics.with_line,
    mae_with_line: metrics.mae_with_line,
    line_mae: metrics.line_mae,
    'mae-line [95%]': interval ? `${interval.estimate.toFixed(3)} [${interval.low.toFixed(3)}, ${interval.high.toFixed(3)}]` : null,
    brier: metrics.brier,
    market_brier: metrics.market_brier,
    'brier-market [95%]': metrics.brier_minus_market
      ? `${metrics.brier_minus_market.estimate.toFixed(4)} [${metrics.brier_minus_market.low.toFixed(4)}, ${metrics.brier_minus_market.high.toFixed(4)}]`
      : null,
    log_loss: metrics.log_loss,
    market_log_loss: metrics.market_log_loss,
    bets: metrics.bets,
    'hit rate ± se': metrics.hit_rate === null ? null : `${(100 * metrics.hit_rate).toFixed(1)} % ± ${(100 * metrics.hit_rate_se!).toFixed(1)}`,
    break_even: metrics.break_even,
    roi: metrics.roi,
    picks_needed: metrics.picks_needed,
  };
}
