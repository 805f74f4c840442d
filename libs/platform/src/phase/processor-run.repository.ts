import { Inject, Injectable } from '@nestjs/common';
import { processorRunsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface ProcessorRunRecord {
  run_id: string;
  phase: string;
  processor: string;
  game_date: string;
  status: 'running' | 'success' | 'partial' | 'no_data' | 'failed';
  rows_written: number | null;
  target_table: string | null;
  source_path: string | null;
  duration_ms: number | null;
  detail: string | null;
  error: string | null;
  correlation_id: string | null;
  started_at: string;
  finished_at: string | null;
}

/** Owns nba_orchestration.processor_runs: one row per processor run, written at start and at the end. */
@Injectable()
export class ProcessorRunRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async save(record: ProcessorRunRecord): Promise<void> {
    await this.warehouse.upsert(processorRunsTable, [record as unknown as Record<string, unknown>]);
  }

  /** Writes how the run ended onto the record (finish time, duration, outcome) and saves it. */
  async finish(record: ProcessorRunRecord, outcome: Partial<ProcessorRunRecord>, finishedAt: Date): Promise<void> {
    Object.assign(record, outcome, { finished_at: finishedAt.toISOString(), duration_ms: finishedAt.getTime() - Date.parse(record.started_at) });
    await this.save(record);
  }

  async findForDate(gameDate: string, phase?: string): Promise<ProcessorRunRecord[]> {
    return this.warehouse.query<ProcessorRunRecord & Record<string, unknown>>(
      `SELECT run_id, phase, processor, CAST(game_date AS STRING) AS game_date, status, rows_written, target_table, source_path,
              duration_ms, detail, error, correlation_id, started_at, finished_at
         FROM nba_orchestration.processor_runs
        WHERE game_date = @gameDate AND (@phase = '' OR phase = @phase)
        ORDER BY started_at, processor`,
      { gameDate, phase: phase ?? '' },
    );
  }
}
