import { Inject, Injectable } from '@nestjs/common';
import { seasonStartOf } from '@lib/messaging';
import { Row, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { MarketHistoryRow } from './market.model';

/** The history before a date, or only its digest when it is the one the caller already holds. */
export interface MarketHistoryRead {
  /** SHA-256 (hex) of the history's rows as the warehouse holds them: the same rows, the same digest. */
  digest: string;
  /** Each system's rows, oldest first; null when the digest is the one the caller gave (the rows it already holds). */
  history: Map<string, MarketHistoryRow[]> | null;
}

/** How many rows the history before a date has, and its last date: cheap to read, and equal for equal histories. */
export interface MarketHistoryShape {
  rows: number;
  lastDate: string | null;
}

/** The season's earlier active lined predictions joined to what happened (parameters @seasonStart, @gameDate). */
const HISTORY_ROWS = `FROM nba_predictions.player_prop_predictions AS predictions
           JOIN nba_analytics.player_game_summary AS summary
             ON summary.game_date = predictions.game_date AND summary.game_id = predictions.game_id AND summary.player_lookup = predictions.player_lookup
          WHERE predictions.game_date >= @seasonStart AND predictions.game_date < @gameDate
            AND summary.game_date >= @seasonStart AND summary.game_date < @gameDate
            AND predictions.is_active AND predictions.line_value IS NOT NULL AND predictions.market_probability_over IS NOT NULL
            AND summary.played AND summary.points IS NOT NULL`;

const HISTORY_COLUMNS = `CAST(predictions.game_date AS STRING) AS game_date, predictions.game_id, predictions.player_lookup,
                predictions.predicted_points, predictions.line_value, predictions.market_probability_over, summary.points`;

/** Strings length-prefixed, numbers as the engine writes them out, the prediction's content-hash id last: one line per row, unambiguous. */
const ROW_TEXT = `CONCAT(
  CAST(LENGTH(predictions.system_id) AS STRING), ':', predictions.system_id, '|', CAST(predictions.game_date AS STRING), '|',
  CAST(LENGTH(predictions.game_id) AS STRING), ':', predictions.game_id, '|', CAST(LENGTH(predictions.player_lookup) AS STRING), ':', predictions.player_lookup, '|',
  CAST(predictions.predicted_points AS STRING), '|', CAST(predictions.line_value AS STRING), '|', CAST(predictions.market_probability_over AS STRING), '|',
  CAST(summary.points AS STRING), '|', COALESCE(predictions.prediction_id, ''))`;

type HistoryRow = { system_id: string | null; game_date: string; game_id: string; player_lookup: string; predicted_points: number; line_value: number; market_probability_over: number; points: number } & Row;

/**
 * What each system said on earlier dates of the season where a priced line existed, as it said it
 * then (the active prediction, made before that date's games), with what happened: the rows the
 * market blend and the probability calibrations are fitted on. Never the date being predicted.
 */
@Injectable()
export class MarketHistoryRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async before(gameDate: string): Promise<Map<string, MarketHistoryRow[]>> {
    const rows = await this.warehouse.query<HistoryRow>(
      `SELECT predictions.system_id, ${HISTORY_COLUMNS}
         ${HISTORY_ROWS}
        ORDER BY predictions.game_date, predictions.game_id, predictions.player_lookup, predictions.system_id`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
    return bySystem(rows);
  }

  async shapeBefore(gameDate: string): Promise<MarketHistoryShape> {
    const [row] = await this.warehouse.query<{ row_count: number; last_date: string | null } & Row>(
      `SELECT COUNT(*) AS row_count, CAST(MAX(predictions.game_date) AS STRING) AS last_date ${HISTORY_ROWS}`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
    return { rows: Number(row?.row_count ?? 0), lastDate: row?.last_date ?? null };
  }

  /**
   * The history before the date with its digest, in one statement (so both see the same rows); when
   * the digest is `knownDigest`, only the digest. Every value the fits read, and each prediction's
   * id (a hash of its content), goes into the digest: numbers as the engine's text of them, which
   * on DuckDB is the shortest text that reads back as the same double.
   */
  async beforeUnlessDigest(gameDate: string, knownDigest: string | null): Promise<MarketHistoryRead> {
    const rows = await this.warehouse.query<{ digest: string } & HistoryRow>(
      `WITH history AS (
         SELECT predictions.game_date AS game_day, predictions.system_id, ${HISTORY_COLUMNS}, ${ROW_TEXT} AS row_text
           ${HISTORY_ROWS}
       ),
       digest AS (
         SELECT TO_HEX(SHA256(COALESCE(STRING_AGG(row_text, '\\n' ORDER BY game_day, game_id, player_lookup, system_id), ''))) AS digest FROM history
       )
       SELECT digest.digest, history.game_day, history.system_id, history.game_date, history.game_id, history.player_lookup,
              history.predicted_points, history.line_value, history.market_probability_over, history.points
         FROM history CROSS JOIN digest
        WHERE digest.digest <> @knownDigest
       UNION ALL
       SELECT digest.digest, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM digest
        ORDER BY game_day, game_id, player_lookup, system_id`,
      { seasonStart: seasonStartOf(gameDate), gameDate, knownDigest: knownDigest ?? '' },
    );
    const digest = rows[0].digest;
    if (knownDigest !== null && digest === knownDigest) return { digest, history: null };
    // the digest's own row, which every answer has, holds no prediction
    return { digest, history: bySystem(rows.filter((row) => row.system_id !== null)) };
  }
}

function bySystem(rows: readonly HistoryRow[]): Map<string, MarketHistoryRow[]> {
  const systems = new Map<string, MarketHistoryRow[]>();
  for (const row of rows) {
    const list = systems.get(row.system_id!) ?? [];
    list.push({
      game_date: row.game_date,
      game_id: row.game_id,
      player_lookup: row.player_lookup,
      predicted: Number(row.predicted_points),
      line: Number(row.line_value),
      noVigProbabilityOver: Number(row.market_probability_over),
      actual: Number(row.points),
    });
    systems.set(row.system_id!, list);
  }
  return systems;
}
