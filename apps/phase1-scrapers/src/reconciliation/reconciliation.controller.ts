import { Controller, HttpCode, Inject, Post, Query, UsePipes } from '@nestjs/common';
import { addDays, datesBetween, IsCalendarDate } from '@lib/messaging';
import { assertDateRangeWithinLimit, Clock, CLOCK, edgeValidationPipe, PlatformConfig } from '@lib/platform';
import { IsOptional } from 'class-validator';
import { SelfHealAction } from './reconciliation.repository';
import { DateReconciliation, ReconciliationService } from './reconciliation.service';

/** Dates the scheduled runs look at when no range is named: the last week, yesterday included. */
const DEFAULT_LOOKBACK_DAYS = 7;

export class DateRangeQuery {
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

const validateRange = edgeValidationPipe();

/** Called daily by Cloud Scheduler: reconcile the last week across every boundary, then heal what it can. */
@Controller()
export class ReconciliationController {
  constructor(
    private readonly reconciliation: ReconciliationService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly config: PlatformConfig,
  ) {}

  @Post('reconciliation/run')
  @HttpCode(200)
  @UsePipes(validateRange)
  async reconcile(@Query() range: DateRangeQuery): Promise<{ dates: DateReconciliation[]; gaps: number }> {
    const dates = await this.reconciliation.reconcile(this.datesOf(range));
    return { dates, gaps: dates.flatMap((date) => date.verdicts).filter((verdict) => verdict.status === 'gap').length };
  }

  @Post('self-heal/run')
  @HttpCode(200)
  @UsePipes(validateRange)
  async selfHeal(@Query() range: DateRangeQuery): Promise<{ reconciled: number; actions: SelfHealAction[] }> {
    const dates = this.datesOf(range);
    const reconciled = await this.reconciliation.reconcile(dates);
    return { reconciled: reconciled.length, actions: await this.reconciliation.selfHeal(dates[0], dates[dates.length - 1]) };
  }

  private datesOf(range: DateRangeQuery): string[] {
    const today = this.clock.now().toISOString().slice(0, 10);
    const to = range.to ?? addDays(today, -1);
    const from = range.from ?? addDays(to, -(DEFAULT_LOOKBACK_DAYS - 1));
    assertDateRangeWithinLimit({ start: from, end: to }, this.config.MAX_DATE_RANGE_DAYS, { start: 'from', end: 'to' });
    return datesBetween(from, to);
  }
}
