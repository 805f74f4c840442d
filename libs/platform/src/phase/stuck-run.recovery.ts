import { Inject, Injectable, Logger } from '@nestjs/common';
import { PlatformConfig } from '../config/platform-config';
import { MessageClaimRepository } from '../pubsub/message-claim.repository';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { PhaseExecutionLogRepository } from './phase-execution-log.repository';
import { PhaseRunFailedError, PhaseRunner, PhaseRunSummary } from './phase-runner.service';

/** Claims of stuck-run recoveries share the message claims table under this name. */
const RECOVERY_CLAIM_SCOPE = 'stuck-run-recovery';

export interface StuckRunRecovery {
  stuck_run_id: string;
  game_date: string;
  started_at: string;
  retry: PhaseRunSummary | null;
  detail: string;
}

/**
 * Finds this service's runs still `running` after RUN_STUCK_AFTER_MINUTES (longer than any request
 * may last, so their instance died: a crash, an OOM kill, a scale-in), marks each failed saying so,
 * and runs its date again. Each stuck run is recovered once, by whichever caller claims it first.
 */
@Injectable()
export class StuckRunRecoveryService {
  private readonly logger = new Logger(StuckRunRecoveryService.name);

  constructor(
    private readonly executionLog: PhaseExecutionLogRepository,
    private readonly runner: PhaseRunner,
    private readonly claims: MessageClaimRepository,
    private readonly config: PlatformConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  async recover(correlationId: string): Promise<StuckRunRecovery[]> {
    // Run rows are stamped with the wall clock (PhaseRunner), so their age is read on it too.
    const now = new Date();
    const staleBefore = new Date(now.getTime() - this.config.RUN_STUCK_AFTER_MINUTES * 60_000);
    const recovered: StuckRunRecovery[] = [];
    for (const stuck of await this.executionLog.stuckRuns(this.identity.name, staleBefore)) {
      const claim = await this.claims.claim({ subscription: RECOVERY_CLAIM_SCOPE, messageId: stuck.run_id, service: this.identity.name, now, staleBefore });
      if (!claim.claimed) continue;
      const detail = `run ${stuck.run_id} for ${stuck.game_date} started ${new Date(stuck.started_at).toISOString()} and recorded no finish within ${this.config.RUN_STUCK_AFTER_MINUTES} min: its instance died; retried`;
      this.logger.warn(detail);
      await this.executionLog.save({ ...stuck, status: 'failed', error: detail, finished_at: now.toISOString() });
      let retry: PhaseRunSummary;
      try {
        retry = await this.runner.runDate({ gameDate: stuck.game_date, backfillMode: stuck.backfill_mode, trigger: 'scheduler', correlationId: stuck.correlation_id ?? correlationId });
      } catch (error) {
        if (!(error instanceof PhaseRunFailedError)) throw error;
        retry = error.summary;
      } finally {
        await this.claims.release(RECOVERY_CLAIM_SCOPE, stuck.run_id, claim.claimId);
      }
      recovered.push({ stuck_run_id: stuck.run_id, game_date: stuck.game_date, started_at: new Date(stuck.started_at).toISOString(), retry, detail });
    }
    return recovered;
  }
}
