import { Inject, Injectable } from '@nestjs/common';
import { FEATURE_VERSION, reconciliationResultsTable, selfHealActionsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

/** What each boundary holds for one date; counts the reconciliation compares. */
export interface DateCounts {
  game_date: string;
  scheduled: number;
  final: number;
  /** Final games some box-score source had (phase 1's expected-versus-got ledger). */
  games_with_box_score: number;
  payloads_stored: number;
  payloads_loaded: number;
  /** Stored, not loaded yet, and scraped too recently to call lost: a push on its way or a load under way. */
  payloads_loading?: number;
  analytics_games: number;
  /** Analytics games built incomplete (a team short of its final score, or a short roster): built, but not right. */
  incomplete_games: string[];
  analytics_players: number;
  /** Analytics players with a feature vector. */
  players_with_features: number;
  feature_players: number;
  /** Feature players with an active prediction of the primary system. */
  players_predicted: number;
  /** Feature players with an active prediction of any system (the baseline predicts while the primary's model lacks history). */
  players_predicted_any_system: number;
  phase4_blocked: boolean;
  phase5_blocked: boolean;
  /** The date's last scheduled tip-off (null when the schedule has none): when its results can be expected. */
  last_tipoff_at?: string | null;
}

export interface UnloadedPayload {
  run_id: string;
  scraper: string;
  source: string;
  endpoint: string;
  game_date: string;
  payload_path: string;
  status: string;
  records: number | null;
  attempts: number | null;
  params: Record<string, unknown> | null;
}

export interface ReconciliationRow {
  game_date: string;
  boundary: string;
  expected: number;
  actual: number;
  status: string;
  detail: string;
  checked_at: string;
  correlation_id: string | null;
}

export interface SelfHealAction {
  action_id: string;
  game_date: string;
  boundary: string;
  action: string;
  target: string | null;
  message_id: string | null;
  detail: string;
  correlation_id: string | null;
  acted_at: string;
}

const count = (sql: string) => `COALESCE((${sql}), 0)`;
/** The date's payload paths some phase 2 run loaded. */
const LOADED_PATHS = `SELECT r.source_path FROM nba_orchestration.processor_runs r
                 WHERE r.game_date = @gameDate AND r.phase = 'phase2' AND r.source_path IS NOT NULL
                   AND r.status IN ('success', 'partial', 'no_data')`;

/** Owns the reconciliation's SQL: one count per boundary per date, and what it and self-heal write. */
@Injectable()
export class ReconciliationRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /**
   * `loadingSince`: payloads whose scrape finished after it and that are not loaded yet count as
   * still loading, not as lost (the scraper log is stamped with the wall clock, so is this).
   */
  async countsFor(gameDate: string, primarySystem: string, minPlayersPerTeam: number, loadingSince: Date): Promise<DateCounts> {
    const [row] = await this.warehouse.query<DateCounts & Record<string, unknown>>(
      `SELECT
         ${count(`SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = @gameDate`)} AS scheduled,
         ${count(`SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = @gameDate AND game_status = 3`)} AS final,
         ${count(`SELECT COUNT(DISTINCT game_id) FROM nba_orchestration.source_availability WHERE game_date = @gameDate AND was_available`)} AS games_with_box_score,
         ${count(`SELECT COUNT(DISTINCT payload_path) FROM nba_orchestration.scraper_execution_log WHERE game_date = @gameDate AND payload_path IS NOT NULL`)} AS payloads_stored,
         ${count(`SELECT COUNT(DISTINCT l.payload_path) FROM nba_orchestration.scraper_execution_log l
                    JOIN nba_orchestration.processor_runs r ON r.source_path = l.payload_path AND r.game_date = @gameDate
                   WHERE l.game_date = @gameDate AND r.phase = 'phase2' AND r.status IN ('success', 'partial', 'no_data')`)} AS payloads_loaded,
         ${count(`SELECT COUNT(DISTINCT l.payload_path) FROM nba_orchestration.scraper_execution_log l
                   WHERE l.game_date = @gameDate AND l.payload_path IS NOT NULL AND l.finished_at >= @loadingSince
                     AND l.payload_path NOT IN (${LOADED_PATHS})`)} AS payloads_loading,
         ${count(`SELECT COUNT(DISTINCT game_id) FROM nba_analytics.player_game_summary WHERE game_date = @gameDate`)} AS analytics_games,
         ${count(`SELECT COUNT(DISTINCT player_lookup) FROM nba_analytics.player_game_summary WHERE game_date = @gameDate`)} AS analytics_players,
         ${count(`SELECT COUNT(DISTINCT s.player_lookup) FROM nba_analytics.player_game_summary s
                    JOIN nba_precompute.ml_feature_store f ON f.player_lookup = s.player_lookup AND f.game_date = @gameDate AND f.feature_version = @featureVersion
                   WHERE s.game_date = @gameDate`)} AS players_with_features,
         ${count(`SELECT COUNT(DISTINCT player_lookup) FROM nba_precompute.ml_feature_store WHERE game_date = @gameDate AND feature_version = @featureVersion`)} AS feature_players,
         ${count(`SELECT COUNT(DISTINCT f.player_lookup) FROM nba_precompute.ml_feature_store f
                    JOIN nba_predictions.player_prop_predictions p
                      ON p.player_lookup = f.player_lookup AND p.game_date = @gameDate AND p.is_active AND p.system_id = @primarySystem
                   WHERE f.game_date = @gameDate AND f.feature_version = @featureVersion`)} AS players_predicted,
         ${count(`SELECT COUNT(DISTINCT f.player_lookup) FROM nba_precompute.ml_feature_store f
                    JOIN nba_predictions.player_prop_predictions p
                      ON p.player_lookup = f.player_lookup AND p.game_date = @gameDate AND p.is_active
                   WHERE f.game_date = @gameDate AND f.feature_version = @featureVersion`)} AS players_predicted_any_system,
         ${count(`SELECT COUNT(*) FROM nba_orchestration.phase_boundary_checks WHERE game_date = @gameDate AND phase = 'phase4' AND status = 'blocked'`)} > 0 AS phase4_blocked,
         ${count(`SELECT COUNT(*) FROM nba_orchestration.phase_boundary_checks WHERE game_date = @gameDate AND phase = 'phase5' AND status = 'blocked'`)} > 0 AS phase5_blocked`,
      { gameDate, primarySystem, featureVersion: FEATURE_VERSION, loadingSince },
    );
    const numeric = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'boolean' ? value : Number(value)]));
    const [schedule] = await this.warehouse.query<{ last_tipoff_at: string | null }>(
      `SELECT MAX(start_time_utc) AS last_tipoff_at FROM nba_raw.nbac_schedule WHERE game_date = @gameDate`,
      { gameDate },
    );
    return {
      ...(numeric as unknown as DateCounts),
      game_date: gameDate,
      incomplete_games: await this.incompleteGames(gameDate, minPlayersPerTeam),
      last_tipoff_at: schedule?.last_tipoff_at ?? null,
    };
  }

  /** Final games whose team rows do not add up to the final score, or list fewer players than a roster holds. */
  async incompleteGames(gameDate: string, minPlayersPerTeam: number): Promise<string[]> {
    const rows = await this.warehouse.query<{ game_id: string }>(
      `SELECT game_id FROM nba_analytics.team_game_summary
        WHERE game_date = @gameDate
        GROUP BY game_id
       HAVING COUNT(*) < 2 OR COUNT(CASE WHEN points_reconciled = FALSE OR players < @minPlayersPerTeam THEN 1 END) > 0
        ORDER BY game_id`,
      { gameDate, minPlayersPerTeam },
    );
    return rows.map((row) => row.game_id);
  }

  /** Payloads phase 1 stored for the date that no phase 2 run loaded, leaving those scraped after `loadingSince` (still loading). */
  async unloadedPayloads(gameDate: string, loadingSince: Date): Promise<UnloadedPayload[]> {
    return this.warehouse.query<UnloadedPayload & Record<string, unknown>>(
      `SELECT l.run_id, l.scraper, l.source, l.endpoint, CAST(l.game_date AS STRING) AS game_date, l.payload_path, l.status, l.records, l.attempts, l.params
         FROM nba_orchestration.scraper_execution_log l
        WHERE l.game_date = @gameDate AND l.payload_path IS NOT NULL
          AND l.payload_path NOT IN (${LOADED_PATHS})
          AND (l.finished_at IS NULL OR l.finished_at < @loadingSince)
        ORDER BY l.started_at`,
      { gameDate, loadingSince },
    );
  }

  async saveResults(rows: ReconciliationRow[]): Promise<void> {
    if (rows.length > 0) await this.warehouse.upsert(reconciliationResultsTable, rows as unknown as Array<Record<string, unknown>>);
  }

  async gaps(from: string, to: string): Promise<ReconciliationRow[]> {
    return this.warehouse.query<ReconciliationRow & Record<string, unknown>>(
      `SELECT CAST(game_date AS STRING) AS game_date, boundary, expected, actual, status, detail, checked_at, correlation_id
         FROM nba_orchestration.reconciliation_results
        WHERE game_date BETWEEN @from AND @to AND status = 'gap'
        ORDER BY game_date, boundary`,
      { from, to },
    );
  }

  async saveAction(action: SelfHealAction): Promise<void> {
    await this.warehouse.upsert(selfHealActionsTable, [action as unknown as Record<string, unknown>]);
  }

  /** How many times self-heal already acted on this date and boundary. */
  async actionsTaken(gameDate: string, boundary: string): Promise<number> {
    const [row] = await this.warehouse.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM nba_orchestration.self_heal_actions
        WHERE game_date = @gameDate AND boundary = @boundary AND action NOT IN ('left_to_retry_queue', 'gave_up')`,
      { gameDate, boundary },
    );
    return Number(row?.n ?? 0);
  }
}
