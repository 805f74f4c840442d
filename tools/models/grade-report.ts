import { Row, Warehouse } from '@lib/warehouse';
import { SystemMetrics, systemMetrics } from './prop-metrics';

export interface GradedPrediction {
  system_id: string;
  quality_tier: string;
  absolute_error: number;
  outcome: string;
}

/** A grade with what the market-facing metrics need (columns added with issue 16; null on older grades). */
export interface MarketGradedPrediction extends GradedPrediction {
  game_id: string;
  predicted_points: number;
  line_value: number | null;
  actual_points: number;
  probability_over: number | null;
  market_probability_over: number | null;
  bet_price: number | null;
  profit_units: number | null;
}

export interface GradeSummary {
  system: string;
  tier: string;
  graded: number;
  mae: number;
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  hit_rate: number | null;
}

/** The grades of the active predictions in the range (a superseded prediction's grade is history, not a result). */
export function loadGrades(warehouse: Warehouse, from: string, to: string): Promise<MarketGradedPrediction[]> {
  return warehouse.query<MarketGradedPrediction & Row>(
    `SELECT grades.system_id, grades.quality_tier, grades.absolute_error, grades.outcome, grades.game_id, grades.predicted_points,
            grades.line_value, grades.actual_points, grades.probability_over, grades.market_probability_over, grades.bet_price, grades.profit_units
       FROM nba_predictions.prediction_grades AS grades
       JOIN nba_predictions.player_prop_predictions AS predictions
         ON predictions.prediction_id = grades.prediction_id AND predictions.game_date = grades.game_date
      WHERE grades.game_date BETWEEN @from AND @to AND predictions.game_date BETWEEN @from AND @to AND predictions.is_active`,
    { from, to },
  );
}

/** MAE over every graded prediction, hit rate over the bets (wins / (wins + losses); pushes are neither). */
export function summarizeGrades(grades: readonly GradedPrediction[], groupBy: ReadonlyArray<'system' | 'tier'>): GradeSummary[] {
  const groups = new Map<string, GradedPrediction[]>();
  for (const grade of grades) {
    const key = `${groupBy.includes('system') ? grade.system_id : 'all'}|${groupBy.includes('tier') ? grade.quality_tier : 'all'}`;
    groups.set(key, [...(groups.get(key) ?? []), grade]);
  }
  const tierOrder = ['gold', 'silver', 'bronze', 'all'];
  return [...groups.entries()]
    .map(([key, members]) => {
      const [system, tier] = key.split('|');
      const count = (outcome: string) => members.filter((member) => member.outcome === outcome).length;
      const wins = count('win');
      const losses = count('loss');
      const pushes = count('push');
      return {
        system,
        tier,
        graded: members.length,
        mae: Math.round((members.reduce((sum, member) => sum + Number(member.absolute_error), 0) / members.length) * 1000) / 1000,
        bets: wins + losses + pushes,
        wins,
        losses,
        pushes,
        hit_rate: wins + losses > 0 ? Math.round((wins / (wins + losses)) * 1000) / 1000 : null,
      };
    })
    .sort((a, b) => a.system.localeCompare(b.system) || tierOrder.indexOf(a.tier) - tierOrder.indexOf(b.tier));
}

/**
 * Per system: MAE against the line with a game-resampled interval, Brier and log loss against the
 * market's no-vig probability, reliability, hit rate with its error, return at the prices taken, and
 * the picks needed to tell the hit rate from break-even.
 */
export function marketMetricsBySystem(grades: readonly MarketGradedPrediction[]): SystemMetrics[] {
  const bySystem = new Map<string, MarketGradedPrediction[]>();
  for (const grade of grades) bySystem.set(grade.system_id, [...(bySystem.get(grade.system_id) ?? []), grade]);
  const number = (value: number | null) => (value === null ? null : Number(value));
  return [...bySystem.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([system, members]) =>
      systemMetrics(
        system,
        members.map((grade) => ({
          system,
          game_id: grade.game_id,
          predicted: Number(grade.predicted_points),
          line: number(grade.line_value),
          actual: Number(grade.actual_points),
          probability_over: number(grade.probability_over),
          market_probability_over: number(grade.market_probability_over),
          outcome: grade.outcome,
          bet_price: number(grade.bet_price),
          profit_units: number(grade.profit_units),
        })),
      ),
    );
}
