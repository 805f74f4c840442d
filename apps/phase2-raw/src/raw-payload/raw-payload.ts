import { UnprocessableMessageError } from '@lib/platform';
import { PayloadShape } from './payload-shape';

/** A stored phase 1 payload: the envelope ScraperRunner writes around the upstream's own response. */
export interface RawPayload {
  path: string;
  scraper: string;
  source: string;
  endpoint: string;
  gameDate: string;
  gameId: string | null;
  fallbackFor: string | null;
  runId: string;
  fetchedAt: string;
  status: string;
  /** What phase 1 expected and did not get: NBA.com game ids, or `cursor:<c>` for unfinished pages. */
  missing: string[];
  /** The upstream response exactly as fetched; null in a no_data payload that had nothing to keep. */
  data: PayloadShape;
}

/** Parses and checks the envelope; the upstream body under `data` is read by the processor. */
export function readRawPayload(bytes: Buffer, path: string): RawPayload {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new UnprocessableMessageError(`payload ${path} is not JSON (${bytes.length} bytes): ${(error as Error).message}`);
  }
  const envelope = new PayloadShape(json, 'payload');
  const fetchedAt = envelope.field('fetched_at').string();
  if (Number.isNaN(Date.parse(fetchedAt))) throw new UnprocessableMessageError(`payload ${path}: fetched_at ${fetchedAt} is not a timestamp`);
  const status = envelope.field('status').nonEmptyString();
  if (!envelope.has('data') && status !== 'no_data') {
    throw new UnprocessableMessageError(`payload ${path} says ${status} but has no data: the scraper stored nothing to load`);
  }
  return {
    path,
    scraper: envelope.field('scraper').nonEmptyString(),
    source: envelope.field('source').nonEmptyString(),
    endpoint: envelope.field('endpoint').nonEmptyString(),
    gameDate: envelope.field('game_date').nonEmptyString(),
    gameId: envelope.field('game_id').optionalString(),
    fallbackFor: envelope.field('fallback_for').optionalString(),
    runId: envelope.field('run_id').nonEmptyString(),
    fetchedAt,
    status,
    missing: envelope.has('missing') ? envelope.field('missing').items().map((item) => item.string()) : [],
    data: envelope.field('data'),
  };
}
