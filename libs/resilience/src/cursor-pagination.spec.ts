import { collectCursorPages, CursorPage } from './cursor-pagination';
import { UpstreamRequestError } from './upstream-request.error';

const gatewayError = new UpstreamRequestError({
  provider: 'balldontlie', url: 'https://api.balldontlie.io/nba/v1/stats?cursor=c2', kind: 'http', status: 502, attempts: 4, statusesSeen: [502, 502, 502, 502], reason: 'HTTP 502',
});

/** Pages by cursor: undefined → page 1, 'c1' → page 2, ...; a page listed in `failing` throws. */
function pagesOf(pages: number[][], failing: Record<string, Error> = {}) {
  const cursorsAsked: Array<string | undefined> = [];
  const fetchPage = async (cursor: string | undefined): Promise<CursorPage<number>> => {
    cursorsAsked.push(cursor);
    const failure = failing[cursor ?? 'start'];
    if (failure) throw failure;
    const index = cursor === undefined ? 0 : Number(cursor.slice(1));
    return { items: pages[index], nextCursor: index + 1 < pages.length ? `c${index + 1}` : null };
  };
  return { fetchPage, cursorsAsked };
}

describe('collectCursorPages', () => {
  it('follows cursors to the last page', async () => {
    const { fetchPage, cursorsAsked } = pagesOf([[1, 2], [3, 4], [5]]);

    await expect(collectCursorPages(fetchPage)).resolves.toEqual({ items: [1, 2, 3, 4, 5], pagesFetched: 3, complete: true });
    expect(cursorsAsked).toEqual([undefined, 'c1', 'c2']);
  });

  it('keeps pages 1 and 2 when page 3 fails, with the error and the cursor to resume from', async () => {
    const { fetchPage } = pagesOf([[1, 2], [3, 4], [5], [6]], { c2: gatewayError });

    const collected = await collectCursorPages(fetchPage);

    expect(collected).toEqual({ items: [1, 2, 3, 4], pagesFetched: 2, complete: false, resumeCursor: 'c2', error: gatewayError });
  });

  it('resumes from that cursor and fetches only what was missing', async () => {
    const { fetchPage, cursorsAsked } = pagesOf([[1, 2], [3, 4], [5], [6]]);

    const rest = await collectCursorPages(fetchPage, { startCursor: 'c2' });

    expect(rest).toEqual({ items: [5, 6], pagesFetched: 2, complete: true });
    expect(cursorsAsked).toEqual(['c2', 'c3']);
  });

  it('reports a failed first page as nothing fetched, to be resumed from the start', async () => {
    const { fetchPage } = pagesOf([[1]], { start: gatewayError });

    await expect(collectCursorPages(fetchPage)).resolves.toEqual({ items: [], pagesFetched: 0, complete: false, resumeCursor: undefined, error: gatewayError });
  });

  it('stops at maxPages as incomplete, without an error, ready to resume', async () => {
    const { fetchPage } = pagesOf([[1], [2], [3]]);

    await expect(collectCursorPages(fetchPage, { maxPages: 2 })).resolves.toEqual({ items: [1, 2], pagesFetched: 2, complete: false, resumeCursor: 'c2' });
  });

  it('stops instead of looping when the upstream hands back the cursor it was given', async () => {
    const collected = await collectCursorPages(async (cursor) => ({ items: [cursor ?? 'first'], nextCursor: 'same' }));

    expect(collected).toMatchObject({ items: ['first', 'same'], pagesFetched: 2, complete: false, resumeCursor: 'same' });
    expect(collected.error?.message).toMatch(/did not advance/);
  });

  it('turns a thrown non-Error into an Error rather than dropping it', async () => {
    const collected = await collectCursorPages(() => Promise.reject('socket gone'));

    expect(collected.error).toBeInstanceOf(Error);
    expect(collected.error?.message).toContain('socket gone');
  });
});
