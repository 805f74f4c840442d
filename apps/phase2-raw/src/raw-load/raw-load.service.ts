import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { StoredPayloadReference } from '@lib/messaging';
import { Clock, CLOCK, ProcessorRunRecord, ProcessorRunRepository, UnprocessableMessageError } from '@lib/platform';
import { SourceCoverageRecorder, UnknownProcessorError } from '@lib/quality';
import { OBJECT_STORE, ObjectNotFoundError, ObjectStore } from '@lib/storage';
import { qualifiedName, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { RawProcessors } from '../processors/raw-processors';
import { RawProcessor, RawRow, RawRows } from '../processors/raw-processor';
import { SetAsideRecord, setAsideSummary } from '../processors/unmappable-records';
import { RawPayload, readRawPayload } from '../raw-payload/raw-payload';

/** A payload read, checked and shaped into rows, not yet written. */
interface PreparedLoad {
  record: ProcessorRunRecord;
  /** Settles to the error the start row's write failed with, or null. */
  startLogged: Promise<unknown>;
  processor: RawProcessor;
  path: string;
  payload: RawPayload;
  rows: RawRow[];
  coverage: NonNullable<RawRows['coverage']>;
  detail?: string;
  setAside: SetAsideRecord[];
}

export interface RawLoadOutcome {
  runId: string;
  processor: string;
  table: string;
  path: string;
  payload: RawPayload;
  status: 'success' | 'partial' | 'no_data';
  rows: number;
  detail: string;
}

/**
 * Loads one stored payload into its raw table: read it from the object store, check its shape
 * completely before writing anything (a bad payload is refused whole, never half-loaded), upsert
 * by natural key, record source coverage, and log the run in processor_runs.
 */
@Injectable()
export class RawLoadService {
  private readonly logger = new Logger(RawLoadService.name);

  constructor(
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly processors: RawProcessors,
    private readonly runs: ProcessorRunRepository,
    private readonly coverage: SourceCoverageRecorder,
  ) {}

  /**
   * `announce` (the completion message) goes out while the row saying how the load ended is written:
   * the rows are in the raw table by then, and phase 3 need not wait for the log's turn at the writer.
   * Either failing fails the call once both have settled.
   */
  async load(path: string, scraper: string, gameDate: string, correlationId: string, announce: (outcome: RawLoadOutcome) => Promise<void>): Promise<RawLoadOutcome> {
    const prepared = await this.prepare({ path, scraper }, gameDate, correlationId);
    try {
      if (prepared.rows.length > 0) await this.warehouse.upsert(prepared.processor.table, prepared.rows);
    } catch (error) {
      return this.fail(prepared, error);
    }
    return this.settle(prepared, announce);
  }

  /**
   * Payloads of one raw table, in fetch order, with their rows in one upsert: the rows of a later
   * payload repeating a natural key replace the earlier one's, as loading them one after the other
   * would. A payload that cannot be read or checked fails alone; if the combined upsert fails, each
   * payload's rows are upserted alone, in order, so each load hears its own outcome. Nothing is
   * announced per load: the caller reports the date's loads together.
   */
  async loadTable(payloads: readonly StoredPayloadReference[], gameDate: string, correlationId: string): Promise<Array<{ outcome: RawLoadOutcome } | { failure: string; error: unknown }>> {
    const prepared = await Promise.all(
      payloads.map((payload) =>
        this.prepare(payload, gameDate, correlationId).then(
          (load) => ({ load }),
          (error: unknown) => ({ failure: `${payload.path}: ${(error as Error).message}`, error }),
        ),
      ),
    );
    const loads = prepared.flatMap((entry) => ('load' in entry ? [entry.load] : []));
    const written = new Map<PreparedLoad, unknown>();
    try {
      const rows = loads.flatMap((load) => load.rows);
      if (rows.length > 0) await this.warehouse.upsert(loads[0].processor.table, rows);
    } catch (combined) {
      this.logger.warn(`the ${loads.length} payloads for ${loads[0].processor.table.name} of ${gameDate} did not upsert together (${(combined as Error).message}); upserting each alone`);
      for (const load of loads) {
        if (load.rows.length === 0) continue;
        await this.warehouse.upsert(load.processor.table, load.rows).catch((error: unknown) => written.set(load, error));
      }
    }
    return Promise.all(
      prepared.map(async (entry) => {
        if (!('load' in entry)) return entry;
        const { load } = entry;
        try {
          if (written.has(load)) await this.fail(load, written.get(load));
          return { outcome: await this.settle(load, async () => undefined) };
        } catch (error) {
          return { failure: `${load.path}: ${(error as Error).message}`, error };
        }
      }),
    );
  }

  /** Reads and checks a payload and shapes its rows (nothing written but the run's start row); a failure is logged as the run's end and thrown. */
  private async prepare({ path, scraper }: StoredPayloadReference, gameDate: string, correlationId: string): Promise<PreparedLoad> {
    const started = this.clock.now();
    const record: ProcessorRunRecord = {
      run_id: randomUUID(),
      phase: 'phase2',
      processor: scraper,
      game_date: gameDate,
      status: 'running',
      rows_written: null,
      target_table: null,
      source_path: path,
      duration_ms: null,
      detail: null,
      error: null,
      correlation_id: correlationId,
      started_at: started.toISOString(),
      finished_at: null,
    };
    // The start row is written while the payload is read and checked (one wait for the write lock less
    // per load); it is awaited before the row saying how the run ended, so that one always lands last.
    let startLogged: Promise<unknown> = Promise.resolve(null);
    try {
      const processor = this.processorFor(scraper);
      Object.assign(record, { processor: processor.name, target_table: qualifiedName(processor.table) });
      startLogged = this.runs.save({ ...record }).then(() => null, (error: unknown) => error);
      const payload = readRawPayload(await this.read(path), path);
      if (payload.scraper !== scraper) {
        throw new UnprocessableMessageError(`payload ${path} was written by ${payload.scraper}, but the message says ${scraper}`);
      }
      const nothingStored = payload.data.value === null || payload.data.value === undefined;
      const { rows, coverage, detail, setAside = [] } = nothingStored ? { rows: [], coverage: [], detail: 'phase 1 found nothing to keep (no_data)' } : processor.toRows(payload);
      const lineage = { source_path: path, scrape_run_id: payload.runId, fetched_at: payload.fetchedAt };
      return { record, startLogged, processor, path, payload, rows: rows.map((row) => ({ ...row, ...lineage })), coverage: coverage ?? [], detail, setAside };
    } catch (error) {
      return this.fail({ record, startLogged, path, scraper }, error);
    }
  }

  /** After the rows are written: source coverage, then the run's end row and `announce` side by side. */
  private async settle(load: PreparedLoad, announce: (outcome: RawLoadOutcome) => Promise<void>): Promise<RawLoadOutcome> {
    const { record, processor, payload, path, rows, detail, setAside } = load;
    let outcome: RawLoadOutcome;
    try {
      const notFetched = payload.missing
        .filter((id) => !id.startsWith('cursor:'))
        .map((gameId) => ({ source: payload.source, gameId, available: false, rows: 0, detail: 'expected by phase 1 and not in the payload' }));
      const setAsideEvents = setAside.map((aside) => ({ source: payload.source, gameId: aside.key, available: false, rows: 0, detail: `set aside: ${aside.reason}` }));
      const setAsideDetail = setAsideSummary(setAside);
      if (setAsideDetail) this.logger.warn(`${processor.name} for ${payload.gameDate} (${path}): ${setAsideDetail}`);
      await this.coverage.record(
        'phase2',
        record.run_id,
        [...load.coverage, ...notFetched, ...setAsideEvents].map((event) => ({ ...event, processor: processor.name, gameDate: payload.gameDate })),
        this.clock.now(),
      );
      const status = rows.length === 0 ? 'no_data' : payload.status === 'partial' ? 'partial' : 'success';
      await throwIfFailed(load.startLogged);
      const said = `${rows.length} rows into ${qualifiedName(processor.table)} from ${path}${payload.status === 'partial' ? ' (phase 1 stored a partial payload)' : ''}${detail ? `; ${detail}` : ''}${setAsideDetail ? `; ${setAsideDetail}` : ''}`;
      outcome = { runId: record.run_id, processor: processor.name, table: qualifiedName(processor.table), path, payload, status, rows: rows.length, detail: said };
    } catch (error) {
      return this.fail(load, error);
    }
    const ended = { status: outcome.status, rows_written: outcome.rows, detail: outcome.detail };
    const [logged, announced] = await Promise.allSettled([this.runs.finish(record, ended, this.clock.now()), announce(outcome)]);
    if (logged.status === 'rejected') throw logged.reason;
    if (announced.status === 'rejected') throw announced.reason;
    return outcome;
  }

  /** Logs the load as failed (after its start row) and rethrows. */
  private async fail(load: Pick<PreparedLoad, 'record' | 'startLogged' | 'path'> & { scraper?: string }, error: unknown): Promise<never> {
    const message = (error as Error).message;
    this.logger.error(`loading ${load.path} (${load.scraper ?? load.record.processor}) for ${load.record.game_date} failed: ${message}`);
    await load.startLogged;
    await this.runs.finish(load.record, { status: 'failed', error: message.slice(0, 4000) }, this.clock.now());
    throw error;
  }

  /** The raw table a scraper's payloads load into, or the scraper's own name when no processor knows it (its load then fails alone). */
  tableFor(scraper: string): string {
    try {
      return qualifiedName(this.processors.forScraper(scraper).table);
    } catch (error) {
      if (error instanceof UnknownProcessorError) return `unknown:${scraper}`;
      throw error;
    }
  }

  private processorFor(scraper: string) {
    try {
      return this.processors.forScraper(scraper);
    } catch (error) {
      if (error instanceof UnknownProcessorError) throw new UnprocessableMessageError(error.message, { cause: error });
      throw error;
    }
  }

  private async read(path: string): Promise<Buffer> {
    try {
      return await this.store.read(path);
    } catch (error) {
      if (error instanceof ObjectNotFoundError) {
        throw new UnprocessableMessageError(`payload ${this.store.uri(path)} does not exist in the object store`, { cause: error });
      }
      throw error;
    }
  }
}

/** Rethrows the error a settled start write resolved to (see load()). */
async function throwIfFailed(logged: Promise<unknown>): Promise<void> {
  const error = await logged;
  if (error) throw error;
}
