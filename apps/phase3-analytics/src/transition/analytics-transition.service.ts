import { Inject, Injectable, Logger } from '@nestjs/common';
import { addDays, RawProcessorCompletionMessage } from '@lib/messaging';
import { AlertService, Clock, CLOCK, currentContext, PhaseRunner, PhaseRunSummary, PlatformConfig, RunDecision } from '@lib/platform';
import { RAW_PROCESSORS, REQUIRED_FOR_ANALYTICS } from '@lib/quality';
import { ProcessorCompletion, TransitionStateRepository } from './transition-state.repository';

/** The processor whose rows say whether a date has games at all. */
const SCHEDULE_PROCESSOR = 'nbac_schedule';

export interface DeadlineCheckResult {
  checked_at: string;
  waiting: Array<{ game_date: string; deadline_at: string; missing_required: string[] }>;
  started: PhaseRunSummary[];
}

/** Dates older than this are left to backfills: the deadline check does not wake them. */
const DEADLINE_LOOKBACK_DAYS = 7;

/**
 * When phase 3 starts for a date: once every required phase 2 processor has completed, or when the
 * deadline after the first completion passes (then with what is there, degraded, alerted). The
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
    const now = this.clock.now();
    await this.state.recordCompletion(message.game_date, {
      processor: message.processor,
      run_id: message.run_id,
      status: message.status,
      rows_written: message.records,
      completed_at: now.toISOString(),
    });
    const existing = await this.state.transition(message.game_date);
    if (existing) return this.afterTransition(message, existing.triggered_at);

    const completions = await this.state.completions(message.game_date);
    const missing = this.missingRequired(completions);
    const firstAt = new Date(completions[0]?.completed_at ?? now);
    const deadline = this.deadlineAfter(firstAt);
    if (missing.length > 0) {
      return { run: false, reason: `waiting for required processors ${missing.join(', ')} (deadline ${deadline.toISOString()})` };
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
    const waiting = await this.state.waitingDates(addDays(now.toISOString().slice(0, 10), -DEADLINE_LOOKBACK_DAYS));
    const result: DeadlineCheckResult = { checked_at: now.toISOString(), waiting: [], started: [] };
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
        message: `phase 3 started at its deadline (${this.config.ANALYTICS_DEADLINE_MINUTES} min after the first phase 2 completion) without required processors: ${missing.join(', ') || 'none missing'}`,
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

  private async afterTransition(message: RawProcessorCompletionMessage, triggeredAt: string): Promise<RunDecision> {
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
