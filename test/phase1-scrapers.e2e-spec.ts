import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ManualClock, PlatformConfig } from '@lib/platform';
import { BIGDATABALL_COLUMNS } from '../tools/replay/bigdataball.routes';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { seedBundledAnalytics } from '../tools/seed/analytics.seeder';
import { isolatedConfig } from './support/test-config';

/** A HAND-MADE TEST FIXTURE in BigDataBall's column layout (no real BigDataBall data is bundled). */
function handMadeBigDataBallFile(directory: string, gameId: string, date: string): void {
  const row = (values: Record<string, string | number>) => BIGDATABALL_COLUMNS.map((column) => String(values[column] ?? '')).join(',');
  fs.writeFileSync(
    path.join(directory, `HANDMADE-TEST-FIXTURE_${gameId}.csv`),
    [
      BIGDATABALL_COLUMNS.join(','),
      row({ game_id: gameId, data_set: 'HAND-MADE TEST FIXTURE', date, period: 1, play_id: 1, event_type: 'start of period', description: 'hand-made fixture' }),
      row({ game_id: gameId, data_set: 'HAND-MADE TEST FIXTURE', date, period: 1, play_id: 2, event_type: 'shot', points: 2, description: 'hand-made fixture' }),
    ].join('\n'),
  );
}

