import { Body, Controller, HttpCode, Post, UsePipes } from '@nestjs/common';
import { edgeValidationPipe, NoFieldsRequest, PhaseRunner } from '@lib/platform';
import { AnalyticsTransitionService, DeadlineCheckResult } from './analytics-transition.service';

/** Called by Cloud Scheduler every few minutes (and by the local cluster on an interval). */
@Controller('transitions')
export class TransitionController {
  constructor(
    private readonly transitions: AnalyticsTransitionService,
    private readonly runner: PhaseRunner,
  ) {}

  @Post('check-deadlines')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  checkDeadlines(@Body() _body: NoFieldsRequest): Promise<DeadlineCheckResult> {
    return this.transitions.checkDeadlines(this.runner);
  }
}
