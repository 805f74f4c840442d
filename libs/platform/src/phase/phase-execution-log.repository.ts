import { Inject, Injectable } from '@nestjs/common';
import { phaseExecutionLogTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface PhaseExecutionRecord {
  run_id: string;
  phase: string;
  service: string;
  game_date: string;
  status: string;
  degraded: boolean;
  trigger: string;
  backfill_mode: boolean;
  records: number | null;
  detail: string | null;
  error: string | null;
  correlation_id: string | null;
  started_at: string;
  finished_at: string | null;
}

/** Owns nba_orchestration.phase_execution_log. */
@Injectable()
export class PhaseExecutionLogRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async save(record: PhaseExecutionRecord): Promise<void> {
    await this.warehouse.upsert(phaseExecutionLogTable, [record as unknown as Record<string, unknown>]);
  }

  async findByCorrelationId(correlationId: string, fromDate: string, toDate: string): Promise<PhaseExecutionRecord[]> {
    return this.warehouse.query<PhaseExecutionRecord & Record<string, unknown>>(
      `SELECT run_id, phase, service, game_date, status, degraded, trigger, backfill_mode, records, detail, error,
              correlation_id, started_at, finished_at
         FROM nba_orchestration.phase_execution_log
        WHERE game_date BETWEEN @fromDate AND @toDate AND correlation_id = @correlationId
        ORDER BY game_date, phase, started_at`,
      { fromDate, toDate, correlationId },
    );
  }
}
