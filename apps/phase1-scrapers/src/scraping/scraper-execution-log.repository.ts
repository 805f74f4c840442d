import { Inject, Injectable } from '@nestjs/common';
import { apiErrorsTable, scraperExecutionLogTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface ScraperRunRecord {
  run_id: string;
  scraper: string;
  source: string;
  endpoint: string;
  game_date: string;
  params: Record<string, unknown>;
  status: 'running' | 'success' | 'no_data' | 'partial' | 'failed';
  attempts: number | null;
  http_statuses: number[];
  duration_ms: number | null;
  records: number | null;
  payload_path: string | null;
  missing: string[];
  resume_cursor: string | null;
  correlation_id: string;
  detail: string | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface ApiErrorRecord {
  error_id: string;
  provider: string;
  scraper: string;
  run_id: string;
  game_date: string;
  url: string | null;
  kind: string;
  http_status: number | null;
  attempts: number | null;
  message: string;
  correlation_id: string;
  occurred_at: string;
}

/** Owns nba_orchestration.scraper_execution_log and nba_orchestration.api_errors. */
@Injectable()
export class ScraperExecutionLogRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async saveRun(record: ScraperRunRecord): Promise<void> {
    await this.warehouse.upsert(scraperExecutionLogTable, [{ ...record }]);
  }

  async saveApiError(record: ApiErrorRecord): Promise<void> {
    await this.warehouse.upsert(apiErrorsTable, [{ ...record }]);
  }

  async runsByCorrelationId(correlationId: string, fromDate: string, toDate: string): Promise<ScraperRunRecord[]> {
    return this.warehouse.query<ScraperRunRecord & Record<string, unknown>>(
      `SELECT * FROM nba_orchestration.scraper_execution_log
        WHERE game_date BETWEEN @fromDate AND @toDate AND correlation_id = @correlationId
        ORDER BY game_date, started_at`,
      { fromDate, toDate, correlationId },
    );
  }
}
