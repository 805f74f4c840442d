import { Controller, HttpCode, HttpException, HttpStatus, Inject, Post, Query, UsePipes } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { addDays, IsCalendarDate } from '@lib/messaging';
import { Clock, CLOCK, currentContext, edgeValidationPipe, mintCorrelationId, PhaseRunner, PhaseRunSummary } from '@lib/platform';
import { SourceAvailabilityRepository } from '../expected-games/source-availability.repository';

/** How far back the retry run looks for owed work. */
const RETRY_LOOKBACK_DAYS = 14;

export class RetryRunQuery {
  /** First date whose owed work is retried; a repeated or malformed value is a 400 naming it. */
  @IsOptional()
  @IsCalendarDate()
  since?: string;
}

/**
 * What a scheduler calls to pay what phase 1 owes: every date of the last two weeks with pending
 * retries (missing games, unfinished pagination, unreleased play-by-play) is scraped again; the run
 * closes what arrived and re-queues what did not. A date that fails answers 500, naming it.
 */
@Controller('retries')
export class RetryQueueController {
  constructor(
    private readonly availability: SourceAvailabilityRepository,
    private readonly phaseRunner: PhaseRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('run')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  async run(@Query() query: RetryRunQuery): Promise<{ dates: PhaseRunSummary[] }> {
    // No range limit here: the work is bounded by what the retry queue owes, not by how far back it looks.
    const from = query.since ?? addDays(this.clock.now().toISOString().slice(0, 10), -RETRY_LOOKBACK_DAYS);
    const correlationId = currentContext()?.correlationId ?? mintCorrelationId();
    const owed = await this.availability.datesWithPendingRetries(from);
    const dates = await this.phaseRunner.runDates(owed, { backfillMode: false, trigger: 'scheduler', correlationId });
    if (dates.some((run) => run.status === 'failed')) throw new HttpException({ statusCode: 500, error: 'retry run failed for some dates', dates }, HttpStatus.INTERNAL_SERVER_ERROR);
    return { dates };
  }
}
