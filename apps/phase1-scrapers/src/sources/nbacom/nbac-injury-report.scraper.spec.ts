import { FixtureServer, scraperRunHarness, ScraperRunHarness, StillClock } from '../../scraping/testing/scraper-run.harness';
import { NbacInjuryReportScraper } from './nbac-injury-report.scraper';
import { HANDMADE_REPORT_2025_11_05, handMadeInjuryReportPdf } from './testing/handmade-injury-report.fixture';

const pdf = (body: Buffer) => ({ status: 200, body, contentType: 'application/pdf' });
const REPORTS = '/referee/injury';

describe('nbac_injury_report through the scraper runner, against hand-made PDFs on a loopback server', () => {
  const clock = new StillClock(new Date('2026-01-10T12:00:00Z'));
  let fixture: FixtureServer;
  let harness: ScraperRunHarness;

  beforeAll(async () => {
    fixture = await FixtureServer.start();
    harness = await scraperRunHarness(fixture, clock, { NBA_INJURY_REPORT_BASE_URL: fixture.url });
  });
  afterAll(async () => {
    await harness?.close();
    await fixture?.close();
  });
  beforeEach(() => fixture.reset());

  const scraper = (firstHourEt: number, lastHourEt: number, probesInFlight = 1) => new NbacInjuryReportScraper({ firstHourEt, lastHourEt }, clock, probesInFlight);
  const run = async (scraperToRun: NbacInjuryReportScraper, gameDate: string) => {
    const outcome = await harness.runner.run(scraperToRun, { gameDate, correlationId: `corr-${gameDate}-${Math.random()}`, backfillMode: false });
    await harness.delivered();
    return outcome;
  };
  const logged = async (runId: string) => {
    const [row] = await harness.infrastructure.warehouse.query<{ status: string; http_statuses: number[]; records: number; payload_path: string | null; error: string | null; game_date: string }>(
      `SELECT status, http_statuses, records, payload_path, error, CAST(game_date AS VARCHAR) AS game_date FROM nba_orchestration.scraper_execution_log WHERE game_date BETWEEN '2025-11-01' AND '2025-12-31' AND run_id = @runId`,
      { runId },
    );
    return row;
  };
  const apiErrors = (runId: string) =>
    harness.infrastructure.warehouse.query<{ kind: string; http_status: number | null; message: string }>(
      `SELECT kind, http_status, message FROM nba_orchestration.api_errors WHERE game_date BETWEEN '2025-11-01' AND '2025-12-31' AND run_id = @runId`,
      { runId },
    );
  const stored = async (objectPath: string) => JSON.parse((await harness.infrastructure.objectStore.read(objectPath)).toString('utf8'));

  it('takes the latest report of the date (hour-named files), skipping the later times not published, and stores the PDF beside the rows', async () => {
    const report = await handMadeInjuryReportPdf(HANDMADE_REPORT_2025_11_05);
    fixture.serve(`${REPORTS}/Injury-Report_2025-11-05_05PM.pdf`, pdf(report)).serve(`${REPORTS}/Injury-Report_2025-11-05_01PM.pdf`, pdf(report));

    const outcome = await run(scraper(12, 19), '2025-11-05');

    expect(outcome).toMatchObject({ status: 'success', records: 9 });
    expect(fixture.requests).toEqual(
      ['07PM', '06PM', '05PM'].map((time) => `${REPORTS}/Injury-Report_2025-11-05_${time}.pdf`),
    );
    expect(await logged(outcome.runId)).toMatchObject({ status: 'success', http_statuses: [404, 404, 200], records: 9, payload_path: outcome.path });
    const envelope = await stored(outcome.path!);
    expect(envelope.data.report).toEqual({
      url: `${fixture.url}${REPORTS}/Injury-Report_2025-11-05_05PM.pdf`,
      file_name: 'Injury-Report_2025-11-05_05PM.pdf',
      report_time_et: '2025-11-05T17:00',
      report_time_utc: '2025-11-05T22:00:00.000Z',
      title: 'Injury Report: 11/05/25 05:00 PM',
      pages: 2,
    });
    expect(envelope.data.not_published).toEqual([
      { file_name: 'Injury-Report_2025-11-05_07PM.pdf', http_status: 404 },
      { file_name: 'Injury-Report_2025-11-05_06PM.pdf', http_status: 404 },
    ]);
    expect(envelope.data.rows).toHaveLength(9);
    expect(envelope.data.rows[3]).toMatchObject({ matchup: 'PHI@CLE', team: 'PHI', reason: 'NOT YET SUBMITTED', submitted: false });
    expect(envelope.attachments).toEqual([
      { path: outcome.path!.replace(/\.json$/, '.pdf'), content_type: 'application/pdf', bytes: report.length, source_url: envelope.data.report.url },
    ]);
    expect((await harness.infrastructure.objectStore.read(envelope.attachments[0].path)).equals(report)).toBe(true);
    expect(fixture.completions).toEqual([expect.objectContaining({ scraper: 'nbac_injury_report', status: 'success', records: 9, path: outcome.path, degraded: false })]);
    expect(await apiErrors(outcome.runId)).toEqual([]);
  });

  it('asks for the minute-named files from 2025-12-23, every quarter hour', async () => {
    fixture.serve(`${REPORTS}/Injury-Report_2025-12-23_05_30PM.pdf`, pdf(await handMadeInjuryReportPdf({ ...HANDMADE_REPORT_2025_11_05, title: 'Injury Report: 12/23/25 05:30 PM' })));

    const outcome = await run(scraper(17, 18), '2025-12-23');

    expect(outcome).toMatchObject({ status: 'success', records: 9 });
    expect(fixture.requests.map((request) => request.replace(`${REPORTS}/Injury-Report_2025-12-23_`, ''))).toEqual([
      '06_45PM.pdf',
      '06_30PM.pdf',
      '06_15PM.pdf',
      '06_00PM.pdf',
      '05_45PM.pdf',
      '05_30PM.pdf',
    ]);
    expect((await stored(outcome.path!)).data.report).toMatchObject({ report_time_et: '2025-12-23T17:30', title: 'Injury Report: 12/23/25 05:30 PM' });
  });

  it('says no_data, not failed, when no time of the window is published yet, and stores what it tried', async () => {
    const outcome = await run(scraper(9, 11), '2025-11-07');

    expect(outcome).toMatchObject({ status: 'no_data', records: 0 });
    expect(outcome.detail).toBe(
      'no injury report published for 2025-11-07: 3 times tried from Injury-Report_2025-11-07_11AM.pdf back to Injury-Report_2025-11-07_09AM.pdf, all answered HTTP 404',
    );
    expect((await stored(outcome.path!)).data).toEqual({
      report: null,
      not_published: ['11AM', '10AM', '09AM'].map((time) => ({ file_name: `Injury-Report_2025-11-07_${time}.pdf`, http_status: 404 })),
      rows: [],
    });
    expect(fixture.completions).toEqual([expect.objectContaining({ status: 'no_data', degraded: false })]);
    expect(await apiErrors(outcome.runId)).toEqual([]);
  });

  it('does not ask for report times still to come', async () => {
    clock.set('2025-11-08T15:10:00Z'); // 10:10 ET
    try {
      await run(scraper(8, 12), '2025-11-08');
    } finally {
      clock.set('2026-01-10T12:00:00Z');
    }
    expect(fixture.requests).toEqual([`${REPORTS}/Injury-Report_2025-11-08_10AM.pdf`, `${REPORTS}/Injury-Report_2025-11-08_09AM.pdf`, `${REPORTS}/Injury-Report_2025-11-08_08AM.pdf`]);
  });

  it('fails a PDF it cannot read as the report with an error naming the file and the problem, and writes nothing of it', async () => {
    fixture.serve(`${REPORTS}/Injury-Report_2025-11-09_06PM.pdf`, pdf(await handMadeInjuryReportPdf({ ...HANDMADE_REPORT_2025_11_05, withoutHeading: true })));

    const outcome = await run(scraper(17, 18), '2025-11-09');

    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatch(/^Injury-Report_2025-11-09_06PM\.pdf \(http:\/\/127\.0\.0\.1:\d+\/referee\/injury\/Injury-Report_2025-11-09_06PM\.pdf\): injury report: page 1: .* comes before any heading row/);
    expect(await logged(outcome.runId)).toMatchObject({ status: 'failed', payload_path: null, http_statuses: [200] });
    expect((await harness.infrastructure.objectStore.list('raw/nbacom/injury_report/2025-11-09/')).filter((stored) => stored.includes(outcome.runId))).toEqual([]);
    expect(await apiErrors(outcome.runId)).toEqual([expect.objectContaining({ kind: 'processing', http_status: null, message: outcome.error })]);
    expect(fixture.completions).toEqual([expect.objectContaining({ status: 'failed', degraded: true, detail: outcome.error })]);
  });

  it('fails on an upstream error other than a missing file, after the retries, and records it', async () => {
    fixture.serve(`${REPORTS}/Injury-Report_2025-11-10_06PM.pdf`, { status: 500, body: 'Internal Server Error', contentType: 'text/plain' });

    const outcome = await run(scraper(17, 18), '2025-11-10');

    expect(outcome.status).toBe('failed');
    expect(await logged(outcome.runId)).toMatchObject({ status: 'failed', http_statuses: [500, 500, 500, 500, 500] });
    expect(await apiErrors(outcome.runId)).toEqual([expect.objectContaining({ kind: 'http', http_status: 500 })]);
  });

  describe('several times asked for at once (hand-made PDFs: HAND-MADE TEST FIXTURE, not real reports)', () => {
    const HOUR_NAMED = (time: string) => `${REPORTS}/Injury-Report_2025-11-05_${time}.pdf`;
    /** What a run decided, as stored and logged, without what names the run itself. */
    const decision = async (outcome: Awaited<ReturnType<typeof run>>) => {
      const { http_statuses, ...logRow } = await logged(outcome.runId);
      const envelope = outcome.path ? await stored(outcome.path) : undefined;
      return {
        outcome: { status: outcome.status, records: outcome.records, detail: outcome.detail, error: outcome.error?.replace(/run [\w-]+/g, '') },
        log: { ...logRow, payload_path: logRow.payload_path === null ? null : 'stored' },
        data: envelope?.data,
        pdf: envelope?.attachments.map((attachment: { bytes: number }) => attachment.bytes),
        http_statuses,
      };
    };
    const layouts: Array<{ name: string; served: Record<string, number | 'pdf'> }> = [
      { name: 'the newest time published', served: { '07PM': 'pdf', '05PM': 'pdf' } },
      { name: 'a report three times back, an older one behind it', served: { '05PM': 'pdf', '01PM': 'pdf' } },
      { name: 'only the oldest time published', served: { '12PM': 'pdf' } },
      { name: 'no time published', served: {} },
      { name: 'a 403 among the 404s before the report', served: { '06PM': 403, '02PM': 'pdf' } },
      { name: 'a server error older than the report, inside the times asked for at once', served: { '06PM': 'pdf', '05PM': 500 } },
      { name: 'a server error newer than the report', served: { '06PM': 500, '05PM': 'pdf' } },
    ];

    it.each(layouts)('takes the report one request after the other takes: $name', async ({ served }) => {
      const report = await handMadeInjuryReportPdf(HANDMADE_REPORT_2025_11_05);
      const serve = () => {
        fixture.reset();
        for (const [time, answer] of Object.entries(served)) {
          fixture.serve(HOUR_NAMED(time), answer === 'pdf' ? pdf(report) : { status: answer, body: 'refused', contentType: 'text/plain' });
        }
      };
      serve();
      const oneByOne = await decision(await run(scraper(12, 19, 1), '2025-11-05'));
      const askedOneByOne = [...fixture.requests];
      serve();
      const fourAtOnce = await decision(await run(scraper(12, 19, 4), '2025-11-05'));
      const askedFourAtOnce = [...fixture.requests];

      const { http_statuses: statusesOneByOne, ...decidedOneByOne } = oneByOne;
      const { http_statuses: statusesFourAtOnce, ...decidedFourAtOnce } = fourAtOnce;
      expect(decidedFourAtOnce).toEqual(decidedOneByOne);
      // Every time asked for one by one is asked for four at a time; at most three older ones besides (a 5xx is asked again, as its retries).
      const timesOneByOne = new Set(askedOneByOne);
      const timesFourAtOnce = new Set(askedFourAtOnce);
      expect([...timesFourAtOnce]).toEqual(expect.arrayContaining([...timesOneByOne]));
      expect(timesFourAtOnce.size - timesOneByOne.size).toBeLessThanOrEqual(3);
      // The log holds every status one by one saw; besides, one attempt of each older time asked for ahead
      // (at most three) and, for a time whose attempt ahead failed, that attempt before its retries.
      const count = (statuses: number[], status: number) => statuses.filter((each) => each === status).length;
      for (const status of new Set(statusesOneByOne)) expect(count(statusesFourAtOnce, status)).toBeGreaterThanOrEqual(count(statusesOneByOne, status));
      expect(statusesFourAtOnce.length - statusesOneByOne.length).toBeLessThanOrEqual(4);
    });

    it('asks for the times newest first, never more than four ahead of the answer read, and lists the older ones asked for after the report', async () => {
      const report = await handMadeInjuryReportPdf(HANDMADE_REPORT_2025_11_05);
      fixture.serve(HOUR_NAMED('05PM'), pdf(report)).serve(HOUR_NAMED('01PM'), pdf(report));

      const outcome = await run(scraper(12, 19, 4), '2025-11-05');

      expect((await stored(outcome.path!)).data.report).toMatchObject({ file_name: 'Injury-Report_2025-11-05_05PM.pdf', title: 'Injury Report: 11/05/25 05:00 PM' });
      expect([...fixture.requests].sort()).toEqual(['07PM', '06PM', '05PM', '04PM', '03PM', '02PM'].map(HOUR_NAMED).sort());
      expect(await logged(outcome.runId)).toMatchObject({ status: 'success', http_statuses: [404, 404, 200, 404, 404, 404] });
    });

    it('gives the times asked for ahead one attempt, and asks one again with the retries once it is the time being read', async () => {
      const report = await handMadeInjuryReportPdf(HANDMADE_REPORT_2025_11_05);
      for (const time of ['07PM', '06PM', '05PM', '04PM']) fixture.serve(HOUR_NAMED(time), { status: 503, body: 'unavailable', contentType: 'text/plain' });
      fixture.serve(HOUR_NAMED('03PM'), pdf(report));

      const outcome = await run(scraper(12, 19, 4), '2025-11-05');

      // 07PM is read first and fails after its retries, as it does asked one by one; 06PM..04PM were asked once each, ahead.
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(/Injury-Report_2025-11-05_07PM\.pdf failed \[http\] after 5 attempts/);
      const asked = (time: string) => fixture.requests.filter((request) => request === HOUR_NAMED(time)).length;
      expect(['07PM', '06PM', '05PM', '04PM', '03PM'].map(asked)).toEqual([5, 1, 1, 1, 0]);
      expect(await logged(outcome.runId)).toMatchObject({ status: 'failed', http_statuses: [503, 503, 503, 503, 503, 503, 503, 503] });
      expect(await apiErrors(outcome.runId)).toEqual([expect.objectContaining({ kind: 'http', http_status: 503 })]);
    });

    it('asks for every time of a date without a report, each once, and says so as one request after the other does', async () => {
      const outcome = await run(scraper(0, 23, 4), '2025-12-24');

      expect(outcome).toMatchObject({ status: 'no_data', records: 0 });
      expect(outcome.detail).toBe(
        'no injury report published for 2025-12-24: 96 times tried from Injury-Report_2025-12-24_11_45PM.pdf back to Injury-Report_2025-12-24_12_00AM.pdf, all answered HTTP 404',
      );
      expect(new Set(fixture.requests).size).toBe(96);
      expect((await stored(outcome.path!)).data.not_published.map((entry: { file_name: string }) => entry.file_name)).toEqual(
        [...fixture.requests].sort((a, b) => (injuryTimeOf(b) < injuryTimeOf(a) ? -1 : 1)).map((request) => request.replace(`${REPORTS}/`, '')),
      );
    });
  });
});

/** 'Injury-Report_2025-12-24_11_45PM.pdf' → '23:45', to order the times asked for. */
function injuryTimeOf(request: string): string {
  const [, hour, minute, meridiem] = /_(\d{2})_(\d{2})(AM|PM)\.pdf$/.exec(request)!;
  return `${String((Number(hour) % 12) + (meridiem === 'PM' ? 12 : 0)).padStart(2, '0')}:${minute}`;
}
