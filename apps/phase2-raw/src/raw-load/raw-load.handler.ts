import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  MESSAGE_PUBLISHER,
  MESSAGE_SCHEMA_VERSION,
  MessagePublisher,
  PhaseTriggerMessage,
  RawProcessorCompletionMessage,
  ScraperCompletionMessage,
  ScraperSource,
  TOPICS,
} from '@lib/messaging';
import { PhaseHandler, PhaseRunRequest, PhaseWorkResult, RunDecision } from '@lib/platform';
import { RawLoadOutcome, RawLoadService } from './raw-load.service';
import { StoredPayloadRepository } from './stored-payload.repository';

/**
 * Phase 2's work. From Pub/Sub: load the one payload the phase 1 message points at. From
 * /process_date (manual runs, backfills): reload every payload phase 1 stored for the date. Each
 * load publishes its own completion, which phase 3 counts against the required processors.
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
    const scraped = message as ScraperCompletionMessage;
    if (!scraped.path) {
      return { run: false, reason: `${scraped.scraper} ended ${scraped.status} without storing a payload, so there is nothing to load` };
    }
    return { run: true };
  }

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const scraped = request.upstream as ScraperCompletionMessage | undefined;
    if (scraped?.path) {
      const outcome = await this.loader.load(scraped.path, scraped.scraper, request.gameDate, request.correlationId, (loaded) => this.publishCompletion(loaded, request));
      return { status: outcome.status, records: outcome.rows, degraded: outcome.status === 'partial', detail: `${outcome.processor}: ${outcome.detail}` };
    }
    return this.reloadDate(request);
  }

  /**
   * Every stored payload of the date. Payloads of one raw table load one after another in fetch order
   * (a later fetch of the same rows wins); different tables load side by side, so their writes share
   * the warehouse's batches. A payload that fails is reported and the rest still load.
   */
  private async reloadDate(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const payloads = await this.storedPayloads.forDate(request.gameDate);
    if (payloads.length === 0) {
      return { status: 'no_data', records: 0, detail: `phase 1 stored no payloads for ${request.gameDate}: nothing to load` };
    }
    const results: Array<{ outcome: RawLoadOutcome } | { failure: string }> = new Array(payloads.length);
    const byTable = new Map<string, number[]>();
    payloads.forEach(({ scraper }, index) => {
      const table = this.loader.tableFor(scraper);
      byTable.set(table, [...(byTable.get(table) ?? []), index]);
    });
    await Promise.all(
      [...byTable.values()].map(async (indexes) => {
        for (const index of indexes) {
          const { scraper, payload_path: path } = payloads[index];
          try {
            const outcome = await this.loader.load(path, scraper, request.gameDate, request.correlationId, (loaded) => this.publishCompletion(loaded, request));
            results[index] = { outcome };
          } catch (error) {
            results[index] = { failure: `${path}: ${(error as Error).message}` };
          }
        }
      }),
    );
    const loaded = results.flatMap((result) => ('outcome' in result ? [result.outcome] : []));
    const failed = results.flatMap((result) => ('failure' in result ? [result.failure] : []));
    if (loaded.length === 0) throw new Error(`none of the ${payloads.length} payloads of ${request.gameDate} loaded: ${failed.join('; ')}`);
    const rows = loaded.reduce((sum, outcome) => sum + outcome.rows, 0);
    const perProcessor = new Map<string, number>();
    for (const outcome of loaded) perProcessor.set(outcome.processor, (perProcessor.get(outcome.processor) ?? 0) + outcome.rows);
    const summary = [...perProcessor].map(([processor, count]) => `${processor} ${count}`).join(', ');
    const partial = failed.length > 0 || loaded.some((outcome) => outcome.status === 'partial');
    return {
      status: partial ? 'partial' : rows === 0 ? 'no_data' : 'success',
      records: rows,
      degraded: partial,
      detail: `loaded ${loaded.length} of ${payloads.length} payloads (${summary})${failed.length > 0 ? `; failed: ${failed.join('; ')}` : ''}`,
    };
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
