import { Inject, Injectable } from '@nestjs/common';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface StoredPayload {
  scraper: string;
  payload_path: string;
}

/** Which payloads phase 1 stored for a date, from its execution log: what a manual run or backfill reloads. */
@Injectable()
export class StoredPayloadRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** In the order they were fetched, so a later snapshot of the same rows is loaded last and wins. */
  async forDate(gameDate: string): Promise<StoredPayload[]> {
    return this.warehouse.query<StoredPayload & Record<string, unknown>>(
      `SELECT scraper, payload_path
         FROM nba_orchestration.scraper_execution_log
        WHERE game_date = @gameDate AND payload_path IS NOT NULL
        ORDER BY started_at, payload_path`,
      { gameDate },
    );
  }
}
