import { collectCursorPages } from '@lib/resilience';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';
import { BDL_PAGE_SIZE, BdlGame, BdlPage, listBdlGame } from './balldontlie.shapes';

/** balldontlie games for a date (cursor pages kept even when a later page fails). */
export class BdlGamesScraper implements Scraper {
  readonly name = 'bdl_games';
  readonly source = 'balldontlie' as const;
  readonly endpoint = 'games';
  readonly provider = 'balldontlie' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const pages = await collectCursorPages<BdlGame>(async (cursor) => {
      const { data } = await http.get<BdlPage<BdlGame>>('/nba/v1/games', {
        params: { 'dates[]': [gameDate], per_page: BDL_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      });
      return { items: data.data, nextCursor: data.meta?.next_cursor == null ? null : String(data.meta.next_cursor) };
    });
    if (!pages.complete && pages.items.length === 0) throw pages.error ?? new Error('no page of games could be fetched');
    return {
      status: !pages.complete ? 'partial' : pages.items.length > 0 ? 'success' : 'no_data',
      records: pages.items.length,
      games: pages.items.map(listBdlGame),
      missing: pages.complete ? [] : [`cursor:${pages.resumeCursor ?? 'start'}`],
      resumeCursor: pages.resumeCursor,
      detail: pages.complete ? undefined : `stopped after ${pages.pagesFetched} pages: ${pages.error?.message}`,
      payload: { data: pages.items, meta: { pages_fetched: pages.pagesFetched, complete: pages.complete } },
    };
  }
}
