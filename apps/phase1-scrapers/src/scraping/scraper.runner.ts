import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  MESSAGE_PUBLISHER,
  MESSAGE_SCHEMA_VERSION,
  MessagePublisher,
  ScraperCompletionMessage,
  TOPICS,
} from '@lib/messaging';
import { UpstreamRequestError } from '@lib/resilience';
import { OBJECT_STORE, ObjectStore } from '@lib/storage';
import { UpstreamClients } from '../upstreams/upstream-clients';
import { Scraper, ScrapeResult } from './scraper';
import { ScraperExecutionLogRepository, ScraperRunRecord } from './scraper-execution-log.repository';
import { TallyingHttpClient } from './tallying-http.client';

export interface ScraperRunRequest {
  gameDate: string;
  correlationId: string;
  backfillMode: boolean;
  gameId?: string;
  /** The upstream's own game id (ESPN event, Odds API event). */
  upstreamGameId?: string;
  /** The source this run stands in for, when it is a fallback. */
  fallbackFor?: string;
  /** The caller announces the whole date once (a backfilled date): this run publishes no message of its own. */
  announcedByDate?: boolean;
}

export interface ScraperRunOutcome {
  runId: string;
  scraper: string;
  source: string;
  status: Exclude<ScraperRunRecord['status'], 'running'>;
  records: number;
  path?: string;
  missing: string[];
  attempts: number;
  detail?: string;
  error?: string;
  /** What the scraper fetched, for the caller that needs it (the schedule feeds the per-game scrapers). */
  result?: ScrapeResult;
  /**
   * A run announced by its date only: its execution log rows being written. Settles with the write's
   * error (undefined when written), never rejects; the date's message waits for it.
   */
  logged?: Promise<unknown>;
}

/** Where a run's payload lives: it names the source, endpoint, date and run (and the game, per game). */
export function payloadPath(scraper: Scraper, request: ScraperRunRequest, runId: string, extension = 'json'): string {
  const game = request.gameId ? `${request.gameId}-` : '';
  return `raw/${scraper.source}/${scraper.endpoint}/${request.gameDate}/${game}${runId}.${extension}`;
}

/** How the payload's envelope names a file stored beside it. */
export interface StoredAttachment {
  path: string;
  content_type: string;
  bytes: number;
  source_url: string;
}

/**
 * Runs one scraper once: logs the run, stores the payload in the object store, records upstream
 * errors, and publishes the completion message phase 2 reacts to — for a failed run too, so the
 * next phase knows rather than waits.
 */
@Injectable()
export class ScraperRunner {
  private readonly logger = new Logger(ScraperRunner.name);

