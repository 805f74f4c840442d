import { Inject, Injectable, Logger } from '@nestjs/common';
import { addDays, PhaseTriggerMessage, RawDateCompletionMessage, RawLoadReport, RawProcessorCompletionMessage } from '@lib/messaging';
import { AlertService, Clock, CLOCK, currentContext, PhaseRunner, PhaseRunSummary, PlatformConfig, RunDecision } from '@lib/platform';
import { RAW_PROCESSORS, REQUIRED_FOR_ANALYTICS } from '@lib/quality';
import { ProcessorCompletion, TransitionStateRepository } from './transition-state.repository';

/** What the transition reads of one load's completion, whether it came alone or in a date's message. */
type CompletedLoad = Pick<RawLoadReport, 'processor' | 'run_id' | 'status' | 'records' | 'fallback_for'>;

/** The processor whose rows say whether a date has games at all. */
const SCHEDULE_PROCESSOR = 'nbac_schedule';

export interface DeadlineCheckResult {
  checked_at: string;
  waiting: Array<{ game_date: string; deadline_at: string; missing_required: string[] }>;
  started: PhaseRunSummary[];
  /** Transitions that fired for a run that never finished (it died, or failed), fired again. */
  refired: StalledTransition[];
}

/**
 * The processors whose rows mean a date's results exist: its box scores, from any source. Phase 3's
 * deadline counts from the first of them to write rows; the schedule and the lines load all day
 * before a game is played and start nothing.
 */
const RESULT_PROCESSORS: readonly string[] = RAW_PROCESSORS.filter((processor) => processor.role === 'box_score').map((processor) => processor.name);

/** Dates older than this are left to backfills: the deadline check does not wake them. */
const DEADLINE_LOOKBACK_DAYS = 7;

/** A transition whose phase 3 run failed this many times is not fired again: a person is needed. */
const MAX_FAILED_RUNS_AFTER_TRANSITION = 3;

export interface StalledTransition {
  game_date: string;
  triggered_at: string;
  reason: string;
}

/**
 * When phase 3 starts for a date: once every required phase 2 processor has completed, or when the
 * deadline after the date's first box-score load passes (then with what is there, degraded, alerted). The
 * transition fires once per date (first writer of the transition row wins). After it, a box-score
 * load that arrives while games are still missing or incomplete (points short of the final score, a
 * short roster) re-runs phase 3 for the date, so a late fallback is not lost.
 */
@Injectable()
export class AnalyticsTransitionService {
  private readonly logger = new Logger(AnalyticsTransitionService.name);

