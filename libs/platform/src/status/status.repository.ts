import { Inject, Injectable } from '@nestjs/common';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';
import type { PhaseExecutionRecord } from '../phase/phase-execution-log.repository';

/** A phase run as the status page reads it: the execution log's own record. */
export type PhaseRunRow = PhaseExecutionRecord;

export interface SourceCoverageRow {
  source: string;
  processor: string;
  games: number;
  available: number;
  fallbacks_used: number;
}

export interface ProcessorRateRow {
  phase: string;
  processor: string;
  runs: number;
  success: number;
  partial: number;
  no_data: number;
  failed: number;
}

export interface GradedPredictionRow {
  game_date: string;
  absolute_error: number;
  line_absolute_error: number | null;
  outcome: string;
  confidence_score: number | null;
}

export interface TierCountRow {
  game_date: string;
  quality_tier: string;
  predictions: number;
}

export interface AlertSummaryRow {
  game_date: string;
  category: string;
  service: string;
  severity: string;
  last_message: string;
  last_raised_at: string;
  total_raised: number;
  repeats_since_sent: number;
  delivery: string;
  delivery_error: string | null;
}

export interface ErrorRow {
  at: string;
  game_date: string | null;
  where: string;
  message: string;
}

const toNumber = (value: unknown): number => Number(value ?? 0);

/**
 * Every query behind the status page, read-only, each bounded by its table's partition column. The
 * page shows the numbers these return and nothing else, so each figure traces to one query here.
 */
