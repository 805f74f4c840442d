import { matchupKey } from '@lib/identity';
import { Clock } from '@lib/platform';
import { UpstreamRequestError } from '@lib/resilience';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';
import { easternDate } from '../../workflows/workflow-decisions';
import { parseRefereeAssignments, RefereeAssignmentRow } from './referee-assignments.parser';

const PAGE_PATH = '/referee-assignments/';

/** The JSON payload (`data` of the stored envelope) of one referee assignments run. */
export interface RefereeAssignmentsPayload {
  url: string;
  /** The date the assignments are for (YYYY-MM-DD). */
  page_date: string;
  /** 'page' when the page prints its date; 'fetch_time' when it does not and the US Eastern date of the fetch is taken. */
  page_date_source: 'page' | 'fetch_time';
  page_date_printed: string | null;
  /** Headings of every assignments table on the page; only the NBA one is read. */
  leagues: string[];
  games: number;
  /** Empty when the page is for another date than the one asked for. */
  rows: RefereeAssignmentRow[];
}

/**
 * official.nba.com's referee assignments: the day's crews, posted each morning (about 9 AM ET). The
 * page only ever shows the current day, so a run for another date stores nothing of it and says so.
 */
export class NbacRefereeAssignmentsScraper implements Scraper {
  readonly name = 'nbac_referee_assignments';
  readonly source = 'nbacom' as const;
  readonly endpoint = 'referee_assignments';
  readonly provider = 'nba_officials' as const;
  readonly scope = 'date' as const;

  constructor(private readonly clock: Clock) {}

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const fetchedAt = this.clock.now();
    let page: { data: string; url: string };
    try {
      page = await http.get<string>(PAGE_PATH, { responseType: 'text' });
    } catch (error) {
      if (error instanceof UpstreamRequestError && error.kind === 'http' && error.status === 404) {
        return { status: 'no_data', records: 0, payload: null, detail: `no referee assignments published: ${error.url} answered HTTP 404` };
      }
      throw error;
    }
    const parsed = parseRefereeAssignments(page.data);
    const pageDate = parsed.pageDate ?? easternDate(fetchedAt);
    const forThisDate = pageDate === gameDate;
    const payload: RefereeAssignmentsPayload = {
      url: page.url,
      page_date: pageDate,
      page_date_source: parsed.pageDate ? 'page' : 'fetch_time',
      page_date_printed: parsed.pageDatePrinted,
      leagues: parsed.leagues,
      games: forThisDate ? parsed.games : 0,
      rows: forThisDate ? parsed.rows : [],
    };
    if (!forThisDate) {
      return { status: 'no_data', records: 0, payload, detail: `the page shows the assignments of ${pageDate}, not ${gameDate} (it only shows the current day)` };
    }
    const games = [...new Map(parsed.rows.map((row) => [row.matchup, row])).values()];
    return {
      status: parsed.rows.length > 0 ? 'success' : 'no_data',
      records: parsed.rows.length,
      games: games.map((row) => ({ matchupKey: matchupKey(gameDate, row.home_team, row.away_team, 'official.nba.com'), upstreamGameId: row.matchup })),
      payload,
      detail: `${parsed.games} NBA games, ${parsed.rows.length} officials (date from ${payload.page_date_source === 'page' ? 'the page' : 'the fetch time'})`,
    };
  }
}
