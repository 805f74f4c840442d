import { Inject, Injectable } from '@nestjs/common';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface RunningPhaseRow {
  run_id: string;
  service: string;
  game_date: string;
  started_at: string;
  correlation_id: string | null;
}

export interface DateCompletenessRow {
  game_date: string;
  final_games: number;
  analytics_games: number;
  predicted_games: number;
  /** Phase 4 or 5's boundary gate held the date (its own alert said so): no predictions are owed for it. */
  predictions_held?: boolean;
}

export interface DateTierShareRow {
  game_date: string;
  predictions: number;
  bronze: number;
}

/** The SQL of the proactive checks, read-only and bounded by partition. */
@Injectable()
export class ProactiveChecksRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** Runs still marked running for game dates from..to (backfills run old dates, hence the wide range). */
  runningPhases(from: string, to: string): Promise<RunningPhaseRow[]> {
    return this.warehouse.query<RunningPhaseRow & Record<string, unknown>>(
      `SELECT run_id, service, game_date, started_at, correlation_id FROM nba_orchestration.phase_execution_log
        WHERE game_date BETWEEN @from AND @to AND status = 'running' ORDER BY started_at`,
      { from, to },
    );
  }

  /** Per date: final games in the schedule, games in player_game_summary, games with an active primary prediction, and whether a boundary gate held the date. */
  async completeness(from: string, to: string): Promise<DateCompletenessRow[]> {
    const rows = await this.warehouse.query(
      `SELECT schedule.game_date, COUNT(DISTINCT schedule.game_id) AS final_games,
              COUNT(DISTINCT analytics.game_id) AS analytics_games,
              COUNT(DISTINCT predictions.game_id) AS predicted_games,
              COUNT(DISTINCT held.game_date) > 0 AS predictions_held
         FROM nba_raw.nbac_schedule AS schedule
         LEFT JOIN (SELECT DISTINCT game_date, game_id FROM nba_analytics.player_game_summary WHERE game_date BETWEEN @from AND @to) AS analytics
           ON analytics.game_id = schedule.game_id AND analytics.game_date = schedule.game_date
         LEFT JOIN (SELECT DISTINCT game_date, game_id FROM nba_predictions.player_prop_predictions
                     WHERE game_date BETWEEN @from AND @to AND is_active AND is_primary) AS predictions
           ON predictions.game_id = schedule.game_id AND predictions.game_date = schedule.game_date
         LEFT JOIN (SELECT DISTINCT game_date FROM nba_orchestration.phase_boundary_checks
                     WHERE game_date BETWEEN @from AND @to AND phase IN ('phase4', 'phase5') AND status = 'blocked') AS held
           ON held.game_date = schedule.game_date
        WHERE schedule.game_date BETWEEN @from AND @to AND schedule.game_status = 3
        GROUP BY schedule.game_date
        ORDER BY schedule.game_date`,
      { from, to },
    );
    return rows.map((row) => ({
      game_date: String(row.game_date),
      final_games: Number(row.final_games),
      analytics_games: Number(row.analytics_games),
      predicted_games: Number(row.predicted_games),
      predictions_held: Boolean(row.predictions_held),
    }));
  }

  async bronzeShares(from: string, to: string): Promise<DateTierShareRow[]> {
    const rows = await this.warehouse.query(
      `SELECT game_date, COUNT(*) AS predictions, SUM(CASE WHEN quality_tier = 'bronze' THEN 1 ELSE 0 END) AS bronze
         FROM nba_predictions.player_prop_predictions
        WHERE game_date BETWEEN @from AND @to AND is_active AND is_primary
        GROUP BY game_date ORDER BY game_date`,
      { from, to },
    );
    return rows.map((row) => ({ game_date: String(row.game_date), predictions: Number(row.predictions), bronze: Number(row.bronze ?? 0) }));
  }
}
