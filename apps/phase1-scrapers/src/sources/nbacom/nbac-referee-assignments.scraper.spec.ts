import fs from 'node:fs';
import path from 'node:path';
import { FixtureServer, scraperRunHarness, ScraperRunHarness, StillClock } from '../../scraping/testing/scraper-run.harness';
import { NbacRefereeAssignmentsScraper } from './nbac-referee-assignments.scraper';

const HANDMADE_PAGE = fs.readFileSync(path.join(__dirname, 'testing', 'HANDMADE-TEST-FIXTURE.referee-assignments.html'), 'utf8');
const html = (body: string) => ({ status: 200, body, contentType: 'text/html; charset=utf-8' });
const PAGE = '/referee-assignments/';

describe('nbac_referee_assignments through the scraper runner, against a hand-made page on a loopback server', () => {
  const clock = new StillClock(new Date('2025-11-05T14:00:00Z'));
  let fixture: FixtureServer;
  let harness: ScraperRunHarness;
  const scraper = new NbacRefereeAssignmentsScraper(clock);

  beforeAll(async () => {
    fixture = await FixtureServer.start();
    harness = await scraperRunHarness(fixture, clock, { NBA_REFEREE_ASSIGNMENTS_BASE_URL: fixture.url });
  });
  afterAll(async () => {
    await harness?.close();
    await fixture?.close();
  });
  beforeEach(() => fixture.reset());

  const run = async (gameDate: string) => {
    const outcome = await harness.runner.run(scraper, { gameDate, correlationId: `corr-${Math.random()}`, backfillMode: false });
    await harness.delivered();
    return outcome;
  };
  const stored = async (objectPath: string) => JSON.parse((await harness.infrastructure.objectStore.read(objectPath)).toString('utf8'));
  const apiErrors = (runId: string) =>
    harness.infrastructure.warehouse.query<{ kind: string }>(`SELECT kind FROM nba_orchestration.api_errors WHERE game_date BETWEEN '2025-11-01' AND '2025-11-30' AND run_id = @runId`, { runId });

  it("stores one row per official of the day's NBA games and hands the path to phase 2", async () => {
    fixture.serve(PAGE, html(HANDMADE_PAGE));

    const outcome = await run('2025-11-05');

    expect(outcome).toMatchObject({ status: 'success', records: 10 });
    expect(outcome.result?.games?.map((game) => game.matchupKey)).toEqual(['2025-11-05|MIL@TOR', '2025-11-05|PHI@CLE', '2025-11-05|GSW@OKC']);
    const { data, attachments } = await stored(outcome.path!);
    expect(attachments).toEqual([]);
    expect(data).toMatchObject({
      url: `${fixture.url}${PAGE}`,
      page_date: '2025-11-05',
      page_date_source: 'page',
      page_date_printed: 'November 5, 2025',
      leagues: ['NBA', 'NBA G League'],
      games: 3,
    });
    expect(data.rows[0]).toEqual({
      game: 'Milwaukee @ Toronto',
      matchup: 'MIL@TOR',
      away_team: 'MIL',
      home_team: 'TOR',
      role: 'crew_chief',
      official_name: 'Scott Foster',
      official_number: 48,
      printed: 'Scott Foster (#48)',
    });
    expect(fixture.completions).toEqual([expect.objectContaining({ scraper: 'nbac_referee_assignments', status: 'success', records: 10, path: outcome.path })]);
  });

  it('stores none of a page that shows another day, and says which day it showed', async () => {
    fixture.serve(PAGE, html(HANDMADE_PAGE));

    const outcome = await run('2025-11-04');

    expect(outcome).toMatchObject({ status: 'no_data', records: 0, detail: 'the page shows the assignments of 2025-11-05, not 2025-11-04 (it only shows the current day)' });
    expect((await stored(outcome.path!)).data).toMatchObject({ page_date: '2025-11-05', games: 0, rows: [] });
  });

  it('takes the US Eastern date of the fetch when the page prints no date, and says so', async () => {
    fixture.serve(PAGE, html(HANDMADE_PAGE.replace('<p class="date">Wednesday, November 5, 2025</p>', '')));

    const outcome = await run('2025-11-05');

    expect(outcome).toMatchObject({ status: 'success', records: 10, detail: '3 NBA games, 10 officials (date from the fetch time)' });
    expect((await stored(outcome.path!)).data).toMatchObject({ page_date: '2025-11-05', page_date_source: 'fetch_time', page_date_printed: null });
  });

  it('says no_data when the page is not there (404)', async () => {
    const outcome = await run('2025-11-05');

    expect(outcome).toMatchObject({ status: 'no_data', records: 0 });
    expect(outcome.detail).toMatch(/^no referee assignments published: http:\/\/127\.0\.0\.1:\d+\/referee-assignments\/ answered HTTP 404$/);
    expect(await apiErrors(outcome.runId)).toEqual([]);
  });

  it('fails a page it cannot read with an error naming the row, and writes nothing of it', async () => {
    fixture.serve(PAGE, html(HANDMADE_PAGE.replace('<td>Milwaukee @ Toronto</td>', '<td>Milwaukee vs Toronto</td>')));

    const outcome = await run('2025-11-05');

    expect(outcome).toMatchObject({ status: 'failed', records: 0 });
    expect(outcome.error).toBe(`referee assignments: NBA table row 1: Game "Milwaukee vs Toronto" is not 'Away @ Home'`);
    expect((await harness.infrastructure.objectStore.list('raw/nbacom/referee_assignments/2025-11-05/')).filter((stored) => stored.includes(outcome.runId))).toEqual([]);
    expect(await apiErrors(outcome.runId)).toEqual([{ kind: 'processing' }]);
    expect(fixture.completions).toEqual([expect.objectContaining({ status: 'failed', degraded: true })]);
  });
});
