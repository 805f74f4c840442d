import { Clock } from '@lib/platform';
import { UpstreamRequestError } from '@lib/resilience';
import { Scraper, ScrapeContext, ScrapeResult } from '../../scraping/scraper';
import { InjuryReportRow, parseInjuryReport } from './injury-report.parser';
import { InjuryReportWindow, injuryReportTimes, validateInjuryReportWindow } from './injury-report.times';

/** The JSON payload (`data` of the stored envelope) of one injury report run. */
export interface InjuryReportPayload {
  /** The report found, or null when none of the times tried was published. */
  report: {
    url: string;
    file_name: string;
    /** The publication time the file name stands for, US Eastern wall clock 'YYYY-MM-DDTHH:MM'. */
    report_time_et: string;
    report_time_utc: string;
    /** The report's own title line, e.g. 'Injury Report: 11/05/25 05:00 PM'. */
    title: string | null;
    pages: number;
  } | null;
  /** Newer times tried first and not published, with the status they answered. */
  not_published: Array<{ file_name: string; http_status: number }>;
  rows: InjuryReportRow[];
}

/**
 * A file the CDN does not have: ak-static answers 404, or 403 as S3 does for a key it will not list.
 * A 403 is also how NBA.com refuses an address it blocks, so the detail of a run that found nothing
 * says which statuses it saw.
 */
function notPublishedStatus(error: unknown): number | undefined {
  return error instanceof UpstreamRequestError && error.kind === 'http' && (error.status === 404 || error.status === 403) ? error.status : undefined;
}

/**
 * NBA.com's official injury report: a PDF published several times a day, each listing every game of
 * the day and the next. Takes the latest report of the date: the publication times inside the
 * configured window, newest first, skipping those not published; stores the PDF beside the rows.
 */
export class NbacInjuryReportScraper implements Scraper {
  readonly name = 'nbac_injury_report';
  readonly source = 'nbacom' as const;
  readonly endpoint = 'injury_report';
  readonly provider = 'nba_injury_report' as const;
  readonly scope = 'date' as const;

  constructor(
    private readonly window: InjuryReportWindow,
    private readonly clock: Clock,
  ) {
    validateInjuryReportWindow(window);
  }

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const times = injuryReportTimes(gameDate, this.window, this.clock.now());
    const notPublished: InjuryReportPayload['not_published'] = [];
    for (const time of times) {
      let response: { data: Buffer; url: string };
      try {
        response = await http.get<Buffer>(`/referee/injury/${time.fileName}`, { responseType: 'bytes' });
      } catch (error) {
        const status = notPublishedStatus(error);
        if (status === undefined) throw error;
        notPublished.push({ file_name: time.fileName, http_status: status });
        continue;
      }
      const parsed = await parseInjuryReport(response.data).catch((error: Error) => {
        throw new Error(`${time.fileName} (${response.url}): ${error.message}`);
      });
      const payload: InjuryReportPayload = {
        report: {
          url: response.url,
          file_name: time.fileName,
          report_time_et: time.eastern,
          report_time_utc: time.utc.toISOString(),
          title: parsed.title,
          pages: parsed.pages,
        },
        not_published: notPublished,
        rows: parsed.rows,
      };
      const forDate = parsed.rows.filter((row) => row.game_date === gameDate).length;
      return {
        status: parsed.rows.length > 0 ? 'success' : 'no_data',
        records: parsed.rows.length,
        payload,
        detail: `${time.fileName}: ${parsed.rows.length} rows (${forDate} for ${gameDate}) on ${parsed.pages} pages; ${notPublished.length} later times not published`,
        attachments: [{ extension: 'pdf', contentType: 'application/pdf', content: response.data, sourceUrl: response.url }],
      };
    }
    const statuses = [...new Set(notPublished.map((entry) => entry.http_status))].join('/');
    return {
      status: 'no_data',
      records: 0,
      payload: { report: null, not_published: notPublished, rows: [] } satisfies InjuryReportPayload,
      detail:
        times.length === 0
          ? `no injury report time of ${gameDate} between ${this.window.firstHourEt}:00 and ${this.window.lastHourEt}:59 ET has come yet`
          : `no injury report published for ${gameDate}: ${times.length} times tried from ${times[0].fileName} back to ${times.at(-1)!.fileName}, all answered HTTP ${statuses}`,
    };
  }
}
