import { Clock } from '@lib/platform';
import { UpstreamRequestError } from '@lib/resilience';
import { Scraper, ScrapeContext, ScrapeHttp, ScrapeResult } from '../../scraping/scraper';
import { InjuryReportRow, parseInjuryReport } from './injury-report.parser';
import { InjuryReportTime, InjuryReportWindow, injuryReportTimes, validateInjuryReportWindow } from './injury-report.times';

/** One time asked for: the file, or why not (a time not published is an error of the client). */
type Probe = { ahead: boolean } & ({ response: { data: Buffer; url: string } } | { error: unknown });

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
 * Most times of a day are never published (every one of a date without a report), so several are
 * asked for at once, those ahead of the one being read with a single attempt; when a report is found, the
 * few older times already asked for are fetched too and left unused (the execution log's statuses list
 * them after the report's 200).
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
    /** Times asked for at once (SCRAPES_IN_FLIGHT_PER_PROVIDER); the provider's rate limiter still paces them. */
    private readonly probesInFlight = 1,
  ) {
    validateInjuryReportWindow(window);
    if (!Number.isInteger(probesInFlight) || probesInFlight < 1) throw new Error(`injury report probes in flight must be an integer >= 1, got ${probesInFlight}`);
  }

  async scrape({ gameDate, http }: ScrapeContext): Promise<ScrapeResult> {
    const times = injuryReportTimes(gameDate, this.window, this.clock.now());
    const notPublished: InjuryReportPayload['not_published'] = [];
    // Up to probesInFlight times are asked for at once; the answers are read newest first, as one request
    // after the other would read them, so the report taken is the same. A time is asked for only once the
    // answer probesInFlight places newer has been read: which times are asked for never depends on timing.
    // The times asked for ahead of the one being read get one attempt: a failure other than "not
    // published" is asked again, with the retries, once it is the time being read.
    const probes: Array<Promise<Probe>> = [];
    const ask = (index: number, ahead: boolean) => {
      if (index >= times.length) return;
      probes[index] = this.probe(http, times[index], ahead);
    };
    for (let index = 0; index < this.probesInFlight; index += 1) ask(index, index > 0);
    try {
      for (const [index, time] of times.entries()) {
        let probe = await probes[index];
        if (probe.ahead && 'error' in probe && notPublishedStatus(probe.error) === undefined) {
          probes[index] = this.probe(http, time, false);
          probe = await probes[index];
        }
        if ('error' in probe) {
          const status = notPublishedStatus(probe.error);
          if (status === undefined) throw probe.error;
          notPublished.push({ file_name: time.fileName, http_status: status });
          ask(index + this.probesInFlight, true);
          continue;
        }
        return await this.reportResult(gameDate, time, probe.response, notPublished);
      }
    } finally {
      // The older times already asked for are let finish, so the run's tally is whole when it is logged.
      await Promise.all(probes);
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

  private probe(http: ScrapeHttp, time: InjuryReportTime, ahead: boolean): Promise<Probe> {
    return http.get<Buffer>(`/referee/injury/${time.fileName}`, { responseType: 'bytes', ...(ahead ? { singleAttempt: true } : {}) }).then(
      (response) => ({ ahead, response }),
      (error: unknown) => ({ ahead, error }),
    );
  }

  private async reportResult(
    gameDate: string,
    time: InjuryReportTime,
    response: { data: Buffer; url: string },
    notPublished: InjuryReportPayload['not_published'],
  ): Promise<ScrapeResult> {
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
}
