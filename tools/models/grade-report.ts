import { Row, Warehouse } from '@lib/warehouse';

export interface GradedPrediction {
  system_id: string;
  quality_tier: string;
  absolute_error: number;
  outcome: string;
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
export function loadGrades(warehouse: Warehouse, from: string, to: string): Promise<GradedPrediction[]> {
  return warehouse.query<GradedPrediction & Row>(
    `SELECT grades.system_id, grades.quality_tier, grades.absolute_error, grades.outcome
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
