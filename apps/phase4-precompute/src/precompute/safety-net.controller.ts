import { Body, Controller, HttpCode, Inject, Post, UsePipes } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { addDays, datesBetween, IsCalendarDate } from '@lib/messaging';
import { assertDateRangeWithinLimit, CLOCK, Clock, currentContext, edgeValidationPipe, mintCorrelationId, PhaseRunner, PhaseRunSummary, PlatformConfig } from '@lib/platform';
import { PrecomputeRepository } from './precompute.repository';

export class SafetyNetRequest {
  @IsOptional()
  @IsCalendarDate()
  start_date?: string;

  @IsOptional()
  @IsCalendarDate()
  end_date?: string;
}

/** How many days back the scheduled run looks when the scheduler names no range. */
const SAFETY_NET_DAYS = 3;

/**
 * POST /safety-net: what Cloud Scheduler calls once a day in case a phase 3 message was lost. It runs
 * phase 4 (and phase 5 after it) only for dates whose features are missing or older than their input,
 * or whose predictions are missing or older than the feature vectors they read; done dates are left alone.
 */
@Controller()
export class SafetyNetController {
  constructor(
    private readonly runner: PhaseRunner,
    private readonly repository: PrecomputeRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: PlatformConfig,
  ) {}

  @Post('safety-net')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  async run(@Body() body: SafetyNetRequest): Promise<{ ran: PhaseRunSummary[]; already_done: string[] }> {
    const today = this.clock.now().toISOString().slice(0, 10);
    const end = body.end_date ?? today;
    const start = body.start_date ?? addDays(end, -SAFETY_NET_DAYS);
    assertDateRangeWithinLimit({ start, end }, this.config.MAX_DATE_RANGE_DAYS, { start: 'start_date', end: 'end_date' });
    const alreadyDone: string[] = [];
    const toRun: string[] = [];
    for (const date of datesBetween(start, end)) {
      const freshness = await this.repository.freshness(date);
      const featuresDone = freshness.features > 0 && freshness.built_at !== null && (freshness.input_changed_at === null || new Date(freshness.built_at) >= new Date(freshness.input_changed_at));
      const predictionsDone =
        freshness.predicted_at !== null && (freshness.features_changed_at === null || new Date(freshness.predicted_at) >= new Date(freshness.features_changed_at));
      const done = featuresDone && predictionsDone;
      (done ? alreadyDone : toRun).push(date);
    }
    const correlationId = currentContext()?.correlationId ?? mintCorrelationId();
    const ran = await this.runner.runDates(toRun, { backfillMode: false, trigger: 'scheduler', correlationId });
    return { ran, already_done: alreadyDone };
  }
}
