import { Controller, HttpCode, Post, Query, UsePipes } from '@nestjs/common';
import { IsCalendarDate } from '@lib/messaging';
import { edgeValidationPipe } from '@lib/platform';
import { IsOptional } from 'class-validator';
import { ProactiveCheckReport, ProactiveChecksService } from './proactive-checks.service';

export class ProactiveChecksQuery {
  /** The last game date the completeness and bronze windows cover; yesterday when not given. */
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

/** Called by Cloud Scheduler every 30 minutes: stuck phases, 30-day completeness, bronze share of predictions. */
@Controller('monitoring')
export class ProactiveChecksController {
  constructor(private readonly checks: ProactiveChecksService) {}

  @Post('checks')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  run(@Query() query: ProactiveChecksQuery): Promise<ProactiveCheckReport> {
    return this.checks.run(query.to);
  }
}
