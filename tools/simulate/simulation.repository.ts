import { addDays } from '@lib/messaging';
import { Row, Warehouse } from '@lib/warehouse';

/** A timestamp as the warehouse holds it: an ISO string, or a Date from DuckDB. */
type Stamp = string | Date | null;

export interface DecisionRow { evaluated_at: Stamp; game_date: string; workflow: string; decision: string; reason: string; outcome: string | null }
export interface ScrapeRow { scraper: string; source: string; game_date: string; status: string; records: number | null; attempts: number | null; http_statuses: unknown; params: unknown; detail: string | null; error: string | null; started_at: Stamp; finished_at: Stamp }
export interface PhaseRunRow { phase: string; game_date: string; status: string; degraded: boolean; trigger: string; records: number | null; detail: string | null; error: string | null; started_at: Stamp; finished_at: Stamp }
export interface AlertRow { game_date: string; service: string; severity: string; category: string; message: string; raised_at: Stamp }
export interface TransitionRow { game_date: string; reason: string; missing_required: unknown; triggered_at: Stamp }
export interface SourceSeenRow { game_id: string; source: string; scraper: string; first_seen_at: Stamp }
export interface PredictionRow { game_id: string; player_lookup: string; line_value: number | null; recommendation: string; data_through_date: string | null; is_active: boolean; run_id: string | null; created_at: Stamp; superseded_at: Stamp }
export interface GradeRow { game_id: string; player_lookup: string; actual_points: number; outcome: string; graded_at: Stamp }
export interface LineRow { game_id: string | null; event_id: string | null; player_lookup: string | null }
export interface SelfHealRow { game_date: string; boundary: string; action: string; detail: string | null; acted_at: Stamp }
export interface ReconciliationRow { game_date: string; boundary: string; status: string; detail: string | null; checked_at: Stamp }

/** Everything the simulated day left in the warehouse for the dates around it (all partition-filtered, read-only). */
export interface SimulatedDayRows {
  decisions: DecisionRow[];
  scrapes: ScrapeRow[];
  phaseRuns: PhaseRunRow[];
  alerts: AlertRow[];
  transitions: TransitionRow[];
  sourcesSeen: SourceSeenRow[];
  predictions: PredictionRow[];
  grades: GradeRow[];
  lines: LineRow[];
  selfHeal: SelfHealRow[];
  reconciliation: ReconciliationRow[];
}

/** Reads what a simulated day did, for the timeline and the report. Every query is a SELECT with parameters. */
export class SimulationRepository {
  constructor(private readonly warehouse: Warehouse) {}

  async read(date: string, primarySystem: string): Promise<SimulatedDayRows> {
    const around = { from: addDays(date, -1), to: addDays(date, 1) };
    const day = { date };
    const query = <T>(sql: string, params: Record<string, string>) => this.warehouse.query<T & Row>(sql, params) as Promise<T[]>;
    return {
      decisions: await query<DecisionRow>(
        `SELECT evaluated_at, CAST(game_date AS STRING) AS game_date, workflow, decision, reason, outcome
           FROM nba_orchestration.workflow_decisions WHERE game_date BETWEEN @from AND @to`,
        around,
      ),
      scrapes: await query<ScrapeRow>(
        `SELECT scraper, source, CAST(game_date AS STRING) AS game_date, status, records, attempts, http_statuses, params, detail, error, started_at, finished_at
           FROM nba_orchestration.scraper_execution_log WHERE game_date BETWEEN @from AND @to`,
        around,
      ),
      phaseRuns: await query<PhaseRunRow>(
        `SELECT phase, CAST(game_date AS STRING) AS game_date, status, degraded, trigger, records, detail, error, started_at, finished_at
           FROM nba_orchestration.phase_execution_log WHERE game_date BETWEEN @from AND @to`,
        around,
      ),
      alerts: await query<AlertRow>(
        `SELECT CAST(game_date AS STRING) AS game_date, service, severity, category, message, raised_at
           FROM nba_orchestration.alerts WHERE game_date BETWEEN @from AND @to`,
        around,
      ),
      transitions: await query<TransitionRow>(
        `SELECT CAST(game_date AS STRING) AS game_date, reason, missing_required, triggered_at
           FROM nba_orchestration.phase_transitions WHERE game_date BETWEEN @from AND @to`,
        around,
      ),
      sourcesSeen: await query<SourceSeenRow>(
        `SELECT game_id, source, scraper, first_seen_at FROM nba_orchestration.source_availability
          WHERE game_date = @date AND was_available AND first_seen_at IS NOT NULL`,
        day,
      ),
      predictions: await query<PredictionRow>(
        `SELECT game_id, player_lookup, line_value, recommendation, CAST(data_through_date AS STRING) AS data_through_date, is_active, run_id, created_at, superseded_at
           FROM nba_predictions.player_prop_predictions WHERE game_date = @date AND is_primary`,
        day,
      ),
      grades: await query<GradeRow>(
        `SELECT game_id, player_lookup, actual_points, outcome, graded_at FROM nba_predictions.prediction_grades WHERE game_date = @date AND system_id = @system`,
        { date, system: primarySystem },
      ),
      lines: await query<LineRow>(
        `SELECT DISTINCT game_id, event_id, player_lookup FROM nba_raw.odds_api_player_points_props WHERE game_date = @date`,
        day,
      ),
      selfHeal: await query<SelfHealRow>(
        `SELECT CAST(game_date AS STRING) AS game_date, boundary, action, detail, acted_at FROM nba_orchestration.self_heal_actions WHERE game_date BETWEEN @from AND @to`,
        around,
      ),
      reconciliation: await query<ReconciliationRow>(
        `SELECT CAST(game_date AS STRING) AS game_date, boundary, status, detail, checked_at FROM nba_orchestration.reconciliation_results WHERE game_date BETWEEN @from AND @to`,
        around,
      ),
    };
  }
}
