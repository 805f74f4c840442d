import { Inject, Injectable } from '@nestjs/common';
import { seasonStartOf } from '@lib/messaging';
import { Row, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { MarketHistoryRow } from './market.model';

/**
 * What each system said on earlier dates of the season where a priced line existed, as it said it
 * then (the active prediction, made before that date's games), with what happened: the rows the
 * market blend and the probability calibrations are fitted on. Never the date being predicted.
 */
@Injectable()
export class MarketHistoryRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async before(gameDate: string): Promise<Map<string, MarketHistoryRow[]>> {
    const rows = await this.warehouse.query<{ system_id: string; game_date: string; game_id: string; player_lookup: string; predicted_points: number; line_value: number; market_probability_over: number; points: number } & Row>(
      `SELECT predictions.system_id, CAST(predictions.game_date AS STRING) AS game_date, predictions.game_id, predictions.player_lookup,
              predictions.predicted_points, predictions.line_value, predictions.market_probability_over, summary.points
         FROM nba_predictions.player_prop_predictions AS predictions
         JOIN nba_analytics.player_game_summary AS summary
           ON summary.game_date = predictions.game_date AND summary.game_id = predictions.game_id AND summary.player_lookup = predictions.player_lookup
        WHERE predictions.game_date >= @seasonStart AND predictions.game_date < @gameDate
          AND summary.game_date >= @seasonStart AND summary.game_date < @gameDate
          AND predictions.is_active AND predictions.line_value IS NOT NULL AND predictions.market_probability_over IS NOT NULL
          AND summary.played AND summary.points IS NOT NULL
        ORDER BY predictions.game_date, predictions.game_id, predictions.player_lookup, predictions.system_id`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
    const bySystem = new Map<string, MarketHistoryRow[]>();
    for (const row of rows) {
      const list = bySystem.get(row.system_id) ?? [];
      list.push({
        game_date: row.game_date,
        game_id: row.game_id,
        player_lookup: row.player_lookup,
        predicted: Number(row.predicted_points),
        line: Number(row.line_value),
        noVigProbabilityOver: Number(row.market_probability_over),
        actual: Number(row.points),
      });
      bySystem.set(row.system_id, list);
    }
    return bySystem;
  }
}
