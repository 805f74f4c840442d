import { ScraperSource } from '@lib/messaging';
import type { QueryParams } from '@lib/resilience';
import type { UpstreamProvider } from '../upstreams/upstream-providers';

export type ScrapeStatus = 'success' | 'no_data' | 'partial';

export interface ScrapeRequestOptions {
  params?: QueryParams;
  headers?: Record<string, string>;
  /** 'text' for files that are not JSON (BigDataBall's CSVs, HTML pages); 'bytes' for binary files (PDFs). */
  responseType?: 'json' | 'text' | 'bytes';
  /** One attempt only, no retries: a request asked ahead of need, asked again with retries if it comes to be needed. */
  singleAttempt?: boolean;
}

/** What a scraper may ask of its provider's client. */
export interface ScrapeHttp {
  /** The answer and the URL it came from (secrets redacted). */
  get<T>(path: string, options?: ScrapeRequestOptions): Promise<{ data: T; url: string }>;
}

export interface ScrapeContext {
  gameDate: string;
  runId: string;
  correlationId: string;
  backfillMode: boolean;
  /** Set for per-game scrapers: the NBA.com game id. */
  gameId?: string;
  /** The upstream's own id for the game when it is not the NBA.com one (ESPN event, Odds API event). */
  upstreamGameId?: string;
  /** The provider's resilient client; it tallies attempts and statuses for the execution log. */
  http: ScrapeHttp;
}

/** A game as a source lists it; sources agree on a game by its matchup key (date, away @ home). */
export interface ListedGame {
  matchupKey: string;
  /** The NBA.com game id when the source carries it. */
  nbaGameId?: string;
  /** The source's own id for the game. */
  upstreamGameId: string;
  tipoffUtc?: string;
  /** True once the source reports the game final. */
  isFinal?: boolean;
}

/** A file kept as the upstream sent it, beside the JSON payload (the injury report's PDF). */
export interface ScrapeAttachment {
  /** The file's extension: it is stored at the payload's path with this extension instead of .json. */
  extension: string;
  contentType: string;
  content: Buffer;
  /** Where it came from (secrets redacted). */
  sourceUrl: string;
}

export interface ScrapeResult {
  status: ScrapeStatus;
  records: number;
  /** The games this payload covers, for the expected-versus-got comparison with the schedule. */
  games?: ListedGame[];
  /** The upstream's response(s), stored as they came. */
  payload: unknown;
  /** Game ids or page cursors expected and not fetched. */
  missing?: string[];
  resumeCursor?: string;
  detail?: string;
  /** Stored before the payload; the payload's envelope lists their paths. */
  attachments?: ScrapeAttachment[];
}

/** One upstream endpoint: what it is called, where it lives, and how to fetch it for a date or a game. */
export interface Scraper {
  readonly name: string;
  readonly source: ScraperSource;
  readonly endpoint: string;
  readonly provider: UpstreamProvider;
  readonly scope: 'date' | 'game';
  scrape(context: ScrapeContext): Promise<ScrapeResult>;
}

export const SCRAPERS = Symbol('SCRAPERS');
