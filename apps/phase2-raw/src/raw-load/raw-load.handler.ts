import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  DATE_SCOPE,
  isDateScoped,
  MESSAGE_PUBLISHER,
  MESSAGE_SCHEMA_VERSION,
  MessagePublisher,
  PhaseTriggerMessage,
  RawDateCompletionMessage,
  RawProcessorCompletionMessage,
  ScrapedDateMessage,
  ScraperCompletionMessage,
  ScraperSource,
  StoredPayloadReference,
  TOPICS,
} from '@lib/messaging';
import { isUnprocessable, PhaseHandler, PhaseRunRequest, PhaseWorkResult, RunDecision, UnprocessableMessageError } from '@lib/platform';
import { RawLoadOutcome, RawLoadService } from './raw-load.service';
import { StoredPayloadRepository } from './stored-payload.repository';

/**
 * Phase 2's work. From a live date's Pub/Sub message: load the one payload it points at, and publish
 * that load's completion. From a backfilled date's one message (every payload phase 1 stored for it)
 * and from /process_date (manual runs: every payload of the date in phase 1's log): load the date in
 * one run and publish one completion for the date, naming every load, which phase 3 counts against
 * the required processors as it counts the per-load ones.
 */
@Injectable()
export class RawLoadHandler implements PhaseHandler {
  readonly publishesOwnCompletions = true;
  private readonly logger = new Logger(RawLoadHandler.name);

  constructor(
    private readonly loader: RawLoadService,
    private readonly storedPayloads: StoredPayloadRepository,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
  ) {}

