import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MESSAGE_PUBLISHER, MESSAGE_SCHEMA_VERSION, MessagePublisher, PhaseCompletionMessage, PhaseRunStatus } from '@lib/messaging';
import { completionTopicOf, SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { PhaseExecutionLogRepository, PhaseExecutionRecord } from './phase-execution-log.repository';
import { PHASE_HANDLER, PhaseHandler, PhaseRunRequest } from './phase-handler';
import { isUnprocessable } from './unprocessable-message.error';
import { currentContext, runWithContext } from '../context/request-context';

export interface PhaseRunSummary {
  run_id: string;
  game_date: string;
  status: PhaseRunStatus;
  records: number;
  degraded: boolean;
  detail?: string;
  error?: string;
  /** The message can never be processed (UnprocessableMessageError): dead-letter it, do not redeliver. */
  unprocessable?: boolean;
  published_message_id?: string;
}

/** A phase run that threw; the push endpoint turns it into a 5xx so Pub/Sub redelivers. */
export class PhaseRunFailedError extends Error {
  constructor(readonly summary: PhaseRunSummary) {
    super(`phase run ${summary.run_id} for ${summary.game_date} failed: ${summary.error}`);
    this.name = 'PhaseRunFailedError';
  }
}

/**
 * Runs the service's phase for one date: logs the run in phase_execution_log before and after,
 * publishes the completion message when it did not fail, and records the error when it did.
 */
@Injectable()
export class PhaseRunner {
  private readonly logger = new Logger(PhaseRunner.name);

  constructor(
    @Inject(PHASE_HANDLER) private readonly handler: PhaseHandler,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly executionLog: PhaseExecutionLogRepository,
  ) {}

  /**
   * Runs the dates in order. A failed date does not stop the later ones: it is in the result with its
   * error (already logged and recorded by runDate), for the caller to report.
   */
  /** Runs the dates in order; when `stop` is aborted, the dates not started yet are left (fewer summaries than dates). */
  async runDates(dates: readonly string[], request: Omit<PhaseRunRequest, 'gameDate'>, stop?: AbortSignal): Promise<PhaseRunSummary[]> {
    const summaries: PhaseRunSummary[] = [];
    for (const gameDate of dates) {
      if (stop?.aborted) break;
      try {
        summaries.push(await this.runDate({ ...request, gameDate }));
      } catch (error) {
        if (!(error instanceof PhaseRunFailedError)) throw error;
        summaries.push(error.summary);
      }
    }
    return summaries;
  }

  async runDate(request: PhaseRunRequest): Promise<PhaseRunSummary> {
    const record: PhaseExecutionRecord = {
      run_id: randomUUID(),
      phase: `phase${this.identity.phase}`,
      service: this.identity.name,
      game_date: request.gameDate,
      status: 'running',
      degraded: false,
      trigger: request.trigger,
      backfill_mode: request.backfillMode,
      records: null,
      detail: null,
      error: null,
      correlation_id: request.correlationId,
      started_at: new Date().toISOString(),
      finished_at: null,
    };
    // The start row is written while the handler starts its work (one wait for the write lock less per
    // run); it is awaited before the row saying how the run ended, so that one always lands last.
    const startLogged = this.executionLog.save({ ...record }).then(() => null, (error: unknown) => error);
    this.logger.log(`phase ${this.identity.phase} run ${record.run_id} started for ${request.gameDate} (${request.trigger})`);
    try {
      const result = await runWithContext({ ...currentContext(), correlationId: request.correlationId, service: this.identity.name, phase: this.identity.phase, runId: record.run_id }, () =>
        this.handler.run(request),
      );
      const startError = await startLogged;
      if (startError) throw startError;
      const summary: PhaseRunSummary = {
        run_id: record.run_id,
        game_date: request.gameDate,
        status: result.status,
        records: result.records,
        degraded: result.degraded ?? false,
        detail: result.detail,
      };
      const completion: PhaseCompletionMessage = {
        schema_version: MESSAGE_SCHEMA_VERSION,
        phase: this.identity.phase,
        service: this.identity.name,
        run_id: record.run_id,
        game_date: request.gameDate,
        status: result.status,
        records: result.records,
        degraded: summary.degraded,
        detail: result.detail,
        backfill_mode: request.backfillMode,
        correlation_id: request.correlationId,
      };
      if (!this.handler.publishesOwnCompletions) {
        const published = await this.publisher.publish(completionTopicOf(this.identity.name), completion, {
          game_date: request.gameDate,
          correlation_id: request.correlationId,
          schema_version: String(MESSAGE_SCHEMA_VERSION),
        });
        summary.published_message_id = published.messageId;
      }
      await this.executionLog.save({
        ...record,
        status: result.status,
        degraded: summary.degraded,
        records: result.records,
        detail: result.detail ?? null,
        finished_at: new Date().toISOString(),
      });
      this.logger.log(`phase ${this.identity.phase} run ${record.run_id} for ${request.gameDate}: ${result.status}, ${result.records} records`);
      return summary;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`phase ${this.identity.phase} run ${record.run_id} for ${request.gameDate} failed: ${message}`, (error as Error)?.stack);
      await startLogged;
      await this.executionLog.save({ ...record, status: 'failed', error: message.slice(0, 4000), finished_at: new Date().toISOString() });
      throw new PhaseRunFailedError({
        run_id: record.run_id,
        game_date: request.gameDate,
        status: 'failed',
        records: 0,
        degraded: false,
        error: message,
        ...(isUnprocessable(error) ? { unprocessable: true } : {}),
      });
    }
  }
}
