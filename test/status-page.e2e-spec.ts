import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { readOperatorToken } from '../tools/cluster/operator-access';
import { seedBundledAnalytics } from '../tools/seed/analytics.seeder';
import { isolatedConfig } from './support/test-config';

/** Where the screenshot lands (CI keeps it as an artifact; the README shows a copy in docs/). */
const ARTIFACT_DIR = path.join(__dirname, '..', 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

async function post(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, text: await response.text() };
}

describe('the status page in a browser, on a cluster that ran real dates', () => {
  let cluster: LocalCluster;
  let browser: Browser;
  let opsUrl: string;
  let operatorTokenPath: string;
  let webhook: http.Server;
  /** What the local Slack-compatible receiver was sent. */
  const posted: string[] = [];
  const query = <T extends Record<string, unknown>>(sql: string, params: Record<string, string> = {}) => cluster.infrastructure.warehouse.query<T>(sql, params);

  beforeAll(async () => {
    webhook = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        posted.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string }).text);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    // Any bronze prediction makes a day alert, so that the real dates surely give the checks something to say.
    const config = await isolatedConfig({ ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/services/T0/B0/token`, BRONZE_PREDICTIONS_ALERT_ABOVE_PERCENT: '0' });
    cluster = await LocalCluster.start({ config });
    opsUrl = `http://${config.LOCAL_HOST}:${config.LOCAL_OPS_PORT}`;
    operatorTokenPath = config.operatorTokenPath;
    // History for phases 4 and 5 from the bundled season's box scores, then two dates scraped from the replay through all five phases.
    await seedBundledAnalytics(cluster.infrastructure.warehouse, { from: '2025-10-21', to: '2025-11-02' });
    expect((await post(`${cluster.serviceUrl('phase4-precompute')}/process_date`, { start_date: '2025-10-28', end_date: '2025-11-02', backfill_mode: true })).status).toBe(200);
    await cluster.relay!.whenIdle();
    for (const gameDate of ['2025-11-03', '2025-11-04']) {
      const phase1 = await post(`${cluster.serviceUrl('phase1-scrapers')}/process_date`, { game_date: gameDate });
      expect(phase1.status).toBe(200);
      await cluster.relay!.whenIdle();
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
    await new Promise((resolve) => webhook?.close(resolve));
  });

  it('shows the grid, the charts and the numbers the warehouse holds, and saves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const response = await page.goto(`${cluster.serviceUrl('phase1-scrapers')}/status`);
    expect(response?.status()).toBe(200);

    // The grid: 30 dates × 5 phases, ending at the newest date that ran; each cell's state is its last run's.
    expect(await page.locator('#phase-grid a.cell').count()).toBe(150);
    const lastRuns = await query<{ service: string; status: string; degraded: boolean }>(
      `SELECT service, status, degraded FROM nba_orchestration.phase_execution_log AS runs
        WHERE game_date = '2025-11-04' AND service <> 'phase2-raw'
          AND started_at = (SELECT MAX(started_at) FROM nba_orchestration.phase_execution_log AS later WHERE later.game_date = '2025-11-04' AND later.service = runs.service)`,
    );
    expect(lastRuns).toHaveLength(4);
    for (const run of lastRuns) {
      const expected = run.status === 'success' ? (run.degraded ? 'degraded' : 'success') : run.status === 'partial' ? 'degraded' : run.status === 'skipped' ? 'blocked' : run.status;
      expect(await page.locator(`a.cell[data-date="2025-11-04"][data-service="${run.service}"]`).getAttribute('data-state')).toBe(expected);
    }
    expect(await page.locator('a.cell[data-date="2025-11-04"][data-service="phase5-predictions"]').getAttribute('data-state')).toMatch(/^(success|degraded)$/);
    expect(await page.locator('a.cell[data-date="2025-10-10"][data-service="phase1-scrapers"]').getAttribute('data-state')).toBe('missing');

    // Calibration: every graded OVER/UNDER call of the primary system is in exactly one bucket.
    const [{ bets, wins }] = await query<{ bets: number; wins: number }>(
      `SELECT COUNT(*) AS bets, SUM(CASE WHEN grades.outcome = 'win' THEN 1 ELSE 0 END) AS wins
         FROM nba_predictions.prediction_grades AS grades JOIN nba_predictions.player_prop_predictions AS predictions
           ON predictions.prediction_id = grades.prediction_id AND predictions.game_date = grades.game_date
        WHERE grades.game_date BETWEEN '2025-10-01' AND '2025-11-04' AND predictions.game_date BETWEEN '2025-10-01' AND '2025-11-04'
          AND predictions.is_primary AND grades.outcome IN ('win', 'loss')`,
    );
    expect(Number(bets)).toBeGreaterThan(0);
    const bucketSizes = await page.locator('#calibration-chart g.bucket').evaluateAll((groups) => groups.map((group) => Number(group.getAttribute('data-bets'))));
    expect(bucketSizes.reduce((sum, size) => sum + size, 0)).toBe(Number(bets));
    expect(await page.locator('#calibration-chart line.diagonal').count()).toBe(1);
    const rate = (100 * Number(wins)) / Number(bets);
    expect(await page.locator('#hit-rate').innerText()).toContain(`${rate.toFixed(1)} %`);
    expect(await page.locator('#hit-rate').innerText()).toContain(`on ${Number(bets)} OVER/UNDER calls`);
    expect(await page.locator('#mae-chart polyline').count()).toBe(2);

    // Tiers per day: the chart's numbers are the active primary predictions of the date.
    const [{ predictions }] = await query<{ predictions: number }>(
      "SELECT COUNT(*) AS predictions FROM nba_predictions.player_prop_predictions WHERE game_date = '2025-11-04' AND is_active AND is_primary",
    );
    const day = page.locator('#tiers-chart g.tier-day[data-date="2025-11-04"]');
    const shown = await day.evaluate((group) => ['gold', 'silver', 'bronze'].reduce((sum, tier) => sum + Number(group.getAttribute(`data-${tier}`)), 0));
    expect(shown).toBe(Number(predictions));

    expect(await page.locator('#coverage tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#processors tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('#versions tbody tr').count()).toBe(5);

    fs.mkdirSync(ARTIFACT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACT_DIR, 'status-page.png'), fullPage: true });

    // A cell opens that date's story: every run of the date.
    await page.locator('a.cell[data-date="2025-11-04"][data-service="phase3-analytics"]').click();
    await page.waitForURL(/\/status\/dates\/2025-11-04$/);
    const [{ runs }] = await query<{ runs: number }>("SELECT COUNT(*) AS runs FROM nba_orchestration.phase_execution_log WHERE game_date = '2025-11-04'");
    expect(await page.locator('#runs tbody tr').count()).toBe(Number(runs));
    await page.screenshot({ path: path.join(ARTIFACT_DIR, 'status-date-story.png'), fullPage: true });
    await page.close();
  });

  it('the local operator endpoint serves the same page behind its token, and a date that is not one is a 400 naming it', async () => {
    expect((await fetch(`${opsUrl}/status`)).status).toBe(401);
    const withToken = { headers: { authorization: `Bearer ${readOperatorToken(operatorTokenPath)}` } };
    const fromOps = await fetch(`${opsUrl}/status/dates/2025-11-04`, withToken);
    expect(fromOps.status).toBe(200);
    expect(fromOps.headers.get('content-type')).toContain('text/html');
    expect(await fromOps.text()).toContain('<h1>2025-11-04</h1>');
    const page = await (await fetch(`${opsUrl}/status`, withToken)).text();
    expect(page).toContain('id="phase-grid"');
    expect(page.match(/class="cell /g)).toHaveLength(150);
    const bad = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/status/dates/2025-02-30`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('2025-02-30');
  });

  it('the proactive checks run on phase 1 as Cloud Scheduler calls them; what they find reaches the webhook and the page', async () => {
    const response = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/monitoring/checks?to=2025-11-04`, { method: 'POST' });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { completeness: { percent: number | null }; findings: Array<{ category: string; gameDate: string; message: string }> };
    // Only 2025-11-03 and 2025-11-04 were scraped (the schedule knows no other final games): both have analytics and predictions.
    const [{ final_games }] = await query<{ final_games: number }>(
      "SELECT COUNT(*) AS final_games FROM nba_raw.nbac_schedule WHERE game_date BETWEEN '2025-10-06' AND '2025-11-04' AND game_status = 3",
    );
    expect(Number(final_games)).toBeGreaterThan(0);
    expect(report.completeness.percent).toBe(100);
    const bronzeDays = await query<{ game_date: string }>(
      `SELECT game_date FROM nba_predictions.player_prop_predictions WHERE game_date BETWEEN '2025-10-29' AND '2025-11-04' AND is_active AND is_primary
        GROUP BY game_date HAVING SUM(CASE WHEN quality_tier = 'bronze' THEN 1 ELSE 0 END) > 0 ORDER BY game_date`,
    );
    expect(bronzeDays.length).toBeGreaterThan(0);
    expect(report.findings.filter((finding) => finding.category === 'bronze_predictions').map((finding) => finding.gameDate)).toEqual(bronzeDays.map((row) => row.game_date));
    for (const finding of report.findings) expect(posted.some((text) => text.includes(finding.message))).toBe(true);

    // Run again at once: the same alerts are counted, not sent again.
    const sentBefore = posted.length;
    expect((await fetch(`${cluster.serviceUrl('phase1-scrapers')}/monitoring/checks?to=2025-11-04`, { method: 'POST' })).status).toBe(200);
    expect(posted.length).toBe(sentBefore);

    // Every alert the run raised reached the webhook once (the pipeline's own alerts included).
    const [{ kinds }] = await query<{ kinds: number }>("SELECT COUNT(*) AS kinds FROM nba_orchestration.alert_notifications WHERE game_date BETWEEN '2025-10-01' AND '2025-11-04'");
    expect(Number(kinds)).toBeGreaterThan(0);
    expect(posted.length).toBe(Number(kinds));
    const page = await (await fetch(`${cluster.serviceUrl('phase1-scrapers')}/status?to=2025-11-04`)).text();
    const alertRows = page.slice(page.indexOf('<table id="alerts"'), page.indexOf('</table>', page.indexOf('<table id="alerts"')));
    expect(alertRows.match(/<tr><td>/g)).toHaveLength(Number(kinds));
    expect(alertRows).toContain('bronze_predictions');
    const bad = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/monitoring/checks?to=yesterday`, { method: 'POST' });
    expect(bad.status).toBe(400);
  });
});
