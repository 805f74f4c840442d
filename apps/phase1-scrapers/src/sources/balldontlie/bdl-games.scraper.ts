import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';
import { BdlGame, listBdlGames, scrapeBdlPages } from './balldontlie.shapes';

/** balldontlie games for a date (cursor pages kept even when a later page fails). */
export class BdlGamesScraper implements Scraper {
  readonly name = 'bdl_games';
  readonly source = 'balldontlie' as const;
  readonly endpoint = 'games';
  readonly provider = 'balldontlie' as const;
  readonly scope = 'date' as const;

  scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    return scrapeBdlPages<BdlGame>(http, '/nba/v1/games', gameDate, (games) => listBdlGames(games, gameDate));
  }
}
