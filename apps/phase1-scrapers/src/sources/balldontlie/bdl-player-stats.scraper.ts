import { collectCursorPages } from '@lib/resilience';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';
import { BDL_PAGE_SIZE, BdlGame, BdlPage, listBdlGame } from './balldontlie.shapes';

interface BdlStat {
  id: number;
  game: BdlGame;
}

/**
 * balldontlie player stats for a date, page by page. A failure mid-way keeps the pages already
 * fetched, stores them as 'partial' and records the cursor to resume from.
 */
export class BdlPlayerStatsScraper implements Scraper {
  readonly name = 'bdl_player_stats';
  readonly source = 'balldontlie' as const;
  readonly endpoint = 'stats';
  readonly provider = 'balldontlie' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const pages = await collectCursorPages<BdlStat>(async (cursor) => {
      const { data } = await http.get<BdlPage<BdlStat>>('/nba/v1/stats', {
        params: { 'dates[]': [gameDate], per_page: BDL_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
      });
      return { items: data.data, nextCursor: data.meta?.next_cursor == null ? null : String(data.meta.next_cursor) };
    });
    if (!pages.complete && pages.items.length === 0) throw pages.error ?? new Error('no page of stats could be fetched');
    const games = new Map(pages.items.map((stat) => [stat.game.id, listBdlGame({ ...stat.game, date: stat.game.date ?? gameDate })]));
    return {
      status: !pages.complete ? 'partial' : pages.items.length > 0 ? 'success' : 'no_data',
      records: pages.items.length,
      games: [...games.values()],
      missing: pages.complete ? [] : [`cursor:${pages.resumeCursor ?? 'start'}`],
      resumeCursor: pages.resumeCursor,
      detail: pages.complete ? undefined : `stopped after ${pages.pagesFetched} pages: ${pages.error?.message}`,
      payload: { data: pages.items, meta: { pages_fetched: pages.pagesFetched, complete: pages.complete, resume_cursor: pages.resumeCursor ?? null } },
    };
  }
}
