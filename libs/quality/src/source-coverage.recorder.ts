import { Inject, Injectable } from '@nestjs/common';
import { sourceCoverageEventsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface SourceCoverageEvent {
  processor: string;
  source: string;
  gameId: string;
  gameDate: string;
  available: boolean;
  /** The source that stood in when this one did not have the game. */
  fallbackUsed?: string;
  rows?: number;
  detail?: string;
}

/**
 * The one way every processor records source coverage: for each game, whether a source had it and
 * which fallback stood in. Keyed by processor, source, game and date, so a rerun replaces its events.
 */
@Injectable()
export class SourceCoverageRecorder {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async record(phase: string, runId: string, events: readonly SourceCoverageEvent[], recordedAt: Date): Promise<void> {
    if (events.length === 0) return;
    await this.warehouse.upsert(
      sourceCoverageEventsTable,
      events.map((event) => ({
        processor: event.processor,
        source: event.source,
        game_id: event.gameId,
        game_date: event.gameDate,
        phase,
        available: event.available,
        fallback_used: event.fallbackUsed ?? null,
        rows: event.rows ?? null,
        detail: event.detail ?? null,
        run_id: runId,
        recorded_at: recordedAt.toISOString(),
      })),
    );
  }
}
