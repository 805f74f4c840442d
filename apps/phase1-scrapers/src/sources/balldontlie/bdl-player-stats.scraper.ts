import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';
import { BdlGame, listBdlGame, scrapeBdlPages } from './balldontlie.shapes';

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

  scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    return scrapeBdlPages<BdlStat>(http, '/nba/v1/stats', gameDate, (stats) => [
      ...new Map(stats.map((stat) => [stat.game.id, listBdlGame({ ...stat.game, date: stat.game.date ?? gameDate })])).values(),
    ]);
  }
}
