import { Controller, HttpCode, HttpException, HttpStatus, Inject, Post, Query } from '@nestjs/common';
import { addDays } from '@lib/messaging';
import { Clock, CLOCK, currentContext, mintCorrelationId, PhaseRunner, PhaseRunSummary } from '@lib/platform';
import { SourceAvailabilityRepository } from '../expected-games/source-availability.repository';

/** How far back the retry run looks for owed work. */
const RETRY_LOOKBACK_DAYS = 14;

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
  async run(@Query('since') since?: string): Promise<{ dates: PhaseRunSummary[] }> {
    const from = since ?? addDays(this.clock.now().toISOString().slice(0, 10), -RETRY_LOOKBACK_DAYS);
    const correlationId = currentContext()?.correlationId ?? mintCorrelationId();
    const owed = await this.availability.datesWithPendingRetries(from);
    const dates = await this.phaseRunner.runDates(owed, { backfillMode: false, trigger: 'scheduler', correlationId });
    if (dates.some((run) => run.status === 'failed')) throw new HttpException({ statusCode: 500, error: 'retry run failed for some dates', dates }, HttpStatus.INTERNAL_SERVER_ERROR);
    return { dates };
  }
}
