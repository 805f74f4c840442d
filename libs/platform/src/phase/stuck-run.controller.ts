import { Body, Controller, HttpCode, HttpException, HttpStatus, Post, UsePipes } from '@nestjs/common';
import { currentContext, mintCorrelationId } from '../context/request-context';
import { NoFieldsRequest } from '../validation/no-fields.request';
import { edgeValidationPipe } from '../validation/edge-validation.pipe';
import { StuckRunRecovery, StuckRunRecoveryService } from './stuck-run.recovery';

/** Called by Cloud Scheduler on every service: runs that died mid-way are found and run again. */
@Controller()
export class StuckRunController {
  constructor(private readonly recovery: StuckRunRecoveryService) {}

  @Post('runs/recover-stuck')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  async recoverStuck(@Body() _body: NoFieldsRequest): Promise<{ recovered: StuckRunRecovery[] }> {
    const recovered = await this.recovery.recover(currentContext()?.correlationId ?? mintCorrelationId());
    if (recovered.some((run) => run.retry?.status === 'failed')) {
      throw new HttpException({ statusCode: 500, error: 'a retried stuck run failed again', recovered }, HttpStatus.INTERNAL_SERVER_ERROR);
    }
    return { recovered };
  }
}
