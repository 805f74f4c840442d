import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, CLOCK, PlatformConfig, pollUntil } from '@lib/platform';
import { DateOrderRepository } from './date-order.repository';

/** Often at first (phase 2 and 3 of a date take a few hundred ms), then less. */
const FIRST_POLL_MS = 20;
const FIRST_POLLS = 50;
const POLL_MS = 250;

/**
 * Keeps a backfill's dates in order past phase 1. Phase 1 scrapes a date while the previous one is
 * still in phases 2-5; it announces the date only once phase 3 has handled the previous date, so
 * this date's features are built on the previous date's analytics, whatever the speed of each phase.
 * (Letting a date's loads overlap the previous date's phase 3 was measured no faster, the cluster's
 * one JavaScript thread being the limit: the README's seventh round of speed work.)
 */
@Injectable()
export class DateOrderGate {
  private readonly logger = new Logger(DateOrderGate.name);

  constructor(
    private readonly repository: DateOrderRepository,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Resolves once the run's previous date has been through phase 3, or after BACKFILL_DATE_ORDER_WAIT_SECONDS of pauses (with a warning). */
  async awaitPreviousDate(gameDate: string, correlationId: string): Promise<void> {
    const previous = await this.repository.previousDateOfRun(gameDate, correlationId);
    if (previous === null) return;
    const schedule = { firstPollMs: FIRST_POLL_MS, firstPolls: FIRST_POLLS, pollMs: POLL_MS, maxWaitMs: this.config.BACKFILL_DATE_ORDER_WAIT_SECONDS * 1000 };
    const { done } = await pollUntil(this.clock, schedule, () => this.repository.analyticsSettled(previous, correlationId), (settled) => settled);
    if (done) return;
    this.logger.warn(
      `announcing ${gameDate} before phase 3 handled ${previous} (run ${correlationId}): still not after ${this.config.BACKFILL_DATE_ORDER_WAIT_SECONDS} s; ${gameDate}'s loads may reach phase 3 first`,
    );
  }
}
