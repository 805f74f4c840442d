import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';

export interface BdbReleasedFile {
  name: string;
  game_id: string;
  released_at: string;
}

/**
 * BigDataBall play-by-play: files that appear in a folder some hours after each game. Lists the
 * date's released files and fetches each; games without a file yet are reported missing.
 */
export class BdbPlayByPlayScraper implements Scraper {
  readonly name = 'bdb_play_by_play';
  readonly source = 'bigdataball' as const;
  readonly endpoint = 'play_by_play';
  readonly provider = 'bigdataball' as const;
  readonly scope = 'date' as const;

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const { data } = await http.get<{ files: BdbReleasedFile[] }>('/files', { params: { date: gameDate } });
    const files: Array<BdbReleasedFile & { csv: string }> = [];
    for (const file of data.files) {
      const { data: csv } = await http.get<string>(`/files/${encodeURIComponent(file.name)}`, { responseType: 'text' });
      files.push({ ...file, csv });
    }
    const rows = files.reduce((sum, file) => sum + Math.max(file.csv.trim().split('\n').length - 1, 0), 0);
    return {
      status: files.length > 0 ? 'success' : 'no_data',
      records: rows,
      games: files.map((file) => ({ matchupKey: `nba:${file.game_id}`, nbaGameId: file.game_id, upstreamGameId: file.name })),
      payload: { files },
    };
  }
}
