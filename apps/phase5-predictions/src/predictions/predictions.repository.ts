import { Inject, Injectable } from '@nestjs/common';
import { seasonEndOf } from '@lib/messaging';
import { playerPropPredictionsTable, predictionGradesTable, Row, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { PropLine } from './line-consensus';
import { FeatureVectorInput, PredictionRow } from './prediction.builder';

export interface StoredPrediction extends PredictionRow {
  is_active: boolean;
  created_at: string;
  superseded_at: string | null;
}

export type PredictionToGrade = Pick<
  StoredPrediction,
  | 'prediction_id'
  | 'game_date'
  | 'game_id'
  | 'player_lookup'
  | 'system_id'
  | 'quality_tier'
  | 'predicted_points'
  | 'line_value'
  | 'recommendation'
  | 'probability_over'
  | 'market_probability_over'
  | 'bet_price'
>;

export interface GradeRow {
  prediction_id: string;
  game_date: string;
  game_id: string;
  player_lookup: string;
  system_id: string;
  quality_tier: string;
  predicted_points: number;
  line_value: number | null;
  recommendation: string;
  actual_points: number;
  error: number;
  absolute_error: number;
  outcome: string;
  probability_over: number | null;
  market_probability_over: number | null;
  went_over: boolean | null;
  bet_price: number | null;
  profit_units: number | null;
  graded_at: string;
}

/** Owns phase 5's SQL: features and lines in, predictions and grades out. */
@Injectable()
export class PredictionsRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  featuresOn(gameDate: string, featureVersion: string): Promise<FeatureVectorInput[]> {
    return this.warehouse.query<FeatureVectorInput & Row>(
      `SELECT game_date, game_id, player_lookup, player_id, team_code, opponent_code, feature_version, features,
              feature_quality_score, upstream_tier, quality_flags, data_through_date
         FROM nba_precompute.ml_feature_store
        WHERE game_date = @gameDate AND feature_version = @featureVersion
        ORDER BY game_id, player_lookup`,
      { gameDate, featureVersion },
    );
  }

  /** Missing-feature counts of the date's vectors, for the boundary check. */
  async featureMissingRates(gameDate: string, featureVersion: string): Promise<{ rows: number; missing: Record<string, number> }> {
    const rows = await this.warehouse.query<{ missing_features: string[] | null }>(
      `SELECT missing_features FROM nba_precompute.ml_feature_store WHERE game_date = @gameDate AND feature_version = @featureVersion`,
      { gameDate, featureVersion },
    );
    const missing: Record<string, number> = {};
    for (const row of rows) for (const name of row.missing_features ?? []) missing[name] = (missing[name] ?? 0) + 1;
    return { rows: rows.length, missing };
  }

  linesOn(gameDate: string): Promise<PropLine[]> {
    return this.warehouse.query<PropLine & Row>(
      `SELECT player_lookup, game_id, bookmaker, line, over_price, under_price
         FROM nba_raw.odds_api_player_points_props
        WHERE game_date = @gameDate AND player_lookup IS NOT NULL AND game_id IS NOT NULL AND line IS NOT NULL`,
      { gameDate },
    );
  }

  activeOn(gameDate: string): Promise<StoredPrediction[]> {
    return this.warehouse.query<StoredPrediction & Row>(
      `SELECT * FROM nba_predictions.player_prop_predictions WHERE game_date = @gameDate AND is_active ORDER BY system_id, game_id, player_lookup`,
      { gameDate },
    );
  }

  /** The date's active predictions with what grading reads of them (the whole rows are three times the columns). */
  activeToGrade(gameDate: string): Promise<PredictionToGrade[]> {
    return this.warehouse.query<PredictionToGrade & Row>(
      `SELECT prediction_id, game_date, game_id, player_lookup, system_id, quality_tier, predicted_points, line_value,
              recommendation, probability_over, market_probability_over, bet_price
         FROM nba_predictions.player_prop_predictions WHERE game_date = @gameDate AND is_active ORDER BY system_id, game_id, player_lookup`,
      { gameDate },
    );
  }

  /** Each game's scheduled tip-off on the date (NBA.com's schedule), by game id. */
  async tipoffsOn(gameDate: string): Promise<Map<string, string>> {
    const rows = await this.warehouse.query<{ game_id: string; start_time_utc: string } & Row>(
      `SELECT game_id, start_time_utc FROM nba_raw.nbac_schedule
        WHERE game_date = @gameDate AND start_time_utc IS NOT NULL`,
      { gameDate },
    );
    return new Map(rows.map((row) => [row.game_id, row.start_time_utc]));
  }

  /**
   * Writes the run's predictions: one already active with the same id is left alone; otherwise the
   * active row for that (game, player, system) becomes inactive and the new row is inserted active.
   */
  async supersede(gameDate: string, predictions: readonly PredictionRow[], runId: string, now: string): Promise<{ inserted: number; superseded: number; unchanged: number }> {
    const active = await this.activeOn(gameDate);
    const activeIds = new Set(active.map((row) => row.prediction_id));
    const slot = (row: { game_id: string; player_lookup: string; system_id: string }) => `${row.game_id}|${row.player_lookup}|${row.system_id}`;
    const fresh = predictions.filter((row) => !activeIds.has(row.prediction_id));
    const freshSlots = new Set(fresh.map(slot));
    const retired = active.filter((row) => freshSlots.has(slot(row)));
    const writes: Row[] = [
      ...retired.map((row) => ({ ...row, is_active: false, superseded_at: now })),
      ...fresh.map((row) => ({ ...row, is_active: true, run_id: runId, created_at: now, superseded_at: null })),
    ];
    if (writes.length > 0) await this.warehouse.upsert(playerPropPredictionsTable, writes);
    return { inserted: fresh.length, superseded: retired.length, unchanged: predictions.length - fresh.length };
  }

  /** Actual points of the players who played on the date (empty until results are in). */
  actualPointsOn(gameDate: string): Promise<Array<{ game_id: string; player_lookup: string; points: number }>> {
    return this.warehouse.query(
      `SELECT game_id, player_lookup, points FROM nba_analytics.player_game_summary
        WHERE game_date = @gameDate AND played AND points IS NOT NULL`,
      { gameDate },
    );
  }

  /** The later dates of the date's season that hold active predictions, oldest first. */
  async predictedDatesAfter(gameDate: string): Promise<string[]> {
    const rows = await this.warehouse.query<{ game_date: string } & Row>(
      `SELECT DISTINCT CAST(game_date AS STRING) AS game_date FROM nba_predictions.player_prop_predictions
        WHERE game_date > @gameDate AND game_date <= @seasonEnd AND is_active
        ORDER BY game_date`,
      { gameDate, seasonEnd: seasonEndOf(gameDate) },
    );
    return rows.map((row) => row.game_date);
  }

  /** The date's stored grades: which prediction each grades, and the points it was graded against. */
  gradesOn(gameDate: string): Promise<Array<{ prediction_id: string; actual_points: number }>> {
    return this.warehouse.query(`SELECT prediction_id, actual_points FROM nba_predictions.prediction_grades WHERE game_date = @gameDate`, { gameDate });
  }

  async saveGrades(grades: readonly GradeRow[]): Promise<void> {
    if (grades.length > 0) await this.warehouse.upsert(predictionGradesTable, grades as unknown as Row[]);
  }

  /**
   * Removes the date's grades of predictions that are no longer active (a later run superseded them
   * before their game, or restated the date): the table holds one grade per active prediction.
   */
  async removeGradesOfInactivePredictions(gameDate: string): Promise<number> {
    const params = { gameDate };
    const inactive = `game_date = @gameDate AND prediction_id NOT IN (
        SELECT prediction_id FROM nba_predictions.player_prop_predictions WHERE game_date = @gameDate AND is_active)`;
    const [row] = await this.warehouse.query<{ stale: number } & Row>(`SELECT COUNT(*) AS stale FROM nba_predictions.prediction_grades WHERE ${inactive}`, params);
    const stale = Number(row?.stale ?? 0);
    if (stale > 0) await this.warehouse.query(`DELETE FROM nba_predictions.prediction_grades WHERE ${inactive}`, params);
    return stale;
  }
}
