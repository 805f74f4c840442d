import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';
import { BdlStat, listBdlStatGames, scrapeBdlPages } from './balldontlie.shapes';

/**
 * balldontlie player stats for a date, page by page. Each line's game is flat (team ids, no team
 * objects); the games are named from the lines' own teams. A failure mid-way keeps the pages already
 * fetched, stores them as 'partial' and records the cursor to resume from.
 */
export class BdlPlayerStatsScraper implements Scraper {
  readonly name = 'bdl_player_stats';
  readonly source = 'balldontlie' as const;
  readonly endpoint = 'stats';
  readonly provider = 'balldontlie' as const;
  readonly scope = 'date' as const;

  scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    return scrapeBdlPages<BdlStat>(http, '/nba/v1/stats', gameDate, (stats) => listBdlStatGames(stats, gameDate));
  }
}
