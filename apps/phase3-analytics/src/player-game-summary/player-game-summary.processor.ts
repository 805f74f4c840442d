import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AlertService, Clock, CLOCK, PhaseRunRequest, PhaseWorkResult, PlatformConfig, ProcessorRunRecord, ProcessorRunRepository } from '@lib/platform';
import { SourceCoverageRecorder } from '@lib/quality';
import { AnalyticsTransitionService } from '../transition/analytics-transition.service';
import { TransitionStateRepository } from '../transition/transition-state.repository';
import { AnalyticsSummaryRepository } from './analytics-summary.repository';
import { BoxScoreInputsRepository } from './box-score-inputs.repository';
import { buildPlayerGameSummary } from './player-game-summary.builder';

const PROCESSOR = 'player_game_summary';

/**
 * Builds a date's player and team summaries from the raw box scores, then checks itself: which
 * required inputs were missing, which final games no source had, and what share of the box-score
 * players got a row. Anything short is in the result (degraded, with the reason) and, outside
 * backfills, alerted.
 */
@Injectable()
export class PlayerGameSummaryProcessor {
  constructor(
    private readonly inputs: BoxScoreInputsRepository,
    private readonly summaries: AnalyticsSummaryRepository,
    private readonly transitionState: TransitionStateRepository,
    private readonly transitions: AnalyticsTransitionService,
    private readonly coverage: SourceCoverageRecorder,
    private readonly runs: ProcessorRunRepository,
    private readonly alerts: AlertService,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const started = this.clock.now();
    const record: ProcessorRunRecord = {
      run_id: randomUUID(),
      phase: 'phase3',
      processor: PROCESSOR,
      game_date: request.gameDate,
      status: 'running',
      rows_written: null,
      target_table: 'nba_analytics.player_game_summary',
      source_path: null,
      duration_ms: null,
      detail: null,
      error: null,
      correlation_id: request.correlationId,
      started_at: started.toISOString(),
      finished_at: null,
    };
    await this.runs.save(record);
    try {
      const result = await this.build(request, record.run_id);
      await this.runs.finish(record, { status: result.status === 'skipped' ? 'no_data' : result.status, rows_written: result.records, detail: result.detail ?? null }, this.clock.now());
      return result;
    } catch (error) {
      await this.runs.finish(record, { status: 'failed', error: (error as Error).message.slice(0, 4000) }, this.clock.now());
      throw error;
    }
  }

  private async build(request: PhaseRunRequest, runId: string): Promise<PhaseWorkResult> {
    const { gameDate, backfillMode } = request;
    const inputs = await this.inputs.forDate(gameDate);
    const built = buildPlayerGameSummary(gameDate, inputs, { minPlayersPerTeam: this.config.ANALYTICS_MIN_PLAYERS_PER_TEAM });
    await this.summaries.save(built.players, built.teams, runId, this.clock.now());
    await this.coverage.record('phase3', runId, built.coverage.map((event) => ({ ...event, processor: PROCESSOR })), this.clock.now());

    const missingRequired = backfillMode ? [] : this.transitions.missingRequired(await this.transitionState.completions(gameDate));
    const coveragePercent = built.boxScorePlayers === 0 ? 100 : Math.round((1000 * built.coveredPlayers) / built.boxScorePlayers) / 10;
    const lowCoverage = coveragePercent < this.config.ANALYTICS_COVERAGE_ALERT_PERCENT;
    const finals = inputs.games.length - built.awaitingResults.length;
    const tiers = countBy(built.players.map((row) => row.quality_tier));
    const unreconciled = built.teams.filter((team) => team.points_reconciled === false).map((team) => `${team.game_id} ${team.team_code}`);
    const problems = [
      ...(missingRequired.length > 0 ? [`ran without required processors ${missingRequired.join(', ')}`] : []),
      ...(built.missingGames.length > 0 ? [`no box score from any source for ${built.missingGames.length} of ${finals} final games (${built.missingGames.join(', ')})`] : []),
      ...(built.incompleteGames.length > 0
        ? [`${built.incompleteGames.length} final games incomplete in every source, rows bronze (${built.incompleteGames.map((game) => `${game.game_id}: ${game.problems.join(', ')}`).join('; ')})`]
        : []),
      ...(lowCoverage ? [`player coverage ${coveragePercent}% is below ${this.config.ANALYTICS_COVERAGE_ALERT_PERCENT}% (${built.coveredPlayers} of ${built.boxScorePlayers} box-score players, ${built.unmatchedLines} lines matched no final game)`] : []),
    ];
    const detail = [
      `${built.players.length} players and ${built.teams.length} team rows from ${finals - built.missingGames.length} of ${finals} final games`,
      `tiers gold ${tiers.gold ?? 0}, silver ${tiers.silver ?? 0}, bronze ${tiers.bronze ?? 0}`,
      `coverage ${coveragePercent}%`,
      ...(built.awaitingResults.length > 0 ? [`${built.awaitingResults.length} games awaiting results`] : []),
      ...(unreconciled.length > 0 ? [`players' points differ from the final score for ${unreconciled.join(', ')}`] : []),
      ...problems,
    ].join('; ');
    if (problems.length > 0 && !backfillMode) {
      await this.alerts.raise({
        gameDate,
        severity: missingRequired.length > 0 || built.missingGames.length > 0 ? 'ERROR' : 'WARNING',
        category: 'analytics_incomplete',
        message: problems.join('; '),
        details: { missing_required: missingRequired, missing_games: built.missingGames, incomplete_games: built.incompleteGames, coverage_percent: coveragePercent },
      });
    }
    const degraded = problems.length > 0 || (tiers.bronze ?? 0) > 0;
    return {
      status: built.players.length === 0 ? (finals === 0 ? 'no_data' : 'partial') : problems.length > 0 ? 'partial' : 'success',
      records: built.players.length,
      degraded,
      detail,
    };
  }
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
