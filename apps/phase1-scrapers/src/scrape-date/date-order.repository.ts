import { Inject, Injectable } from '@nestjs/common';
import { addDays } from '@lib/messaging';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';

/** How far back a backfill's previous date is looked for (the pipeline sends every calendar date). */
const PREVIOUS_DATE_LOOKBACK_DAYS = 14;

/** Reads where the earlier dates of a backfill run stand (phase_execution_log and processed_messages; it writes nothing). */
@Injectable()
export class DateOrderRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** The latest date before this one that phase 1 ran under the same correlation id; null when none did. */
  async previousDateOfRun(gameDate: string, correlationId: string): Promise<string | null> {
    const [row] = await this.warehouse.query<{ previous: string | null }>(
      `SELECT CAST(MAX(game_date) AS STRING) AS previous FROM nba_orchestration.phase_execution_log
        WHERE game_date >= @since AND game_date < @gameDate AND service = 'phase1-scrapers' AND correlation_id = @correlationId`,
      { since: addDays(gameDate, -PREVIOUS_DATE_LOOKBACK_DAYS), gameDate, correlationId },
    );
    return row?.previous ?? null;
  }

  /**
   * Whether phase 3 has handled the date's message under this correlation id (a run of it ended, not
   * failed, which is delivered again; or it decided not to run), or phase 2 handled the date's message
   * without a load that tells phase 3 (nothing to load, or a message it could never load).
   */
  async analyticsSettled(gameDate: string, correlationId: string): Promise<boolean> {
    const [row] = await this.warehouse.query<{ analytics_handled: boolean; raw_handled: boolean; raw_loaded: boolean }>(
      `SELECT
         EXISTS (SELECT 1 FROM nba_orchestration.phase_execution_log
                  WHERE game_date = @gameDate AND correlation_id = @correlationId AND service = 'phase3-analytics'
                    AND status IN ('success', 'partial', 'no_data', 'skipped'))
         OR EXISTS (SELECT 1 FROM nba_orchestration.processed_messages
                  WHERE game_date = @gameDate AND correlation_id = @correlationId AND service = 'phase3-analytics') AS analytics_handled,
         EXISTS (SELECT 1 FROM nba_orchestration.processed_messages
                  WHERE game_date = @gameDate AND correlation_id = @correlationId AND service = 'phase2-raw') AS raw_handled,
         EXISTS (SELECT 1 FROM nba_orchestration.phase_execution_log
                  WHERE game_date = @gameDate AND correlation_id = @correlationId AND service = 'phase2-raw'
                    AND status IN ('success', 'partial', 'no_data')) AS raw_loaded`,
      { gameDate, correlationId },
    );
    return Boolean(row?.analytics_handled) || (Boolean(row?.raw_handled) && !row?.raw_loaded);
  }
}
