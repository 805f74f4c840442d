import { Body, Controller, HttpCode, HttpException, HttpStatus, Logger, Post, Req, UsePipes } from '@nestjs/common';
import type { Request } from 'express';
import { PlatformConfig } from '../config/platform-config';
import { assertDateRangeWithinLimit } from '../validation/date-range.limit';
import { edgeValidationPipe } from '../validation/edge-validation.pipe';
import { datesBetween } from '@lib/messaging';
import { currentContext, mintCorrelationId } from '../context/request-context';
import { PhaseRunner, PhaseRunSummary } from '../phase/phase-runner.service';
import { ProcessDateRequest } from './process-date.dto';

export interface ProcessDateResponse {
  correlation_id: string;
  backfill_mode: boolean;
  dates: PhaseRunSummary[];
  failed_dates: string[];
}

/**
 * Manual runs and backfills. Dates run in order; a failed date does not stop the later ones, and the
 * answer is a 500 listing the failed dates when any failed, so a scheduler sees the failure.
 */
@Controller()
export class ProcessDateController {
  private readonly logger = new Logger(ProcessDateController.name);

  constructor(
    private readonly runner: PhaseRunner,
    private readonly config: PlatformConfig,
  ) {}

  @Post('process_date')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe({ transform: true }))
  async processDate(@Body() body: ProcessDateRequest, @Req() request: Request): Promise<ProcessDateResponse> {
    if (!body.game_date) {
      assertDateRangeWithinLimit({ start: body.start_date!, end: body.end_date! }, this.config.MAX_DATE_RANGE_DAYS, { start: 'start_date', end: 'end_date' });
    }
    const dates = body.game_date ? [body.game_date] : datesBetween(body.start_date!, body.end_date!);
    const correlationId = currentContext()?.correlationId ?? mintCorrelationId();
    const backfillMode = body.backfill_mode ?? false;
    // A client that went away stops the range before its next date: nobody would see the answer.
    const clientGone = new AbortController();
    const httpResponse = request.res;
    httpResponse?.on('close', () => {
      if (!httpResponse.writableFinished) clientGone.abort();
    });
    const results = await this.runner.runDates(dates, { backfillMode, trigger: 'process_date', correlationId }, clientGone.signal);
    if (results.length < dates.length) {
      this.logger.warn(`client went away: ran ${results.length} of ${dates.length} dates (${dates[0]}..${dates[dates.length - 1]}); ${dates[results.length]} onwards not run`);
    }
    const response: ProcessDateResponse = {
      correlation_id: correlationId,
      backfill_mode: backfillMode,
      dates: results,
      failed_dates: results.filter((result) => result.status === 'failed').map((result) => result.game_date),
    };
    if (response.failed_dates.length > 0) throw new HttpException(response, HttpStatus.INTERNAL_SERVER_ERROR);
    return response;
  }
}