  constructor(
    private readonly state: TransitionStateRepository,
    private readonly config: PlatformConfig,
    private readonly alerts: AlertService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onProcessorCompleted(message: RawProcessorCompletionMessage): Promise<RunDecision> {
    return this.onLoadsCompleted(message, [message]);
  }

  /**
   * A date's loads reported in one message (phase 2 loaded the date in one run): each is recorded as
   * the completion it stands for, and the date is decided once, as after the last of them one by one.
   */
  async onDateLoaded(message: RawDateCompletionMessage): Promise<RunDecision> {
    if (message.loads.length === 0) return { run: false, reason: `phase 2 reported no load for ${message.game_date}` };
    return this.onLoadsCompleted(message, message.loads);
  }

  private async onLoadsCompleted(message: PhaseTriggerMessage, loads: readonly CompletedLoad[]): Promise<RunDecision> {
    const now = this.clock.now();
    await this.state.recordCompletions(
      message.game_date,
      loads.map((load) => ({ processor: load.processor, run_id: load.run_id, status: load.status, rows_written: load.records, completed_at: now.toISOString() })),
    );
    // Read side by side: the completions are needed unless the transition already fired, the usual case.
    const [existing, completions] = await Promise.all([this.state.transition(message.game_date), this.state.completions(message.game_date)]);
    if (existing) {
      const stalled = await this.stalledTransition(message.game_date, existing.triggered_at);
      if (stalled.refire) {
        this.logger.warn(`phase 3 for ${message.game_date}: ${stalled.reason}; firing the transition again`);
        return { run: true };
      }
      const reasons: string[] = [];
      for (const load of loads) {
        const decision = await this.afterTransition(message.game_date, load, existing.triggered_at);
        if (decision.run) return decision;
        reasons.push(decision.reason);
      }
      return { run: false, reason: [...new Set(reasons)].join('; ') };
    }

    const missing = this.missingRequired(completions);
    const firstResult = completions.find((completion) => RESULT_PROCESSORS.includes(completion.processor) && Number(completion.rows_written) > 0);
    const firstAt = new Date(firstResult?.completed_at ?? completions[0]?.completed_at ?? now);
    const deadline = this.deadlineAfter(firstAt);
    if (missing.length > 0) {
      const waitingFor = `waiting for required processors ${missing.join(', ')}`;
      return { run: false, reason: firstResult ? `${waitingFor} (deadline ${deadline.toISOString()})` : `${waitingFor} (no box score loaded yet: the deadline has not started)` };
    }
    const won = await this.state.tryTrigger({
      game_date: message.game_date,
      reason: 'all_required_complete',
      missing_required: [],
      first_completion_at: firstAt.toISOString(),
      deadline_at: deadline.toISOString(),
      triggered_at: now.toISOString(),
      correlation_id: message.correlation_id ?? null,
    });
    return won ? { run: true } : { run: false, reason: `another delivery started phase 3 for ${message.game_date} first` };
  }

  /**
   * Required processors with no completion among those given. A schedule that loaded no games says
   * the date has none: then nothing else is awaited (phase 1 scrapes no box scores for it).
   */
  missingRequired(completions: ReadonlyArray<Pick<ProcessorCompletion, 'processor' | 'rows_written'>>): string[] {
    const noGames = completions.some((completion) => completion.processor === SCHEDULE_PROCESSOR && Number(completion.rows_written) === 0)
      && !completions.some((completion) => completion.processor === SCHEDULE_PROCESSOR && Number(completion.rows_written) > 0);
    if (noGames) return [];
    const done = new Set(completions.map((completion) => completion.processor));
    return REQUIRED_FOR_ANALYTICS.filter((processor) => !done.has(processor));
  }

  /**
   * For every date waiting past its deadline: fire the transition (once) and run phase 3 with what
   * is there. The run itself marks the result degraded and alerts, naming what is missing.
   */
  async checkDeadlines(runner: PhaseRunner): Promise<DeadlineCheckResult> {
    const now = this.clock.now();
    const waiting = await this.state.waitingDates(addDays(now.toISOString().slice(0, 10), -DEADLINE_LOOKBACK_DAYS), RESULT_PROCESSORS);
    const result: DeadlineCheckResult = { checked_at: now.toISOString(), waiting: [], started: [], refired: [] };
    for (const transition of await this.state.unfinishedTransitions(addDays(now.toISOString().slice(0, 10), -DEADLINE_LOOKBACK_DAYS))) {
      const stalled = await this.stalledTransition(transition.game_date, transition.triggered_at);
      if (!stalled.refire) continue;
      this.logger.warn(`phase 3 for ${transition.game_date}: ${stalled.reason}; firing the transition again`);
      result.refired.push({ game_date: transition.game_date, triggered_at: transition.triggered_at, reason: stalled.reason });
      result.started.push(
        ...(await runner.runDates([transition.game_date], {
          backfillMode: false,
          trigger: 'scheduler',
          correlationId: currentContext()?.correlationId ?? transition.correlation_id ?? `refire-${transition.game_date}`,
        })),
      );
    }
    for (const date of waiting) {
      const deadline = this.deadlineAfter(new Date(date.first_completion_at));
      const missing = this.missingRequired(await this.state.completions(date.game_date));
      if (deadline > now) {
        result.waiting.push({ game_date: date.game_date, deadline_at: deadline.toISOString(), missing_required: missing });
        continue;
      }
      const won = await this.state.tryTrigger({
        game_date: date.game_date,
        reason: 'deadline_passed',
        missing_required: missing,
        first_completion_at: date.first_completion_at,
        deadline_at: deadline.toISOString(),
        triggered_at: now.toISOString(),
        correlation_id: currentContext()?.correlationId ?? null,
      });
      if (!won) continue;
      this.logger.warn(`phase 3 deadline passed for ${date.game_date}; starting without ${missing.join(', ') || 'nothing'}`);
      await this.alerts.raise({
        gameDate: date.game_date,
        severity: 'ERROR',
        category: 'analytics_deadline_passed',
        message: `phase 3 started at its deadline (${this.config.ANALYTICS_DEADLINE_MINUTES} min after the date's first box-score load) without required processors: ${missing.join(', ') || 'none missing'}`,
        details: { missing_required: missing, first_completion_at: date.first_completion_at, deadline_at: deadline.toISOString() },
      });
      result.started.push(
        ...(await runner.runDates([date.game_date], {
          backfillMode: false,
          trigger: 'scheduler',
          correlationId: currentContext()?.correlationId ?? `deadline-${date.game_date}`,
        })),
      );
    }
    return result;
  }

  /**
   * Whether a transition that fired is stalled: no phase 3 run of the date finished, and none is
   * running. A failed run (or one a restart marked failed) fires it again at once; a run that never
   * even logged a start fires it again once RUN_STUCK_AFTER_MINUTES have passed since the transition
   * (before that, its run may be starting). After MAX_FAILED_RUNS_AFTER_TRANSITION failures it waits
   * for a person (alerted by the failures themselves and by reconciliation).
   */
  private async stalledTransition(gameDate: string, triggeredAt: string): Promise<{ refire: boolean; reason: string }> {
    const stuckMs = this.config.RUN_STUCK_AFTER_MINUTES * 60_000;
    // run rows carry the wall clock (PhaseRunner), the transition row the injected one
    const runs = await this.state.phase3Runs(gameDate, new Date(Date.now() - stuckMs));
    if (runs.finished > 0) return { refire: false, reason: 'a phase 3 run finished' };
    if (runs.live > 0) return { refire: false, reason: `phase 3 is running for ${gameDate}` };
    if (runs.failed >= MAX_FAILED_RUNS_AFTER_TRANSITION) {
      return { refire: false, reason: `phase 3 failed ${runs.failed} times for ${gameDate} since its transition fired at ${triggeredAt}: needs a person` };
    }
    if (runs.failed > 0) return { refire: true, reason: `the transition fired at ${triggeredAt} but its ${runs.failed} phase 3 run(s) failed or died, none finished` };
    if (this.clock.now().getTime() - new Date(triggeredAt).getTime() >= stuckMs) {
      return { refire: true, reason: `the transition fired at ${triggeredAt} and no phase 3 run started within ${this.config.RUN_STUCK_AFTER_MINUTES} min` };
    }
    return { refire: false, reason: `phase 3 for ${gameDate} was started at ${triggeredAt}; its run has not logged yet` };
  }

  private async afterTransition(gameDate: string, load: CompletedLoad, triggeredAt: string): Promise<RunDecision> {
    const message = { ...load, game_date: gameDate };
    const declaration = RAW_PROCESSORS.find((processor) => processor.name === message.processor);
    if (declaration?.role === 'players' && message.records > 0) {
      const fillable = await this.state.idsFillable(message.game_date);
      if (fillable > 0) return { run: true };
      return { run: false, reason: `phase 3 already started for ${message.game_date} at ${triggeredAt}; the player list gives no missing NBA.com id` };
    }
    // Late box scores are a fallback standing in for a missing game, or the required source arriving
    // on a retry. An optional source repeating the primary's data (bdl_box_scores) is not.
    const late = declaration?.role === 'box_score' && (declaration.requiredForAnalytics || message.fallback_for !== undefined);
    if (!late || message.records === 0) {
      return { run: false, reason: `phase 3 already started for ${message.game_date} at ${triggeredAt}; ${message.processor} adds nothing it is missing` };
    }
    const { built, final } = await this.state.gamesCovered(message.game_date, this.config.ANALYTICS_MIN_PLAYERS_PER_TEAM);
    if (built >= final) {
      return { run: false, reason: `phase 3 already has all ${final} final games of ${message.game_date} complete; ${message.processor} is not needed` };
    }
    this.logger.log(`late box scores from ${message.processor} for ${message.game_date}: ${final - built} of ${final} games still missing or incomplete, re-running`);
    return { run: true };
  }

  private deadlineAfter(firstCompletion: Date): Date {
    return new Date(firstCompletion.getTime() + this.config.ANALYTICS_DEADLINE_MINUTES * 60_000);
  }
}
