import type { SourceCoverageEvent } from '@lib/quality';
import type { TableDefinition } from '@lib/warehouse';
import type { RawPayload } from '../raw-payload/raw-payload';
import type { SetAsideRecord } from './unmappable-records';

export type RawRow = Record<string, unknown>;

export interface RawRows {
  /** Rows without lineage; the loader adds source_path, scrape_run_id and fetched_at. */
  rows: RawRow[];
  /** Per game: did this source have it (recorded through the shared coverage mechanism). */
  coverage?: Array<Omit<SourceCoverageEvent, 'processor' | 'gameDate'>>;
  /** What the processor noticed and skipped, for the operator. */
  detail?: string;
  /** Records that could not be mapped (a non-NBA club, an undecided team, a nameless player), each with its reason; the rest loaded. */
  setAside?: SetAsideRecord[];
}

/** Turns one scraper's payload into rows of one raw table. Pure: reading and writing is the loader's job. */
export interface RawProcessor {
  /** As declared in RAW_PROCESSORS (libs/quality). */
  readonly name: string;
  readonly table: TableDefinition;
  toRows(payload: RawPayload): RawRows;
}