describe('phase 1 against the replay of the real 2025-26 season', () => {
  const clock = new ManualClock(new Date('2025-11-20T12:00:00Z'), { advanceOnSleep: true });
  const bigDataBallDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bdb-fixture-'));
  let config: PlatformConfig;
  let cluster: LocalCluster;

  beforeAll(async () => {
    handMadeBigDataBallFile(bigDataBallDir, '0022500171', '2025-11-05');
    config = await isolatedConfig({ UPSTREAM_TIMEOUT_MS: '300' });
    cluster = await LocalCluster.start({ config, clock, replayBigDataBallDir: bigDataBallDir });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(() => {
    cluster.replay!.clearFaults();
    clock.set('2025-11-20T12:00:00Z');
  });

  async function scrape(gameDate: string) {
    const correlationId = `p1-${randomUUID()}`;
    const response = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
      body: JSON.stringify({ game_date: gameDate }),
    });
    const body = (await response.json()) as { dates: Array<{ status: string; detail?: string; error?: string; records: number }> };
    await cluster.relay!.whenIdle();
    return { status: response.status, run: body.dates[0], correlationId };
  }
  const query = <T extends Record<string, unknown>>(sql: string, params: Record<string, string>) => cluster.infrastructure.warehouse.query<T>(sql, params);
  const scraperRuns = (correlationId: string, gameDate: string) =>
    query<{ scraper: string; status: string; http_statuses: number[]; attempts: number; payload_path: string | null; params: Record<string, string>; error: string | null }>(
      `SELECT scraper, status, http_statuses, attempts, payload_path, params, error FROM nba_orchestration.scraper_execution_log
        WHERE game_date = @gameDate AND correlation_id = @correlationId ORDER BY started_at`,
      { gameDate, correlationId },
    );

  it('scrapes a normal date from every source and hands every payload to phase 2', async () => {
    const { status, run, correlationId } = await scrape('2025-11-05');
    expect(status).toBe(200);
    expect(run.status).toBe('success');
    expect(run.detail).toMatch(/schedule: 11 games \(nbac_schedule\), 0 awaiting results; box scores: balldontlie 11\/11/);
    expect(run.detail).toMatch(/play-by-play: bigdataball 1, nbacom fallback 0/);
    // The replay bundles no injury report or referee assignments: both say not published, not failed.
    // It replays NBA.com's real player list of the season: 526 players on a roster.
    expect(run.detail).toMatch(/injury report: no_data, referee assignments: no_data, player list: success \(526 rows\)$/);
    const runs = await scraperRuns(correlationId, '2025-11-05');
    expect(runs.filter((row) => /^nbac_(injury_report|referee_assignments)$/.test(row.scraper))).toEqual([
      expect.objectContaining({ scraper: 'nbac_injury_report', status: 'no_data', http_statuses: Array(24).fill(404), error: null }),
      expect.objectContaining({ scraper: 'nbac_referee_assignments', status: 'no_data', http_statuses: [404], error: null }),
    ]);
    const stored = runs.filter((row) => row.payload_path);
    for (const row of stored) await expect(cluster.infrastructure.objectStore.exists(row.payload_path!)).resolves.toBe(true);
    expect(stored.map((row) => row.payload_path)).toContainEqual(expect.stringMatching(/^raw\/balldontlie\/box_scores\/2025-11-05\/[0-9a-f-]+\.json$/));
    const delivered = await query<{ deliveries: number }>(
      `SELECT count(*) AS deliveries FROM nba_orchestration.processed_messages WHERE subscription = 'nba-phase2-raw-sub' AND correlation_id = @correlationId`,
      { correlationId },
    );
    expect(Number(delivered[0].deliveries)).toBe(runs.length);
  });

  it('waits as long as a 429 Retry-After tells it, then succeeds', async () => {
    cluster.replay!.setFaults([{ kind: 'rate_limit', source: 'balldontlie', path: '^/nba/v1/box_scores', burst: 1, retryAfterSeconds: 7 }]);
    clock.waits.length = 0;
    const { run, correlationId } = await scrape('2025-11-05');
    expect(run.status).toBe('success');
    expect(clock.waits).toContain(7000);
    const boxScores = (await scraperRuns(correlationId, '2025-11-05')).find((row) => row.scraper === 'bdl_box_scores');
    expect(boxScores).toMatchObject({ status: 'success', http_statuses: [429, 200], attempts: 2 });
  });

  it('retries a burst of 5xx from NBA.com and succeeds', async () => {
    cluster.replay!.setFaults([{ kind: 'error', source: 'nba-cdn', path: 'scheduleLeagueV2', firstN: 2, status: 503 }]);
    const { run, correlationId } = await scrape('2025-11-05');
    expect(run.status).toBe('success');
    const schedule = (await scraperRuns(correlationId, '2025-11-05')).find((row) => row.scraper === 'nbac_schedule');
    expect(schedule).toMatchObject({ status: 'success', http_statuses: [503, 503, 200], attempts: 3 });
  });

  it('records a failing injury report in the execution log and api_errors, and still calls the date a success', async () => {
    cluster.replay!.setFaults([{ kind: 'error', source: 'nba-injury-report', status: 503 }]);
    const { run, correlationId } = await scrape('2025-11-05');
    expect(run.status).toBe('success');
    expect(run.detail).toMatch(/injury report: failed, referee assignments: no_data, player list: success \(526 rows\)$/);
    const injury = (await scraperRuns(correlationId, '2025-11-05')).find((row) => row.scraper === 'nbac_injury_report');
    // The newest time with its retries, then the three older times asked for ahead of it, one attempt each.
    expect(injury).toMatchObject({ status: 'failed', payload_path: null, http_statuses: [503, 503, 503, 503, 503, 503, 503, 503] });
    const errors = await query<{ provider: string; kind: string; http_status: number }>(
      `SELECT provider, kind, http_status FROM nba_orchestration.api_errors WHERE game_date = '2025-11-05' AND scraper = 'nbac_injury_report' AND correlation_id = @correlationId`,
      { correlationId },
    );
    expect(errors).toEqual([{ provider: 'nba_injury_report', kind: 'http', http_status: 503 }]);
  });

  it('falls back to NBA.com for a game balldontlie lacks, and marks the fallback', async () => {
    cluster.replay!.setFaults([{ kind: 'missing_game', source: 'balldontlie', gameId: '0022500171', untilAttempt: 100 }]);
    const { run, correlationId } = await scrape('2025-11-05');
    expect(run.status).toBe('success');
    expect(run.detail).toMatch(/balldontlie 10\/11, nbacom 1\/1/);
    const fallback = (await scraperRuns(correlationId, '2025-11-05')).filter((row) => row.scraper === 'nbac_boxscore_v3');
    expect(fallback).toEqual([expect.objectContaining({ status: 'success', params: expect.objectContaining({ game_id: '0022500171', fallback_for: 'balldontlie' }) })]);
    const availability = await query<{ source: string; was_available: boolean }>(
      `SELECT source, was_available FROM nba_orchestration.source_availability WHERE game_date = '2025-11-05' AND game_id = @gameId ORDER BY source`,
      { gameId: '0022500171' },
    );
    expect(availability).toEqual([
      { source: 'balldontlie', was_available: false },
      { source: 'nbacom', was_available: true },
    ]);
  });

  it('refuses a truncated payload with a clear error and writes nothing of it', async () => {
    cluster.replay!.setFaults([{ kind: 'truncate', source: 'odds-api', path: '/events\\?' }]);
    const { run, correlationId } = await scrape('2025-11-05');
    expect(run.status).toBe('partial');
    expect(run.detail).toMatch(/scrapers not complete: odds_events failed/);
    const events = (await scraperRuns(correlationId, '2025-11-05')).find((row) => row.scraper === 'odds_events');
    expect(events).toMatchObject({ status: 'failed', payload_path: null });
    expect(events!.error).toMatch(/invalid_json/);
    const stored = await cluster.infrastructure.objectStore.list('raw/odds_api/events/2025-11-05/');
    const runIds = (await scraperRuns(correlationId, '2025-11-05')).filter((row) => row.scraper === 'odds_events');
    expect(stored.some((stored) => runIds.some((row) => row.payload_path === stored))).toBe(false);
  });

  it('keeps the pages it fetched when pagination fails part-way, and queues the rest from the cursor', async () => {
    cluster.replay!.setFaults([{ kind: 'error', source: 'balldontlie', path: '^/nba/v1/stats.*cursor=', status: 500 }]);
    const { run, correlationId } = await scrape('2025-11-05');
    expect(run.status).toBe('partial');
    expect(run.detail).toMatch(/bdl_player_stats partial/);
    const stats = (await scraperRuns(correlationId, '2025-11-05')).find((row) => row.scraper === 'bdl_player_stats')!;
    expect(stats.status).toBe('partial');
    const payload = JSON.parse((await cluster.infrastructure.objectStore.read(stats.payload_path!)).toString('utf8')) as {
      status: string;
      data: { data: unknown[]; meta: { pages_fetched: number; complete: boolean; resume_cursor: string } };
    };
    expect(payload.status).toBe('partial');
    expect(payload.data.data).toHaveLength(100);
    expect(payload.data.meta).toMatchObject({ pages_fetched: 1, complete: false });
    const [owed] = await query<{ target: string; status: string }>(
      `SELECT target, status FROM nba_orchestration.scraper_retry_queue WHERE game_date = '2025-11-05' AND scraper = 'bdl_player_stats'`,
      {},
    );
    expect(owed).toEqual({ target: `cursor:${payload.data.meta.resume_cursor}`, status: 'pending' });
  });

  it('queues a game no source has, and the retry run closes it once the game arrives', async () => {
    cluster.replay!.setFaults(
      (['balldontlie', 'nba-stats', 'espn'] as const).map((source) => ({ kind: 'missing_game' as const, source, gameId: '0022500172', untilAttempt: 100 })),
    );
    const first = await scrape('2025-11-05');
    expect(first.run.status).toBe('partial');
    expect(first.run.detail).toMatch(/missing everywhere: 0022500172/);
    const owed = () =>
      query<{ status: string; reason: string }>(
        `SELECT status, reason FROM nba_orchestration.scraper_retry_queue WHERE game_date = '2025-11-05' AND scraper = 'bdl_box_scores' AND target = '0022500172'`,
        {},
      );
    expect(await owed()).toEqual([{ status: 'pending', reason: expect.stringMatching(/missing from balldontlie, NBA.com and ESPN/) }]);
    cluster.replay!.clearFaults();
    const retry = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/retries/run?since=2025-11-01`, { method: 'POST' });
    expect(retry.status).toBe(200);
    await cluster.relay!.whenIdle();
    expect(((await retry.json()) as { dates: Array<{ game_date: string; status: string }> }).dates).toContainEqual(
      expect.objectContaining({ game_date: '2025-11-05', status: 'success' }),
    );
    expect(await owed()).toEqual([{ status: 'done', reason: 'a box score arrived' }]);
  });

  it('waits for a late BigDataBall file, then takes it on a later window', async () => {
    cluster.replay!.setFaults([{ kind: 'release_delay', source: 'bigdataball', hours: 9 }]);
    clock.set('2025-11-06T07:00:00Z');
    const early = await scrape('2025-11-05');
    expect(early.run.detail).toMatch(/play-by-play: bigdataball 0, nbacom fallback 0, waiting for release 11/);
    const owed = await query<{ target: string; status: string }>(
      `SELECT target, status FROM nba_orchestration.scraper_retry_queue WHERE game_date = '2025-11-05' AND scraper = 'bdb_play_by_play' AND target = '0022500171'`,
      {},
    );
    expect(owed).toEqual([{ target: '0022500171', status: 'pending' }]);
    clock.set('2025-11-06T16:00:00Z');
    const late = await scrape('2025-11-05');
    expect(late.run.detail).toMatch(/play-by-play: bigdataball 1, nbacom fallback 0, waiting for release 0/);
    const [resolved] = await query<{ status: string; reason: string }>(
      `SELECT status, reason FROM nba_orchestration.scraper_retry_queue WHERE game_date = '2025-11-05' AND scraper = 'bdb_play_by_play' AND target = '0022500171'`,
      {},
    );
    expect(resolved).toEqual({ status: 'done', reason: 'bigdataball released the file' });
  });

  it('says a date whose results have not arrived is awaiting them, without inventing box scores', async () => {
    const { run } = await scrape('2025-11-28');
    expect(run.detail).toMatch(/awaiting results/);
    expect(run.detail).toMatch(/box scores: balldontlie 0\/0/);
  });

  it('records every hourly workflow decision with its reason', async () => {
    clock.set('2025-11-05T13:00:00Z');
    const response = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/workflows/evaluate`, { method: 'POST' });
    const body = (await response.json()) as { decisions: Array<{ game_date: string; workflow: string; decision: string; reason: string; outcome: string | null }> };
    expect(response.status).toBe(200);
    const today = body.decisions.filter((decision) => decision.game_date === '2025-11-05');
    expect(today.find((decision) => decision.workflow === 'morning_operations')).toMatchObject({
      decision: 'RUN',
      outcome: expect.stringMatching(/^success: \d+ records for 2025-11-04.*; today 2025-11-05: injury report: no_data, referee assignments: no_data, player list: success \(526 rows\)$/),
    });
    expect(today.find((decision) => decision.workflow === 'betting_lines')).toMatchObject({ decision: 'SKIP', reason: expect.stringMatching(/lines window opens at 2025-11-05T18:00:00Z/) });
    const stored = await query<{ decisions: number }>(`SELECT count(*) AS decisions FROM nba_orchestration.workflow_decisions WHERE game_date BETWEEN '2025-11-04' AND '2025-11-05'`, {});
    expect(Number(stored[0].decisions)).toBe(body.decisions.length);
  });
  it('fetches the latest injury report with the pre-game lines', async () => {
    clock.set('2025-11-05T20:00:00Z');
    const response = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/workflows/evaluate`, { method: 'POST' });
    const body = (await response.json()) as { decisions: Array<{ game_date: string; workflow: string; decision: string; outcome: string | null }> };
    expect(body.decisions.find((decision) => decision.game_date === '2025-11-05' && decision.workflow === 'betting_lines')).toMatchObject({
      decision: 'RUN',
      outcome: expect.stringMatching(/^success: \d+ events, \d+ lines; injury report: no_data, referee assignments: no_data; no player lines yet: pre-game predictions not triggered$/),
    });
  });
  it('says a lines run failed when the Odds API events list failed, instead of reporting 0 events as a success', async () => {
    cluster.replay!.setFaults([{ kind: 'error', source: 'odds-api', path: '/events\\?', status: 503 }]);
    try {
      clock.set('2025-11-05T21:00:00Z');
      const response = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/workflows/evaluate`, { method: 'POST' });
      const body = (await response.json()) as { decisions: Array<{ game_date: string; workflow: string; decision: string; outcome: string | null }> };
      expect(response.status).toBe(500);
      expect(body.decisions.find((decision) => decision.game_date === '2025-11-05' && decision.workflow === 'betting_lines')).toMatchObject({
        decision: 'RUN',
        outcome: expect.stringMatching(/^failed: 0 events, 0 lines; 1 line scrapes failed: odds_events failed \(.*503.*\), so no player lines were asked for; .*no player lines yet: pre-game predictions not triggered$/),
      });
    } finally {
      cluster.replay!.setFaults([]);
    }
  });
  it('once a pre-game lines run stores player lines, phases 4 and 5 predict the date before its first tip-off', async () => {
    // the season's box scores before the date, as phase 3 would have built them (the features come from these)
    await seedBundledAnalytics(cluster.infrastructure.warehouse, { from: '2025-10-21', to: '2025-11-04' });
    clock.set('2025-11-05T22:30:00Z'); // 5:30 pm ET: the replay's 5 pm lines are out; the first tip-off is at 7 pm ET
    const response = await fetch(`${cluster.serviceUrl('phase1-scrapers')}/workflows/evaluate`, { method: 'POST', headers: { 'x-correlation-id': 'pregame-lines' } });
    const body = (await response.json()) as { decisions: Array<{ game_date: string; workflow: string; decision: string; outcome: string | null }> };
    expect(body.decisions.find((decision) => decision.game_date === '2025-11-05' && decision.workflow === 'betting_lines')).toMatchObject({
      decision: 'RUN',
      outcome: expect.stringMatching(/; [1-9]\d* player lines: phase 4 triggered for pre-game predictions \(message [^)]+\)$/),
    });
    await cluster.relay!.whenIdle();
    const runs = await query<{ phase: string; status: string; trigger: string }>(
      `SELECT phase, status, trigger FROM nba_orchestration.phase_execution_log
        WHERE game_date = '2025-11-05' AND correlation_id = 'pregame-lines' AND phase IN ('phase4', 'phase5') AND status <> 'running' ORDER BY phase`,
      {},
    );
    expect(runs.map((run) => [run.phase, run.status])).toEqual([['phase4', 'success'], ['phase5', 'success']]);
    const [made] = await query<{ predictions: number; last_made: string }>(
      `SELECT COUNT(*) AS predictions, MAX(created_at) AS last_made FROM nba_predictions.player_prop_predictions WHERE game_date = '2025-11-05' AND is_active AND line_value IS NOT NULL`,
      {},
    );
    expect(Number(made.predictions)).toBeGreaterThan(0);
    expect(made.last_made < '2025-11-06T00:00:00').toBe(true);
  });
  // Last: the breaker it opens stays open for the rest of this cluster's life.
  it('opens the breaker on a dead upstream, stops calling it, and still gets every game from the fallbacks', async () => {
    cluster.replay!.setFaults([{ kind: 'error', source: 'balldontlie', status: 503 }]);
    cluster.replay!.clearRequests();
    const first = await scrape('2025-11-06');
    const second = await scrape('2025-11-07');
    for (const { run } of [first, second]) {
      expect(run.status).toBe('partial');
      expect(run.detail).toMatch(/balldontlie 0\/\d+, nbacom (\d+)\/\1/);
      expect(run.detail).toMatch(/missing everywhere: none/);
    }
    const balldontlieRequests = cluster.replay!.requests().filter((entry) => entry.source === 'balldontlie').length;
    // five failed calls of five attempts each open the breaker; the sixth call never reaches the upstream
    expect(balldontlieRequests).toBe(25);
    const errors = await query<{ kind: string }>(
      `SELECT kind FROM nba_orchestration.api_errors WHERE game_date = '2025-11-07' AND provider = 'balldontlie' AND correlation_id = @correlationId`,
      { correlationId: second.correlationId },
    );
    expect(errors.map((error) => error.kind)).toContain('circuit_open');
    const alerts = await query<{ message: string }>(
      `SELECT message FROM nba_orchestration.alerts WHERE game_date = '2025-11-06' AND category = 'source_coverage'`,
      {},
    );
    expect(alerts[0].message).toMatch(/^balldontlie has 0 of \d+ final games \(0 % < 80 %\)/);
  });

});