  constructor(
    private readonly clients: UpstreamClients,
    private readonly executionLog: ScraperExecutionLogRepository,
    @Inject(OBJECT_STORE) private readonly objectStore: ObjectStore,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  async run(scraper: Scraper, request: ScraperRunRequest): Promise<ScraperRunOutcome> {
    const runId = randomUUID();
    const started = Date.now();
    const http = new TallyingHttpClient(this.clients.forProvider(scraper.provider));
    const record: ScraperRunRecord = {
      run_id: runId,
      scraper: scraper.name,
      source: scraper.source,
      endpoint: scraper.endpoint,
      game_date: request.gameDate,
      params: {
        game_date: request.gameDate,
        ...(request.gameId ? { game_id: request.gameId } : {}),
        ...(request.upstreamGameId ? { upstream_game_id: request.upstreamGameId } : {}),
        ...(request.fallbackFor ? { fallback_for: request.fallbackFor } : {}),
        backfill_mode: request.backfillMode,
      },
      status: 'running',
      attempts: null,
      http_statuses: [],
      duration_ms: null,
      records: null,
      payload_path: null,
      missing: [],
      resume_cursor: null,
      correlation_id: request.correlationId,
      detail: null,
      error: null,
      started_at: new Date(started).toISOString(),
      finished_at: null,
    };
    // The running row is written while the scrape starts (one wait for the write lock less per run); it
    // is awaited before the row saying how the run ended, so that one always lands last.
    const startLogged = this.executionLog.saveRun({ ...record }).then(
      () => undefined,
      (error: unknown) => error,
    );

    let outcome: ScraperRunOutcome;
    try {
      const result = await scraper.scrape({ ...request, runId, http });
      const path = payloadPath(scraper, request, runId);
      // Attachments first: the payload, which phase 2 is told about, only ever names files already stored.
      const attachments: StoredAttachment[] = [];
      for (const attachment of result.attachments ?? []) {
        const stored = await this.objectStore.write(payloadPath(scraper, request, runId, attachment.extension), attachment.content, attachment.contentType);
        attachments.push({ path: stored.path, content_type: attachment.contentType, bytes: stored.bytes, source_url: attachment.sourceUrl });
      }
      await this.objectStore.write(
        path,
        JSON.stringify({
          scraper: scraper.name,
          source: scraper.source,
          endpoint: scraper.endpoint,
          game_date: request.gameDate,
          game_id: request.gameId ?? null,
          fallback_for: request.fallbackFor ?? null,
          run_id: runId,
          fetched_at: new Date().toISOString(),
          status: result.status,
          records: result.records,
          missing: result.missing ?? [],
          attachments,
          data: result.payload,
        }),
        'application/json',
      );
      outcome = {
        runId,
        scraper: scraper.name,
        source: scraper.source,
        status: result.status,
        records: result.records,
        path,
        missing: result.missing ?? [],
        attempts: Math.max(http.attempts, 1),
        detail: result.detail,
        result,
      };
      record.resume_cursor = result.resumeCursor ?? null;
      record.detail = result.detail ?? null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`scraper ${scraper.name} failed for ${request.gameDate}${request.gameId ? ` game ${request.gameId}` : ''}: ${message}`);
      await this.executionLog.saveApiError({
        error_id: randomUUID(),
        provider: error instanceof UpstreamRequestError ? error.provider : scraper.provider,
        scraper: scraper.name,
        run_id: runId,
        game_date: request.gameDate,
        url: error instanceof UpstreamRequestError ? error.url : null,
        kind: error instanceof UpstreamRequestError ? error.kind : 'processing',
        http_status: error instanceof UpstreamRequestError ? (error.status ?? null) : null,
        attempts: http.attempts,
        message: message.slice(0, 4000),
        correlation_id: request.correlationId,
        occurred_at: new Date().toISOString(),
      });
      outcome = {
        runId,
        scraper: scraper.name,
        source: scraper.source,
        status: 'failed',
        records: 0,
        missing: request.gameId ? [request.gameId] : [],
        attempts: Math.max(http.attempts, 1),
        error: message,
      };
    }

    const endRow: ScraperRunRecord = {
      ...record,
      status: outcome.status,
      attempts: outcome.attempts,
      http_statuses: http.statusesSeen,
      duration_ms: Date.now() - started,
      records: outcome.records,
      payload_path: outcome.path ?? null,
      missing: outcome.missing,
      error: outcome.error ?? null,
      finished_at: new Date().toISOString(),
    };
    const endLogged = startLogged.then((startError) => {
      if (startError) throw startError;
      return this.executionLog.saveRun(endRow);
    });
    if (request.announcedByDate) {
      // Nothing is told of this run until its date is: the date waits for every run's rows, not each scrape for its own.
      return { ...outcome, logged: endLogged.then(() => undefined, (error: unknown) => error) };
    }
    await endLogged;
    await this.publishCompletion(scraper, request, outcome);
    return outcome;
  }

  private async publishCompletion(scraper: Scraper, request: ScraperRunRequest, outcome: ScraperRunOutcome): Promise<void> {
    const message: ScraperCompletionMessage = {
      schema_version: MESSAGE_SCHEMA_VERSION,
      phase: 1,
      service: 'phase1-scrapers',
      run_id: outcome.runId,
      game_date: request.gameDate,
      status: outcome.status,
      records: outcome.records,
      degraded: outcome.status !== 'success' && outcome.status !== 'no_data',
      detail: outcome.error ?? outcome.detail,
      backfill_mode: request.backfillMode,
      correlation_id: request.correlationId,
      scraper: scraper.name,
      source: scraper.source,
      endpoint: scraper.endpoint,
      path: outcome.path,
      attempts: outcome.attempts,
      missing: outcome.missing,
      game_id: request.gameId,
      fallback_for: request.fallbackFor,
    };
    await this.publisher.publish(TOPICS.phase1Complete, message, {
      game_date: request.gameDate,
      scraper: scraper.name,
      schema_version: String(MESSAGE_SCHEMA_VERSION),
    });
  }
}
