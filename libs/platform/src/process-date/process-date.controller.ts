import { Body, Controller, HttpCode, HttpException, HttpStatus, Post, UsePipes } from '@nestjs/common';
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
  constructor(private readonly runner: PhaseRunner) {}

  @Post('process_date')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe({ transform: true }))
  async processDate(@Body() body: ProcessDateRequest): Promise<ProcessDateResponse> {
    const dates = body.game_date ? [body.game_date] : datesBetween(body.start_date!, body.end_date!);
    const correlationId = currentContext()?.correlationId ?? mintCorrelationId();
    const backfillMode = body.backfill_mode ?? false;
    const results = await this.runner.runDates(dates, { backfillMode, trigger: 'process_date', correlationId });
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