@Injectable()
export class StatusRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** The newest game date any phase ran, looking back at most a year and a half from `today`. */
  async latestRunDate(today: string, earliest: string): Promise<string | null> {
    const [row] = await this.warehouse.query<{ latest: string | null }>(
      'SELECT MAX(game_date) AS latest FROM nba_orchestration.phase_execution_log WHERE game_date BETWEEN @earliest AND @today',
      { earliest, today },
    );
    return row?.latest ?? null;
  }

  async phaseRuns(from: string, to: string): Promise<PhaseRunRow[]> {
    const rows = await this.warehouse.query<PhaseRunRow & Record<string, unknown>>(
      `SELECT run_id, phase, service, game_date, status, degraded, trigger, backfill_mode, records, detail, error, correlation_id, started_at, finished_at
         FROM nba_orchestration.phase_execution_log
        WHERE game_date BETWEEN @from AND @to
        ORDER BY game_date, started_at`,
      { from, to },
    );
    return rows.map((row) => ({ ...row, records: row.records === null ? null : toNumber(row.records) }));
  }

  async sourceCoverage(from: string, to: string): Promise<SourceCoverageRow[]> {
    const rows = await this.warehouse.query(
      `SELECT source, processor, COUNT(DISTINCT game_id) AS games,
              COUNT(DISTINCT CASE WHEN available THEN game_id END) AS available,
              COUNT(DISTINCT CASE WHEN fallback_used IS NOT NULL THEN game_id END) AS fallbacks_used
         FROM nba_orchestration.source_coverage_events
        WHERE game_date BETWEEN @from AND @to
        GROUP BY source, processor
        ORDER BY processor, source`,
      { from, to },
    );
    return rows.map((row) => ({ source: String(row.source), processor: String(row.processor), games: toNumber(row.games), available: toNumber(row.available), fallbacks_used: toNumber(row.fallbacks_used) }));
  }

  async processorRates(from: string, to: string): Promise<ProcessorRateRow[]> {
    const rows = await this.warehouse.query(
      `SELECT phase, processor, COUNT(*) AS runs,
              SUM(CASE WHEN status = 'success' THEN 1 ELSE 0 END) AS success,
              SUM(CASE WHEN status = 'partial' THEN 1 ELSE 0 END) AS partial,
              SUM(CASE WHEN status = 'no_data' THEN 1 ELSE 0 END) AS no_data,
              SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed
         FROM nba_orchestration.processor_runs
        WHERE game_date BETWEEN @from AND @to
        GROUP BY phase, processor
        ORDER BY phase, processor`,
      { from, to },
    );
    return rows.map((row) => ({
      phase: String(row.phase),
      processor: String(row.processor),
      runs: toNumber(row.runs),
      success: toNumber(row.success),
      partial: toNumber(row.partial),
      no_data: toNumber(row.no_data),
      failed: toNumber(row.failed),
    }));
  }

  /** The primary system's graded predictions, with the line's own error and the prediction's confidence. */
  async gradedPrimaryPredictions(from: string, to: string): Promise<GradedPredictionRow[]> {
    const rows = await this.warehouse.query(
      `SELECT grades.game_date, grades.absolute_error,
              CASE WHEN grades.line_value IS NULL THEN NULL ELSE ABS(grades.actual_points - grades.line_value) END AS line_absolute_error,
              grades.outcome, predictions.confidence_score
         FROM nba_predictions.prediction_grades AS grades
         JOIN nba_predictions.player_prop_predictions AS predictions
           ON predictions.prediction_id = grades.prediction_id AND predictions.game_date = grades.game_date
        WHERE grades.game_date BETWEEN @from AND @to AND predictions.game_date BETWEEN @from AND @to AND predictions.is_primary
        ORDER BY grades.game_date`,
      { from, to },
    );
    return rows.map((row) => ({
      game_date: String(row.game_date),
      absolute_error: toNumber(row.absolute_error),
      line_absolute_error: row.line_absolute_error === null ? null : toNumber(row.line_absolute_error),
      outcome: String(row.outcome),
      confidence_score: row.confidence_score === null ? null : toNumber(row.confidence_score),
    }));
  }

  async activePrimaryTiers(from: string, to: string): Promise<TierCountRow[]> {
    const rows = await this.warehouse.query(
      `SELECT game_date, quality_tier, COUNT(*) AS predictions
         FROM nba_predictions.player_prop_predictions
        WHERE game_date BETWEEN @from AND @to AND is_active AND is_primary
        GROUP BY game_date, quality_tier
        ORDER BY game_date, quality_tier`,
      { from, to },
    );
    return rows.map((row) => ({ game_date: String(row.game_date), quality_tier: String(row.quality_tier), predictions: toNumber(row.predictions) }));
  }

  async alerts(from: string, to: string): Promise<AlertSummaryRow[]> {
    const rows = await this.warehouse.query(
      `SELECT game_date, category, service, severity, last_message, last_raised_at, total_raised, repeats_since_sent, delivery, delivery_error
         FROM nba_orchestration.alert_notifications
        WHERE game_date BETWEEN @from AND @to
        ORDER BY last_raised_at DESC`,
      { from, to },
    );
    return rows.map((row) => ({ ...(row as unknown as AlertSummaryRow), total_raised: toNumber(row.total_raised), repeats_since_sent: toNumber(row.repeats_since_sent) }));
  }

  /** Failed phase runs, failed processor runs and dead letters, newest first. */
  async recentErrors(from: string, to: string, limit: number): Promise<ErrorRow[]> {
    const runs = await this.warehouse.query(
      `SELECT started_at AS at, game_date, service AS place, COALESCE(error, detail, status) AS message
         FROM nba_orchestration.phase_execution_log WHERE game_date BETWEEN @from AND @to AND status = 'failed'`,
      { from, to },
    );
    const processors = await this.warehouse.query(
      `SELECT started_at AS at, game_date, CONCAT(phase, ' ', processor) AS place, COALESCE(error, detail, status) AS message
         FROM nba_orchestration.processor_runs WHERE game_date BETWEEN @from AND @to AND status = 'failed'`,
      { from, to },
    );
    const letters = await this.warehouse.query(
      `SELECT dead_lettered_at AS at, CAST(NULL AS DATE) AS game_date, CONCAT('dead letter ', subscription, ' (', stage, ')') AS place, reason AS message
         FROM nba_orchestration.dead_letter WHERE dead_lettered_date BETWEEN @from AND @to`,
      { from, to },
    );
    return [...runs, ...processors, ...letters]
      .map((row) => ({ at: String(row.at), game_date: row.game_date === null ? null : String(row.game_date), where: String(row.place), message: String(row.message) }))
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit);
  }

  /** Everything recorded about one date, for its story page. */
  async dateStory(gameDate: string, today: string) {
    const params = { gameDate };
    const [alerts, verdicts, actions, boundary, processors] = await Promise.all([
      this.warehouse.query(
        'SELECT raised_at, service, severity, category, message FROM nba_orchestration.alerts WHERE game_date = @gameDate ORDER BY raised_at',
        params,
      ),
      this.warehouse.query(
        'SELECT boundary, expected, actual, status, detail, checked_at FROM nba_orchestration.reconciliation_results WHERE game_date = @gameDate ORDER BY boundary',
        params,
      ),
      this.warehouse.query(
        'SELECT acted_at, boundary, action, target, detail FROM nba_orchestration.self_heal_actions WHERE game_date = @gameDate ORDER BY acted_at',
        params,
      ),
      this.warehouse.query(
        `SELECT phase, status, completeness_pct, reason, released_by, release_reason, checked_at
           FROM nba_orchestration.phase_boundary_checks WHERE game_date = @gameDate ORDER BY phase`,
        params,
      ),
      this.warehouse.query(
        `SELECT phase, processor, COUNT(*) AS runs, SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed, SUM(rows_written) AS rows_written
           FROM nba_orchestration.processor_runs WHERE game_date = @gameDate GROUP BY phase, processor ORDER BY phase, processor`,
        params,
      ),
    ]);
    // Dead letters are partitioned by the day they were written: from the game date on, matched by the runs' correlation ids.
    const deadLetters = await this.warehouse.query(
      `SELECT dead_lettered_at, subscription, stage, reason, attempts
         FROM nba_orchestration.dead_letter
        WHERE dead_lettered_date BETWEEN @gameDate AND @today
          AND correlation_id IN (SELECT correlation_id FROM nba_orchestration.phase_execution_log WHERE game_date = @gameDate)
        ORDER BY dead_lettered_at`,
      { gameDate, today },
    );
    return { alerts, verdicts, actions, boundary, processors, deadLetters };
  }

  /** Dates whose phase 4 or 5 is held right now (boundary gate or circuit breaker, not released): `${date}|${service}`. */
  async heldPhases(from: string, to: string): Promise<Map<string, string>> {
    const rows = await this.warehouse.query<{ phase: string; game_date: string; reason: string }>(
      `SELECT phase, game_date, reason FROM nba_orchestration.phase_boundary_checks
        WHERE game_date BETWEEN @from AND @to AND status = 'blocked' ORDER BY game_date, phase`,
      { from, to },
    );
    const serviceOf: Record<string, string> = { phase4: 'phase4-precompute', phase5: 'phase5-predictions', 'phase5-circuit-breaker': 'phase5-predictions' };
    const held = new Map<string, string>();
    for (const row of rows) {
      const service = serviceOf[row.phase];
      if (service) held.set(`${row.game_date}|${service}`, `${row.phase} held: ${row.reason}`);
    }
    return held;
  }

  /** Durations in seconds of finished runs per service, to learn how long a phase usually takes. */
  async finishedRunDurations(from: string, to: string): Promise<Map<string, number[]>> {
    const rows = await this.warehouse.query<{ service: string; started_at: string; finished_at: string }>(
      `SELECT service, started_at, finished_at FROM nba_orchestration.phase_execution_log
        WHERE game_date BETWEEN @from AND @to AND finished_at IS NOT NULL AND status <> 'running'`,
      { from, to },
    );
    const durations = new Map<string, number[]>();
    for (const row of rows) {
      const seconds = (Date.parse(String(row.finished_at)) - Date.parse(String(row.started_at))) / 1000;
      durations.set(row.service, [...(durations.get(row.service) ?? []), seconds]);
    }
    return durations;
  }
}
