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

  /** The latest finished run of every phase and date in the range, whoever asked for it. */
  async latestFinishedRuns(fromDate: string, toDate: string): Promise<PhaseExecutionRecord[]> {
    return this.warehouse.query<PhaseExecutionRecord & Record<string, unknown>>(
      `SELECT run_id, phase, service, CAST(game_date AS STRING) AS game_date, status, degraded, trigger, backfill_mode, records, detail, error,
              correlation_id, started_at, finished_at
         FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY game_date, service ORDER BY started_at DESC) AS recency
                 FROM nba_orchestration.phase_execution_log
                WHERE game_date BETWEEN @fromDate AND @toDate AND status IN ('success', 'partial', 'no_data', 'skipped')) latest
        WHERE recency = 1
        ORDER BY game_date, phase`,
      { fromDate, toDate },
    );
  }

  /** How this service's newest run of the date that is no longer running ended; null when none has. */
  async lastEndedStatus(service: string, gameDate: string): Promise<PhaseExecutionRecord['status'] | null> {
    const [row] = await this.warehouse.query<Pick<PhaseExecutionRecord, 'status'> & Record<string, unknown>>(
      `SELECT status FROM nba_orchestration.phase_execution_log
        WHERE service = @service AND game_date = @gameDate AND status <> 'running'
        ORDER BY started_at DESC LIMIT 1`,
      { service, gameDate },
    );
    return row?.status ?? null;
  }

  /** This service's runs still `running` that started before `startedBefore`: their instance died mid-run. */
  async stuckRuns(service: string, startedBefore: Date): Promise<PhaseExecutionRecord[]> {
    return this.warehouse.query<PhaseExecutionRecord & Record<string, unknown>>(
      `SELECT run_id, phase, service, CAST(game_date AS STRING) AS game_date, status, degraded, trigger, backfill_mode, records, detail, error,
              correlation_id, started_at, finished_at
         FROM nba_orchestration.phase_execution_log
        WHERE game_date IS NOT NULL AND service = @service AND status = 'running' AND started_at < @startedBefore
        ORDER BY game_date, started_at`,
      { service, startedBefore },
    );
  }

  /**
   * Every run still `running` becomes `failed`, saying why. Only for a warehouse one process owns
   * (DuckDB locks its file): at that process's start, no earlier run can still be alive.
   */
  async failOrphanedRuns(reason: string, finishedAt: Date): Promise<number> {
    const [row] = await this.warehouse.query<{ orphaned: number }>(
      `SELECT COUNT(*) AS orphaned FROM nba_orchestration.phase_execution_log WHERE game_date IS NOT NULL AND status = 'running'`,
    );
    if (Number(row?.orphaned ?? 0) === 0) return 0;
    await this.warehouse.query(
      `UPDATE nba_orchestration.phase_execution_log SET status = 'failed', error = @reason, finished_at = @finishedAt
        WHERE game_date IS NOT NULL AND status = 'running'`,
      { reason, finishedAt },
    );
    return Number(row.orphaned);
  }
}
