import { Inject, Injectable } from '@nestjs/common';
import { phaseTransitionsTable, processorCompletionsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface ProcessorCompletion {
  processor: string;
  run_id: string;
  status: string;
  rows_written: number;
  completed_at: string;
}

export interface PhaseTransition {
  game_date: string;
  reason: 'all_required_complete' | 'deadline_passed';
  missing_required: string[];
  first_completion_at: string | null;
  deadline_at: string | null;
  triggered_at: string;
  correlation_id: string | null;
}

export interface WaitingDate {
  game_date: string;
  first_completion_at: string;
}

const PHASE = 'phase3';

/** Owns the 2 → 3 transition state: phase 2 completions received, and the once-only transition row per date. */
@Injectable()
export class TransitionStateRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async recordCompletions(gameDate: string, completions: readonly ProcessorCompletion[]): Promise<void> {
    await this.warehouse.upsert(processorCompletionsTable, completions.map((completion) => ({ phase: PHASE, game_date: gameDate, ...completion })));
  }

  async completions(gameDate: string): Promise<ProcessorCompletion[]> {
    return this.warehouse.query<ProcessorCompletion & Record<string, unknown>>(
      `SELECT processor, run_id, status, rows_written, completed_at
         FROM nba_orchestration.processor_completions
        WHERE game_date = @gameDate AND phase = @phase
        ORDER BY completed_at`,
      { gameDate, phase: PHASE },
    );
  }

  /** The first caller for a date wins; every later one gets false. */
  async tryTrigger(transition: PhaseTransition): Promise<boolean> {
    const { inserted } = await this.warehouse.insertIfAbsent(phaseTransitionsTable, { phase: PHASE, ...transition });
    return inserted;
  }

  async transition(gameDate: string): Promise<PhaseTransition | null> {
    const rows = await this.warehouse.query<PhaseTransition & Record<string, unknown>>(
      `SELECT CAST(game_date AS STRING) AS game_date, reason, missing_required, first_completion_at, deadline_at, triggered_at, correlation_id
         FROM nba_orchestration.phase_transitions
        WHERE game_date = @gameDate AND phase = @phase`,
      { gameDate, phase: PHASE },
    );
    return rows[0] ?? null;
  }

  /**
   * Dates since `since` with no transition yet whose results have begun to arrive: a completion of
   * one of `resultProcessors` that wrote rows. `first_completion_at` is the first such completion,
   * where the deadline starts counting (a schedule read or a lines load before the games says nothing
   * about the results).
   */
  async waitingDates(since: string, resultProcessors: readonly string[]): Promise<WaitingDate[]> {
    return this.warehouse.query<WaitingDate & Record<string, unknown>>(
      `SELECT CAST(c.game_date AS STRING) AS game_date, MIN(c.completed_at) AS first_completion_at
         FROM nba_orchestration.processor_completions c
         LEFT JOIN nba_orchestration.phase_transitions t
           ON t.game_date = c.game_date AND t.phase = c.phase AND t.game_date >= @since
        WHERE c.game_date >= @since AND c.phase = @phase AND t.game_date IS NULL
          AND c.processor IN UNNEST(@resultProcessors) AND c.rows_written > 0
        GROUP BY c.game_date
        ORDER BY c.game_date`,
      { since, phase: PHASE, resultProcessors: [...resultProcessors] },
    );
  }

  /**
   * How many of the date's final games are built complete (both teams, each team's players adding up
   * to its final score, no short roster), against how many are final.
   */
  async gamesCovered(gameDate: string, minPlayersPerTeam: number): Promise<{ built: number; final: number }> {
    const [row] = await this.warehouse.query<{ built: number; final: number }>(
      `SELECT
         (SELECT COUNT(*) FROM (
            SELECT game_id FROM nba_analytics.team_game_summary WHERE game_date = @gameDate GROUP BY game_id
            HAVING COUNT(*) = 2 AND COUNT(CASE WHEN points_reconciled = FALSE OR players < @minPlayersPerTeam THEN 1 END) = 0) complete) AS built,
         (SELECT COUNT(*) FROM nba_raw.nbac_schedule WHERE game_date = @gameDate AND game_status = 3) AS final`,
      { gameDate, minPlayersPerTeam },
    );
    return { built: Number(row?.built ?? 0), final: Number(row?.final ?? 0) };
  }

  /** Player rows of the date without an NBA.com id that the date's player list can now give one. */
  async idsFillable(gameDate: string): Promise<number> {
    const [row] = await this.warehouse.query<{ fillable: number }>(
      `SELECT COUNT(*) AS fillable
         FROM nba_analytics.player_game_summary s
        WHERE s.game_date = @gameDate AND s.player_id IS NULL
          AND s.player_lookup IN (SELECT p.player_lookup FROM nba_raw.nbac_player_list p WHERE p.game_date = @gameDate)`,
      { gameDate },
    );
    return Number(row?.fillable ?? 0);
  }

  /** Phase 3 runs of the date: finished ones, ones still running since `liveSince`, failed ones. */
  async phase3Runs(gameDate: string, liveSince: Date): Promise<{ finished: number; live: number; failed: number }> {
    const [row] = await this.warehouse.query<{ finished: number; live: number; failed: number }>(
      `SELECT COUNT(CASE WHEN status IN ('success', 'partial', 'no_data', 'skipped') THEN 1 END) AS finished,
              COUNT(CASE WHEN status = 'running' AND started_at >= @liveSince THEN 1 END) AS live,
              COUNT(CASE WHEN status = 'failed' THEN 1 END) AS failed
         FROM nba_orchestration.phase_execution_log
        WHERE game_date = @gameDate AND phase = @phase`,
      { gameDate, phase: PHASE, liveSince },
    );
    return { finished: Number(row?.finished ?? 0), live: Number(row?.live ?? 0), failed: Number(row?.failed ?? 0) };
  }

  /** Dates since `since` whose transition fired and for which no phase 3 run has finished. */
  async unfinishedTransitions(since: string): Promise<PhaseTransition[]> {
    return this.warehouse.query<PhaseTransition & Record<string, unknown>>(
      `SELECT CAST(t.game_date AS STRING) AS game_date, t.reason, t.missing_required, t.first_completion_at, t.deadline_at, t.triggered_at, t.correlation_id
         FROM nba_orchestration.phase_transitions t
        WHERE t.game_date >= @since AND t.phase = @phase
          AND NOT EXISTS (
                SELECT 1 FROM nba_orchestration.phase_execution_log l
                 WHERE l.game_date >= @since AND l.game_date = t.game_date AND l.phase = @phase
                   AND l.status IN ('success', 'partial', 'no_data', 'skipped'))
        ORDER BY t.game_date`,
      { since, phase: PHASE },
    );
  }
}
