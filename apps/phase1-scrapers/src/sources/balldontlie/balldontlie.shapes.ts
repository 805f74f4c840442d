import { matchupKey } from '@lib/identity';
import { collectCursorPages } from '@lib/resilience';
import { ListedGame, ScrapeHttp, ScrapeResult } from '../../scraping/scraper';

/** The parts of balldontlie's NBAGame (openapi_nba.yml) the scrapers read. */
export interface BdlGame {
  id: number;
  date: string;
  datetime?: string | null;
  status: string;
  home_team: { abbreviation: string };
  visitor_team: { abbreviation: string };
}

export interface BdlPage<T> {
  data: T[];
  meta?: { next_cursor?: number | string | null; per_page?: number };
}

export function listBdlGame(game: BdlGame): ListedGame {
  return {
    matchupKey: matchupKey(game.date.slice(0, 10), game.home_team.abbreviation, game.visitor_team.abbreviation, 'balldontlie'),
    upstreamGameId: String(game.id),
    tipoffUtc: game.datetime ?? undefined,
    isFinal: game.status === 'Final',
  };
}

export const BDL_PAGE_SIZE = 100;

/**
 * Fetches every cursor page of a balldontlie list for a date. A failure part-way keeps the pages
 * already fetched: the result is 'partial', names the cursor to resume from, and says where it stopped;
 * only a failure before the first page is an error.
 */
export async function scrapeBdlPages<T>(
  http: ScrapeHttp,
  path: string,
  gameDate: string,
  gamesOf: (items: T[]) => ListedGame[],
): Promise<ScrapeResult> {
  const pages = await collectCursorPages<T>(async (cursor) => {
    const { data } = await http.get<BdlPage<T>>(path, {
      params: { 'dates[]': [gameDate], per_page: BDL_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
    });
    return { items: data.data, nextCursor: data.meta?.next_cursor == null ? null : String(data.meta.next_cursor) };
  });
  if (!pages.complete && pages.items.length === 0) throw pages.error ?? new Error(`no page of ${path} could be fetched`);
  return {
    status: !pages.complete ? 'partial' : pages.items.length > 0 ? 'success' : 'no_data',
    records: pages.items.length,
    games: gamesOf(pages.items),
    missing: pages.complete ? [] : [`cursor:${pages.resumeCursor ?? 'start'}`],
    resumeCursor: pages.resumeCursor,
    detail: pages.complete ? undefined : `stopped after ${pages.pagesFetched} pages: ${pages.error?.message}`,
    payload: { data: pages.items, meta: { pages_fetched: pages.pagesFetched, complete: pages.complete, resume_cursor: pages.resumeCursor ?? null } },
  };
}
