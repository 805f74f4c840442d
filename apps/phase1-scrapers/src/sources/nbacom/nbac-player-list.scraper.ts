import { seasonLabelOf } from '@lib/messaging';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

interface CommonAllPlayers {
  resultSets: Array<{ name: string; headers: string[]; rowSet: unknown[][] }>;
}

/**
 * NBA.com stats commonallplayers for the season, current players only: every rostered player's
 * NBA.com person id and team. Phase 3 takes player ids from it for sources that have none of their
 * own (balldontlie, ESPN). The endpoint has no date: it is today's rosters, whatever date it is run for.
 */
export class NbacPlayerListScraper implements Scraper {
  readonly name = 'nbac_player_list';
  readonly source = 'nbacom' as const;
  readonly endpoint = 'player_list';
  readonly provider = 'nba_stats' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const season = seasonLabelOf(gameDate);
    const { data } = await http.get<CommonAllPlayers>('/stats/commonallplayers', { params: { LeagueID: '00', Season: season, IsOnlyCurrentSeason: 1 } });
    const players = data.resultSets.find((set) => set.name === 'CommonAllPlayers');
    if (!players) throw new Error(`commonallplayers for ${season} has no CommonAllPlayers result set (got ${data.resultSets.map((set) => set.name).join(', ') || 'none'})`);
    return {
      status: players.rowSet.length > 0 ? 'success' : 'no_data',
      records: players.rowSet.length,
      payload: data,
      detail: `${players.rowSet.length} players of ${season}`,
    };
  }
}
