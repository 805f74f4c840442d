import { Inject, Injectable } from '@nestjs/common';
import { addDays } from '@lib/messaging';
import { AlertService, Clock, CLOCK, PlatformConfig, StatusRepository, stuckAfterSeconds } from '@lib/platform';
import { bronzeFindings, completenessFinding, Finding, lastDateOwed, stuckPhases } from './proactive-checks';
import { ProactiveChecksRepository } from './proactive-checks.repository';

const COMPLETENESS_WINDOW_DAYS = 30;
const BRONZE_WINDOW_DAYS = 7;
/** Backfills run dates of past seasons; a run of any of them can hang. */
const RUNNING_LOOKBACK_DAYS = 550;

export interface ProactiveCheckReport {
  to: string;
  completeness: { from: string; to: string; percent: number | null };
  findings: Finding[];
}

/**
 * The seeds' three proactive alerts, on the scheduler: a phase that started and never finished, a
 * 30-day completeness slide, and a day where too many predictions are bronze. Each finding is an
 * alert (repeats within ALERT_REPEAT_MINUTES are counted, not re-sent).
 */
@Injectable()
export class ProactiveChecksService {
  constructor(
    private readonly repository: ProactiveChecksRepository,
    private readonly runHistory: StatusRepository,
    private readonly alerts: AlertService,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(requestedTo?: string): Promise<ProactiveCheckReport> {
    const now = this.clock.now();
    const today = now.toISOString().slice(0, 10);
    const to = requestedTo ?? lastDateOwed(now);
    const [running, durations, completenessRows, bronzeRows] = await Promise.all([
      this.repository.runningPhases(addDays(today, -RUNNING_LOOKBACK_DAYS), addDays(today, 1)),
      this.runHistory.finishedRunDurations(addDays(today, -60), today),
      this.repository.completeness(addDays(to, -(COMPLETENESS_WINDOW_DAYS - 1)), to),
      this.repository.bronzeShares(addDays(to, -(BRONZE_WINDOW_DAYS - 1)), to),
    ]);
    const stuckAfter = (service: string) => stuckAfterSeconds(durations.get(service), this.config.STUCK_PHASE_FACTOR, this.config.STUCK_PHASE_MIN_EXPECTED_MINUTES);
    const from = addDays(to, -(COMPLETENESS_WINDOW_DAYS - 1));
    const completeness = completenessFinding(completenessRows, from, to, this.config.COMPLETENESS_ALERT_BELOW_PERCENT);
    const findings = [
      ...stuckPhases(running, now.getTime(), stuckAfter),
      ...(completeness.finding ? [completeness.finding] : []),
      ...bronzeFindings(bronzeRows, this.config.BRONZE_PREDICTIONS_ALERT_ABOVE_PERCENT),
    ];
    for (const finding of findings) {
      await this.alerts.raise({ gameDate: finding.gameDate, severity: finding.severity, category: finding.category, message: finding.message, details: finding.details });
    }
    return { to, completeness: { from, to, percent: completeness.percent }, findings };
  }
}
