import { UpstreamRequestError } from './upstream-request.error';

export interface CursorPage<T> {
  items: T[];
  /** Absent, null or empty on the last page. */
  nextCursor?: string | null;
}

export interface CursorPagesOptions {
  /** Stop after this many pages even if the upstream has more; the result is then incomplete, with no error. */
  maxPages?: number;
  /** Where to start: the resumeCursor of an earlier incomplete run. */
  startCursor?: string;
}

export interface CollectedPages<T> {
  items: T[];
  pagesFetched: number;
  complete: boolean;
  /** The cursor to pass as startCursor to fetch what is missing; absent when the first page itself is missing. */
  resumeCursor?: string;
  /** Why the collection stopped early; absent when complete or stopped by maxPages. */
  error?: UpstreamRequestError | Error;
}

/**
 * Follows cursors until the last page. A failure part-way does not throw away the pages already
 * fetched: it returns them with complete=false, the error, and the cursor to resume from, so the
 * caller decides whether partial data is worth keeping rather than losing it by default.
 */
export async function collectCursorPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>,
  options: CursorPagesOptions = {},
): Promise<CollectedPages<T>> {
  const items: T[] = [];
  let pagesFetched = 0;
  let cursor = options.startCursor;
  for (;;) {
    if (options.maxPages !== undefined && pagesFetched >= options.maxPages) {
      return { items, pagesFetched, complete: false, resumeCursor: cursor };
    }
    let page: CursorPage<T>;
    try {
      page = await fetchPage(cursor);
    } catch (error) {
      return { items, pagesFetched, complete: false, resumeCursor: cursor, error: asError(error) };
    }
    items.push(...page.items);
    pagesFetched += 1;
    const nextCursor = page.nextCursor;
    if (nextCursor === undefined || nextCursor === null || nextCursor === '') {
      return { items, pagesFetched, complete: true };
    }
    if (nextCursor === cursor) {
      // An upstream that hands back the cursor it was given would otherwise be paged forever.
      return {
        items,
        pagesFetched,
        complete: false,
        resumeCursor: nextCursor,
        error: new Error(`cursor pagination did not advance: page ${pagesFetched} returned its own cursor ${JSON.stringify(nextCursor)} as the next one`),
      };
    }
    cursor = nextCursor;
  }
}

function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(`page fetch failed with a non-Error value: ${String(thrown)}`);
}
