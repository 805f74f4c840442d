import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, PhaseRunRequest, PhaseStep, PhaseWorkResult } from '@lib/platform';
import { GradeRow, PredictionsRepository } from '../predictions/predictions.repository';
import { gradeOutcome, profitUnits } from './grading';

/** Grades the date's active predictions once its results are in; says so when they are not. */
@Injectable()
export class GradeStep implements PhaseStep {
  readonly name = 'grade';

  constructor(
    private readonly repository: PredictionsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const actuals = await this.repository.actualPointsOn(request.gameDate);
    if (actuals.length === 0) return { status: 'no_data', records: 0, detail: `results for ${request.gameDate} not in yet: nothing graded` };
    const points = new Map(actuals.map((row) => [`${row.game_id}|${row.player_lookup}`, Number(row.points)]));
    const predictions = await this.repository.activeToGrade(request.gameDate);
    const gradedAt = this.clock.now().toISOString();
    const grades: GradeRow[] = [];
    for (const prediction of predictions) {
      const actual = points.get(`${prediction.game_id}|${prediction.player_lookup}`);
      if (actual === undefined) continue;
      const error = Math.round((prediction.predicted_points - actual) * 100) / 100;
      const outcome = gradeOutcome(prediction.recommendation, prediction.line_value, actual);
      grades.push({
        prediction_id: prediction.prediction_id,
        game_date: prediction.game_date,
        game_id: prediction.game_id,
        player_lookup: prediction.player_lookup,
        system_id: prediction.system_id,
        quality_tier: prediction.quality_tier,
        predicted_points: prediction.predicted_points,
        line_value: prediction.line_value,
        recommendation: prediction.recommendation,
        actual_points: actual,
        error,
        absolute_error: Math.abs(error),
        outcome,
        probability_over: prediction.probability_over,
        market_probability_over: prediction.market_probability_over,
        went_over: prediction.line_value === null || actual === prediction.line_value ? null : actual > prediction.line_value,
        bet_price: prediction.bet_price,
        profit_units: profitUnits(outcome, prediction.bet_price),
        graded_at: gradedAt,
      });
    }
    const stored = new Map((await this.repository.gradesOn(request.gameDate)).map((row) => [row.prediction_id, Number(row.actual_points)]));
    const regraded = grades.filter((grade) => stored.get(grade.prediction_id) !== grade.actual_points).length;
    await this.repository.saveGrades(grades);
    const removed = await this.repository.removeGradesOfInactivePredictions(request.gameDate);
    const ungraded = predictions.length - grades.length;
    return {
      status: 'success',
      records: grades.length,
      changed: regraded + removed,
      detail:
        `${grades.length} graded (${regraded} new or against changed points)` +
        (ungraded > 0 ? `, ${ungraded} without a box score (did not play)` : '') +
        (removed > 0 ? `; ${removed} grades of superseded predictions removed` : ''),
    };
  }
}
