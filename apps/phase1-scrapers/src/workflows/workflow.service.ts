import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { addDays, MESSAGE_PUBLISHER, MESSAGE_SCHEMA_VERSION, MessagePublisher, PhaseTriggerMessage, TOPICS } from '@lib/messaging';
import { Clock, CLOCK, currentContext, mintCorrelationId, PhaseRunFailedError, PhaseRunner } from '@lib/platform';
import { SourceAvailabilityRepository } from '../expected-games/source-availability.repository';
import { describeGameDayReports, ScrapeDateHandler } from '../scrape-date/scrape-date.handler';
import { ScraperRunner } from '../scraping/scraper.runner';
import { Phase1Scrapers } from '../sources/phase1-scrapers';
import { WorkflowDecisionRecord, WorkflowDecisionRepository } from './workflow-decision.repository';
import { decideWorkflows, easternDate, WorkflowDecision } from './workflow-decisions';

/**
 * What the hourly scheduler call does: for yesterday's and today's US dates (the post-game windows of
 * last night's games fall after midnight), decide every workflow from the schedule and the clock,
 * record each RUN/SKIP with its reason, then run the RUNs and record how they ended. Morning
 * operations also fetch today's injury report and referee assignments, and every pre-game (betting
 * lines) run the latest injury report. A betting-lines run that stored player lines triggers phase 4
 * (then 5) for the date, so the picks are made before tip-off: phase 4 waits until phase 2 has loaded
 * those lines, and builds the date's features from games before it only.
 */
@Injectable()
export class WorkflowService {
  private readonly logger = new Logger(WorkflowService.name);

  constructor(
    private readonly decisions: WorkflowDecisionRepository,
    private readonly scraperRunner: ScraperRunner,
    private readonly scrapers: Phase1Scrapers,
    private readonly dateHandler: ScrapeDateHandler,
    private readonly phaseRunner: PhaseRunner,
    private readonly availability: SourceAvailabilityRepository,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async evaluate(): Promise<WorkflowDecisionRecord[]> {
    const now = this.clock.now();
    const today = easternDate(now);
    const correlationId = currentContext()?.correlationId ?? mintCorrelationId();
    const records: WorkflowDecisionRecord[] = [];
    for (const gameDate of [addDays(today, -1), today]) {
      const schedule = await this.scraperRunner.run(this.scrapers.nbacSchedule, { gameDate, correlationId, backfillMode: false });
      if (schedule.status === 'failed') throw new Error(`cannot decide workflows for ${gameDate}: the schedule did not load (${schedule.error})`);
      const tipoffs = (schedule.result?.games ?? []).flatMap((game) => (game.tipoffUtc ? [new Date(game.tipoffUtc)] : []));
      const pending = await this.availability.pendingRetries(gameDate);
      const decided = decideWorkflows({
        now,
        gameDate,
        tipoffs,
        alreadyRun: await this.decisions.firstRuns(gameDate),
        pendingPlayByPlay: pending.filter((item) => item.scraper === this.scrapers.bdbPlayByPlay.name).length,
      }).filter((decision) => gameDate === today || decision.workflow !== 'morning_operations');
      for (const decision of decided) {
        const record: WorkflowDecisionRecord = {
          decision_id: randomUUID(),
          evaluated_at: now.toISOString(),
          game_date: gameDate,
          workflow: decision.workflow,
          decision: decision.decision,
          reason: decision.reason,
          outcome: null,
          correlation_id: correlationId,
        };
        records.push(record);
      }
    }
    // Decisions are recorded before anything runs, so a run that crashes still leaves its reason.
    await this.decisions.save(records);
    for (const record of records.filter((candidate) => candidate.decision === 'RUN')) {
      record.outcome = await this.execute(record, correlationId);
      this.logger.log(`workflow ${record.workflow} for ${record.game_date}: ${record.outcome}`);
    }
    await this.decisions.save(records);
    return records;
  }

  /**
   * Asks phase 4 (then 5) for the date's pre-game predictions through its trigger topic, once this
   * run stored player lines. Phase 4 itself waits for phase 2 to load them (PRECOMPUTE_LINES_WAIT_SECONDS).
   */
  private async triggerPreGamePredictions(gameDate: string, playerLines: number, correlationId: string): Promise<string> {
    if (playerLines === 0) return 'no player lines yet: pre-game predictions not triggered';
    const message: PhaseTriggerMessage = { schema_version: MESSAGE_SCHEMA_VERSION, game_date: gameDate, backfill_mode: false, correlation_id: correlationId };
    const published = await this.publisher.publish(TOPICS.phase4Trigger, message, { game_date: gameDate, schema_version: String(MESSAGE_SCHEMA_VERSION) });
    return `${playerLines} player lines: phase 4 triggered for pre-game predictions (message ${published.messageId})`;
  }

  private async execute(decision: Pick<WorkflowDecision, 'workflow'> & { game_date: string }, correlationId: string): Promise<string> {
    const request = { gameDate: decision.game_date, backfillMode: false, trigger: 'scheduler' as const, correlationId };
    try {
      switch (decision.workflow) {
        case 'betting_lines': {
          const lines = await this.dateHandler.scrapeLinesForDate(request);
          // Referee assignments are posted mid-morning, after morning operations usually ran: the pre-game runs fetch them too.
          const reports = await this.dateHandler.scrapeGameDayReports(request, ['injury_report', 'referee_assignments']);
          const predictions = await this.triggerPreGamePredictions(decision.game_date, lines.playerLines, correlationId);
          // Without the events list nothing was asked for: the run failed (the scheduler's alerting hears a 500). A game's lines failing leaves the rest: partial.
          const status = lines.failed.length === 0 ? 'success' : lines.events === 0 ? 'failed' : 'partial';
          const failures = lines.failed.length > 0 ? `; ${lines.failed.length} line scrapes failed: ${lines.failed.join('; ')}` : '';
          return `${status}: ${lines.events} events, ${lines.records} lines${failures}; ${describeGameDayReports(reports)}; ${predictions}`;
        }
        case 'late_pbp_recovery': {
          const recovered = await this.dateHandler.recoverPlayByPlay(request);
          return `success: ${recovered.fromBigDataBall} from bigdataball, ${recovered.fromNbaComFallback} from nbacom fallback, ${recovered.stillOwed} still owed`;
        }
        case 'morning_operations': {
          // Today's reports first: they are today's news, and yesterday's run failing must not cost them.
          const reports = await this.dateHandler.scrapeGameDayReports(request, ['injury_report', 'referee_assignments', 'player_list']);
          const yesterday = addDays(decision.game_date, -1);
          const run = await this.phaseRunner.runDate({ ...request, gameDate: yesterday });
          return `${run.status}: ${run.records} records for ${yesterday}${run.detail ? `; ${run.detail}` : ''}; today ${decision.game_date}: ${describeGameDayReports(reports)}`;
        }
        case 'post_game_window_1':
        case 'post_game_window_2':
        case 'post_game_window_3': {
          const run = await this.phaseRunner.runDate(request);
          return `${run.status}: ${run.records} records for ${decision.game_date}${run.detail ? `; ${run.detail}` : ''}`;
        }
      }
    } catch (error) {
      const message = error instanceof PhaseRunFailedError ? (error.summary.error ?? error.message) : (error as Error).message;
      this.logger.error(`workflow ${decision.workflow} for ${decision.game_date} failed: ${message}`);
      return `failed: ${message}`;
    }
  }
}
