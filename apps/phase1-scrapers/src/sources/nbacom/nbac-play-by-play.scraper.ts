import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface PlayByPlayV3 {
  game: { gameId: string; actions: unknown[] };
}

/** NBA.com stats play-by-play v3 for one game: the fallback when BigDataBall has not released a file. */
export class NbacPlayByPlayScraper implements Scraper {
  readonly name = 'nbac_play_by_play_v3';
  readonly source = 'nbacom' as const;
  readonly endpoint = 'play_by_play_v3';
  readonly provider = 'nba_stats' as const;
  readonly scope = 'game' as const;

  async scrape({ gameId, http }: ScrapeContext): Promise<ScrapeResult> {
    if (!gameId) throw new Error(`${this.name} needs a game id`);
    const { data } = await http.get<PlayByPlayV3>('/stats/playbyplayv3', { params: { GameID: gameId, StartPeriod: 0, EndPeriod: 0 } });
    const actions = data.game?.actions?.length ?? 0;
    return { status: actions > 0 ? 'success' : 'no_data', records: actions, payload: data };
  }
}