  async decide(message: PhaseTriggerMessage): Promise<RunDecision> {
    if (isDateScoped(message)) {
      const scraped = message as ScrapedDateMessage;
      if (scraped.payloads.length === 0) return { run: false, reason: `phase 1 stored no payload for ${scraped.game_date} (it ended ${scraped.status}), so there is nothing to load` };
      return { run: true };
    }
    const scraped = message as ScraperCompletionMessage;
    if (!scraped.path) {
      return { run: false, reason: `${scraped.scraper} ended ${scraped.status} without storing a payload, so there is nothing to load` };
    }
    return { run: true };
  }

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    if (request.upstream && isDateScoped(request.upstream)) return this.loadDate(request, (request.upstream as ScrapedDateMessage).payloads);
    const scraped = request.upstream as ScraperCompletionMessage | undefined;
    if (scraped?.path) {
      const outcome = await this.loader.load(scraped.path, scraped.scraper, request.gameDate, request.correlationId, (loaded) => this.publishCompletion(loaded, request));
      return { status: outcome.status, records: outcome.rows, degraded: outcome.status === 'partial', detail: `${outcome.processor}: ${outcome.detail}` };
    }
    const stored = await this.storedPayloads.forDate(request.gameDate);
    if (stored.length === 0) {
      return { status: 'no_data', records: 0, detail: `phase 1 stored no payloads for ${request.gameDate}: nothing to load` };
    }
    return this.loadDate(request, stored.map(({ scraper, payload_path: path }) => ({ scraper, path })));
  }

  /**
   * A date's payloads in one run: each raw table's payloads, in fetch order, go in one upsert (a later
   * fetch of the same rows wins); different tables load side by side. A payload that fails is reported
   * and the rest still load. Phase 3 hears of every load in one message.
   */
  private async loadDate(request: PhaseRunRequest, payloads: readonly StoredPayloadReference[]): Promise<PhaseWorkResult> {
    const byTable = new Map<string, StoredPayloadReference[]>();
    for (const payload of payloads) {
      const table = this.loader.tableFor(payload.scraper);
      byTable.set(table, [...(byTable.get(table) ?? []), payload]);
    }
    const results = (
      await Promise.all([...byTable.values()].map((tablePayloads) => this.loader.loadTable(tablePayloads, request.gameDate, request.correlationId)))
    ).flat();
    const loaded = results.flatMap((result) => ('outcome' in result ? [result.outcome] : []));
    const failed = results.flatMap((result) => ('failure' in result ? [result.failure] : []));
    if (loaded.length === 0 && results.every((result) => 'error' in result && isUnprocessable(result.error))) {
      throw new UnprocessableMessageError(`none of the ${payloads.length} payloads of ${request.gameDate} can be loaded: ${failed.join('; ')}`);
    }
    // A failure that may pass (a read or write error, not a payload that can never load) fails the run,
    // so the date is delivered again and loaded whole (loads are upserts); the date is announced only
    // once nothing is left that a retry could load, as one message per payload would have been.
    const retryable = results.flatMap((result) => ('error' in result && !isUnprocessable(result.error) ? [result.failure] : []));
    if (retryable.length > 0) {
      throw new Error(`${retryable.length} of the ${payloads.length} payloads of ${request.gameDate} failed and may load on a retry (${loaded.length} loaded): ${retryable.join('; ')}`);
    }
    const rows = loaded.reduce((sum, outcome) => sum + outcome.rows, 0);
    const perProcessor = new Map<string, number>();
    for (const outcome of loaded) perProcessor.set(outcome.processor, (perProcessor.get(outcome.processor) ?? 0) + outcome.rows);
    const summary = [...perProcessor].map(([processor, count]) => `${processor} ${count}`).join(', ');
    const partial = failed.length > 0 || loaded.some((outcome) => outcome.status === 'partial');
    const result: PhaseWorkResult = {
      status: partial ? 'partial' : rows === 0 ? 'no_data' : 'success',
      records: rows,
      degraded: partial,
      detail: `loaded ${loaded.length} of ${payloads.length} payloads (${summary})${failed.length > 0 ? `; failed: ${failed.join('; ')}` : ''}`,
    };
    await this.publishDateCompletion(loaded, result, request);
    return result;
  }

  private async publishDateCompletion(loaded: readonly RawLoadOutcome[], result: PhaseWorkResult, request: PhaseRunRequest): Promise<void> {
    const message: RawDateCompletionMessage = {
      schema_version: MESSAGE_SCHEMA_VERSION,
      phase: 2,
      service: 'phase2-raw',
      run_id: randomUUID(),
      game_date: request.gameDate,
      status: result.status,
      records: result.records,
      degraded: result.degraded === true,
      detail: result.detail,
      backfill_mode: request.backfillMode,
      correlation_id: request.correlationId,
      scope: DATE_SCOPE,
      loads: loaded.map((outcome) => ({
        run_id: outcome.runId,
        processor: outcome.processor,
        table: outcome.table,
        source: outcome.payload.source as ScraperSource,
        source_path: outcome.path,
        status: outcome.status,
        records: outcome.rows,
        ...(outcome.payload.gameId ? { game_id: outcome.payload.gameId } : {}),
        ...(outcome.payload.fallbackFor ? { fallback_for: outcome.payload.fallbackFor } : {}),
      })),
    };
    await this.publisher.publish(TOPICS.phase2Complete, message, {
      game_date: request.gameDate,
      scope: DATE_SCOPE,
      schema_version: String(MESSAGE_SCHEMA_VERSION),
    });
    this.logger.log(`${request.gameDate}: ${result.status}, ${result.detail}`);
  }

  private async publishCompletion(outcome: RawLoadOutcome, request: PhaseRunRequest): Promise<void> {
    const message: RawProcessorCompletionMessage = {
      schema_version: MESSAGE_SCHEMA_VERSION,
      phase: 2,
      service: 'phase2-raw',
      run_id: outcome.runId,
      game_date: request.gameDate,
      status: outcome.status,
      records: outcome.rows,
      degraded: outcome.status === 'partial',
      detail: outcome.detail,
      backfill_mode: request.backfillMode,
      correlation_id: request.correlationId,
      processor: outcome.processor,
      table: outcome.table,
      source: outcome.payload.source as ScraperSource,
      source_path: outcome.path,
      ...(outcome.payload.gameId ? { game_id: outcome.payload.gameId } : {}),
      ...(outcome.payload.fallbackFor ? { fallback_for: outcome.payload.fallbackFor } : {}),
    };
    await this.publisher.publish(TOPICS.phase2Complete, message, {
      game_date: request.gameDate,
      processor: outcome.processor,
      schema_version: String(MESSAGE_SCHEMA_VERSION),
    });
    this.logger.log(`${outcome.processor} for ${request.gameDate}: ${outcome.status}, ${outcome.detail}`);
  }
}
