import fs from 'node:fs';
import path from 'node:path';
import { ScrapeHttp, Scraper } from '../../../phase1-scrapers/src/scraping/scraper';
import { NbacInjuryReportScraper } from '../../../phase1-scrapers/src/sources/nbacom/nbac-injury-report.scraper';
import { NbacRefereeAssignmentsScraper } from '../../../phase1-scrapers/src/sources/nbacom/nbac-referee-assignments.scraper';
import { HANDMADE_REPORT_2025_11_05, handMadeInjuryReportPdf } from '../../../phase1-scrapers/src/sources/nbacom/testing/handmade-injury-report.fixture';
import { PayloadShape } from '../raw-payload/payload-shape';
import { RawProcessors } from './raw-processors';

/**
 * The injury report and referee assignments, from HAND-MADE TEST FIXTURES (no real ones are
 * bundled): phase 1's scraper parses the fixture, phase 2's processor loads what it stored.
 */
const HANDMADE_REFEREE_PAGE = fs.readFileSync(
  path.resolve(__dirname, '../../../phase1-scrapers/src/sources/nbacom/testing/HANDMADE-TEST-FIXTURE.referee-assignments.html'),
  'utf8',
);

async function scrapeThenLoad(scraper: Scraper, body: unknown, gameDate: string) {
  const http: ScrapeHttp = { get: async <T>() => ({ data: body as T, url: 'https://handmade.fixture' }) };
  const result = await scraper.scrape({ gameDate, runId: 'run-1', correlationId: 'corr-1', backfillMode: false, http });
  return new RawProcessors().forScraper(scraper.name).toRows({
    path: `raw/nbacom/${scraper.endpoint}/${gameDate}/run-1.json`,
    scraper: scraper.name,
    source: 'nbacom',
    endpoint: scraper.endpoint,
    gameDate,
    gameId: null,
    fallbackFor: null,
    runId: 'run-1',
    fetchedAt: '2025-11-05T22:05:00Z',
    status: result.status,
    missing: [],
    data: new PayloadShape(JSON.parse(JSON.stringify(result.payload)), 'payload.data'),
  });
}

describe('NBA.com reports from phase 1 payload to raw rows (hand-made fixtures)', () => {
  const clock = { now: () => new Date('2025-11-05T22:05:00Z') };

  it('keeps each player of the injury report under the report time, and a team not yet submitted as its own row', async () => {
    const pdf = await handMadeInjuryReportPdf(HANDMADE_REPORT_2025_11_05);
    const { rows, detail } = await scrapeThenLoad(new NbacInjuryReportScraper({ firstHourEt: 17, lastHourEt: 17 }, clock), pdf, '2025-11-05');
    expect(rows.find((row) => row.player_lookup === 'giannisantetokounmpo')).toMatchObject({
      game_date: '2025-11-05',
      report_time_et: '2025-11-05T17:00',
      team_code: 'MIL',
      home_team_code: 'TOR',
      away_team_code: 'MIL',
      status: 'Questionable',
      submitted: true,
    });
    expect(rows.filter((row) => !row.submitted)).toEqual([expect.objectContaining({ team_code: 'PHI', player_lookup: 'not_yet_submitted', status: null })]);
    expect(rows.find((row) => row.player_lookup === 'kyrieirving')).toMatchObject({ game_date: '2025-11-06', team_code: 'DAL' });
    expect(detail).toBe('not yet submitted by PHI');
  });

  it('loads nothing, and says so, when no report was published for the times tried', async () => {
    const processed = new RawProcessors().forScraper('nbac_injury_report').toRows({
      path: 'p', scraper: 'nbac_injury_report', source: 'nbacom', endpoint: 'injury_report', gameDate: '2025-11-05', gameId: null, fallbackFor: null,
      runId: 'r', fetchedAt: '2025-11-05T22:05:00Z', status: 'no_data', missing: [],
      data: new PayloadShape({ report: null, not_published: [{ file_name: 'Injury-Report_2025-11-05_05PM.pdf', http_status: 404 }], rows: [] }, 'payload.data'),
    });
    expect(processed).toEqual({ rows: [], detail: 'no report was published for the times tried' });
  });

  it("loads every official of the day's referee assignments by game and role", async () => {
    const { rows } = await scrapeThenLoad(new NbacRefereeAssignmentsScraper(clock), HANDMADE_REFEREE_PAGE, '2025-11-05');
    expect(rows).toHaveLength(10);
    expect(rows.filter((row) => row.role === 'crew_chief')).toHaveLength(new Set(rows.map((row) => row.home_team_code)).size);
    expect(rows.every((row) => row.game_date === '2025-11-05' && /^[A-Z]{3}$/.test(String(row.home_team_code)))).toBe(true);
  });
});
