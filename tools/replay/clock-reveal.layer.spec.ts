import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { injuryReportPublishedAt, readInjuryReportFiles } from './clock-reveal.layer';
import { ReplayServer } from './replay.server';
import { getJson, readSeasonCsv, startReplay } from './replay.test-support';

const KEY = { headers: { Authorization: 'replay-test-key' } };
const ODDS_QUERY = 'apiKey=replay-test-key&regions=us&markets=player_points&oddsFormat=american';
/** CLE–PHX on 2025-11-05: tip-off 00:00 UTC on the 6th (7 pm ET), lines snapshot 5 pm ET. */
const EVENT = (() => {
  const line = readSeasonCsv('props_player_points.csv').find((row) => row.game_date === '2025-11-05' && row.home_team === 'CLE')!;
  return { id: line.event_id, lines: readSeasonCsv('props_player_points.csv').filter((row) => row.event_id === line.event_id).length };
})();

describe('what the replay reveals by its clock', () => {
  let server: ReplayServer;
  let reportDir: string;
  // A clock the spec moves; the replay reads it on every request.
  let now = new Date('2025-11-05T13:00:00Z');

  beforeAll(async () => {
    reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-injury-'));
    // Hand-made: not a real report (none is bundled); the layer serves the bytes and never reads them.
    fs.writeFileSync(path.join(reportDir, 'Injury-Report_2025-11-05_05PM.pdf'), '%PDF-1.4\n% HANDMADE-TEST-FIXTURE\n');
    server = await startReplay({ now: () => now, injuryReportDir: reportDir });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(reportDir, { recursive: true, force: true });
  });

  const at = (iso: string) => {
    now = new Date(iso);
  };
  const oddsLines = async () => {
    const { body } = await getJson<{ bookmakers: Array<{ markets: Array<{ outcomes: unknown[] }> }> }>(
      `${server.sourceUrls['odds-api']}/v4/sports/basketball_nba/events/${EVENT.id}/odds?${ODDS_QUERY}`,
    );
    return body.bookmakers.flatMap((book) => book.markets.flatMap((market) => market.outcomes)).length;
  };
  const statLines = async () => {
    const { body } = await getJson<{ data: unknown[] }>(`${server.sourceUrls.balldontlie}/nba/v1/stats?dates[]=2025-11-05&per_page=100`, KEY);
    return body.data.length;
  };
  const injuryReport = () => fetch(`${server.sourceUrls['nba-injury-report']}/referee/injury/Injury-Report_2025-11-05_05PM.pdf`);

  it('in the morning: the whole schedule of the day, no lines, no box scores, no injury report', async () => {
    at('2025-11-05T13:00:00Z');
    const schedule = await getJson<{ leagueSchedule: { gameDates: Array<{ gameDate: string; games: unknown[] }> } }>(
      `${server.sourceUrls['nba-cdn']}/static/json/staticData/scheduleLeagueV2.json`,
    );
    expect(schedule.body.leagueSchedule.gameDates.find((day) => day.gameDate.startsWith('11/05/2025'))?.games).toHaveLength(11);
    expect(await oddsLines()).toBe(0);
    expect(await statLines()).toBe(0);
    expect((await injuryReport()).status).toBe(404);
  });

  it("at 5 pm ET: the lines of the 5 pm snapshot and the 5 pm injury report, still no box scores", async () => {
    at('2025-11-05T21:59:59Z');
    expect(await oddsLines()).toBe(0);
    expect((await injuryReport()).status).toBe(404);
    at('2025-11-05T22:00:00Z');
    // Each CSV row is one Over/Under pair of one book: two outcomes, less the odds the snapshot lacks.
    expect(await oddsLines()).toBeGreaterThan(EVENT.lines);
    const report = await injuryReport();
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe('application/pdf');
    expect(await report.text()).toContain('HANDMADE-TEST-FIXTURE');
    expect(await statLines()).toBe(0);
  });

  it('after the last game ends: every box score of the day', async () => {
    at('2025-11-06T12:00:00Z');
    const expected = readSeasonCsv('player_box.csv').filter((row) => row.game_date === '2025-11-05').length;
    const { body } = await getJson<{ data: unknown[]; meta: { next_cursor?: number } }>(`${server.sourceUrls.balldontlie}/nba/v1/stats?dates[]=2025-11-05&per_page=100`, KEY);
    expect(body.data).toHaveLength(100);
    expect(body.meta.next_cursor).toBeDefined();
    expect(expected).toBeGreaterThan(100);
  });

  it("reads a report's publication time from its name, and refuses a PDF named otherwise", () => {
    expect(injuryReportPublishedAt('Injury-Report_2025-11-05_05PM.pdf')?.toISOString()).toBe('2025-11-05T22:00:00.000Z');
    expect(injuryReportPublishedAt('Injury-Report_2025-12-23_05_30PM.pdf')?.toISOString()).toBe('2025-12-23T22:30:00.000Z');
    expect(injuryReportPublishedAt('Injury-Report_2025-11-05_12AM.pdf')?.toISOString()).toBe('2025-11-05T05:00:00.000Z');
    expect(injuryReportPublishedAt('report.pdf')).toBeUndefined();
    const strayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-injury-'));
    fs.writeFileSync(path.join(strayDir, 'report.pdf'), '%PDF-1.4\n');
    expect(() => readInjuryReportFiles(strayDir)).toThrow(/report\.pdf is not named as NBA\.com names an injury report/);
    fs.rmSync(strayDir, { recursive: true, force: true });
  });
});
