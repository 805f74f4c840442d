import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ManualClock, parseCsv, PlatformConfig } from '@lib/platform';
import { nbacScheduleTable, phaseExecutionLogTable } from '@lib/warehouse';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { isolatedConfig, pushEnvelope, scraperCompletion } from './support/test-config';

const DATA = path.join(__dirname, '../data/season_2025_26');

/** Team-games whose players' points do not add up to the final score, straight from the bundled CSVs. */
function unreconciledTeamGames(dates: string[]): string[] {
  const scores = new Map<string, number>();
  for (const game of parseCsv(fs.readFileSync(path.join(DATA, 'games.csv'), 'utf8'))) {
    if (!dates.includes(game.game_date)) continue;
    scores.set(`${game.game_id} ${game.home_team}`, Number(game.home_pts));
    scores.set(`${game.game_id} ${game.away_team}`, Number(game.away_pts));
  }
  const sums = new Map<string, number>();
  for (const line of parseCsv(fs.readFileSync(path.join(DATA, 'player_box.csv'), 'utf8'))) {
    if (!dates.includes(line.game_date)) continue;
    const key = `${line.game_id} ${line.team}`;
    sums.set(key, (sums.get(key) ?? 0) + Number(line.pts));
  }
  return [...scores].filter(([key, score]) => sums.get(key) !== score).map(([key]) => key).sort();
}

describe('phases 2 and 3 on the real 2025-26 season', () => {
  const clock = new ManualClock(new Date('2025-11-07T12:00:00Z'), { advanceOnSleep: true });
  let config: PlatformConfig;
  let cluster: LocalCluster;

  beforeAll(async () => {
    config = await isolatedConfig({ UPSTREAM_TIMEOUT_MS: '300' });
    cluster = await LocalCluster.start({ config, clock });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  afterEach(() => {
    cluster.replay!.clearFaults();
    clock.set('2025-11-07T12:00:00Z');
  });

  const query = <T extends Record<string, unknown>>(sql: string, params: Record<string, string> = {}) => cluster.infrastructure.warehouse.query<T>(sql, params);
  const post = async (service: Parameters<LocalCluster['serviceUrl']>[0], route: string, body: unknown) => {
    const response = await fetch(`${cluster.serviceUrl(service)}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': `e2e-${randomUUID()}` },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    await cluster.relay!.whenIdle();
    return { status: response.status, body: json };
  };
  const phase3Runs = (gameDate: string) =>
    query<{ status: string; degraded: boolean; trigger: string; detail: string }>(
      `SELECT status, degraded, trigger, detail FROM nba_orchestration.phase_execution_log
        WHERE game_date = @gameDate AND phase = 'phase3' AND status <> 'running' ORDER BY started_at`,
      { gameDate },
    );
  /** Every column but the run stamp (which says which run last wrote a row, not what the row holds). */
  const tableSnapshot = (table: string, gameDate: string, runStamp = true) =>
    query(`SELECT * ${runStamp ? 'EXCLUDE (run_id, processed_at)' : ''} FROM ${table} WHERE game_date = @gameDate ORDER BY ALL`, { gameDate });

  it('builds a normal date once, gold from balldontlie, with team totals that reconcile on the real games', async () => {
    const { status } = await post('phase1-scrapers', '/process_date', { game_date: '2025-11-05' });
    expect(status).toBe(200);
    const transition = await query(`SELECT reason, missing_required FROM nba_orchestration.phase_transitions WHERE game_date = '2025-11-05'`);
    expect(transition).toEqual([{ reason: 'all_required_complete', missing_required: [] }]);
    expect(await phase3Runs('2025-11-05')).toEqual([expect.objectContaining({ status: 'success', degraded: false, trigger: 'pubsub' })]);
    const players = await query<{ tier: string; source: string; n: number }>(
      `SELECT quality_tier AS tier, primary_source AS source, COUNT(*) AS n FROM nba_analytics.player_game_summary
        WHERE game_date = '2025-11-05' GROUP BY 1, 2`,
    );
    expect(players).toEqual([{ tier: 'gold', source: 'bdl_player_boxscores', n: 246 }]);
    // balldontlie has no NBA.com ids: they come from NBA.com's player list, for all but players it no longer lists
    const [ids] = await query<{ with_id: number; right_id: number }>(
      `SELECT COUNT(player_id) AS with_id, COUNT(CASE WHEN player_lookup = 'shaigilgeousalexander' AND player_id = 1628983 THEN 1 END) AS right_id
         FROM nba_analytics.player_game_summary WHERE game_date = '2025-11-05'`,
    );
    expect(ids).toEqual({ with_id: 245, right_id: 1 });
    const csvLines = parseCsv(fs.readFileSync(path.join(DATA, 'player_box.csv'), 'utf8')).filter((line) => line.game_date === '2025-11-05');
    expect(csvLines).toHaveLength(246);
    const [shai] = await query<{ points: number; minutes: number; usage_rate: number; true_shooting_pct: number }>(
      `SELECT points, minutes, usage_rate, true_shooting_pct FROM nba_analytics.player_game_summary
        WHERE game_date = '2025-11-05' AND player_lookup = 'shaigilgeousalexander'`,
    );
    const csvShai = csvLines.find((line) => line.player_name === 'Shai Gilgeous-Alexander')!;
    expect(shai.points).toBe(Number(csvShai.pts));
    expect(shai.true_shooting_pct).toBeCloseTo(Number(csvShai.pts) / (2 * (Number(csvShai.fga) + 0.44 * Number(csvShai.fta))), 3);
    expect(shai.usage_rate).toBeGreaterThan(15);
    expect(shai.usage_rate).toBeLessThan(50);

    const teams = await query<{ key: string; points: number; official_points: number; points_reconciled: boolean }>(
      `SELECT game_id || ' ' || team_code AS key, points, official_points, points_reconciled FROM nba_analytics.team_game_summary
        WHERE game_date = '2025-11-05' ORDER BY key`,
    );
    expect(teams).toHaveLength(22);
    expect(teams.filter((team) => !team.points_reconciled).map((team) => team.key)).toEqual(unreconciledTeamGames(['2025-11-05']));
    const coverage = await query<{ source: string; available: boolean; n: number }>(
      `SELECT source, available, COUNT(*) AS n FROM nba_orchestration.source_coverage_events
        WHERE game_date = '2025-11-05' AND processor = 'player_game_summary' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const loadCoverage = await query<{ processor: string; n: number }>(
      `SELECT processor, COUNT(*) AS n FROM nba_orchestration.source_coverage_events
        WHERE game_date = '2025-11-05' AND phase = 'phase2' AND available GROUP BY 1 ORDER BY 1`,
    );
    // game lists name each of the 11 games; balldontlie lines (no NBA.com ids) count the 22 teams
    expect(loadCoverage).toEqual([
      { processor: 'bdl_box_scores', n: 22 },
      { processor: 'bdl_games', n: 11 },
      { processor: 'bdl_player_stats', n: 22 },
      { processor: 'nbac_schedule', n: 11 },
      { processor: 'odds_events', n: 11 },
      { processor: 'odds_player_points', n: 11 },
    ]);
    expect(coverage).toEqual([
      { source: 'bdl_player_boxscores', available: true, n: 11 },
      { source: 'espn_boxscores', available: false, n: 11 },
      { source: 'nbac_gamebook_player_stats', available: false, n: 11 },
    ]);
  });

  it('takes a game balldontlie lacks from NBA.com, marks it silver, and still builds every game', async () => {
    cluster.replay!.setFaults([{ kind: 'missing_game', source: 'balldontlie', gameId: '0022500165', untilAttempt: 100 }]);
    await post('phase1-scrapers', '/process_date', { game_date: '2025-11-04' });
    const byGame = await query<{ game_id: string; tier: string; source: string; sources: string[] }>(
      `SELECT DISTINCT game_id, quality_tier AS tier, primary_source AS source, sources_available AS sources
         FROM nba_analytics.player_game_summary WHERE game_date = '2025-11-04' ORDER BY game_id`,
    );
    expect(byGame.map((row) => row.game_id)).toHaveLength(6);
    expect(byGame.filter((row) => row.game_id === '0022500165')).toEqual([
      { game_id: '0022500165', tier: 'silver', source: 'nbac_gamebook_player_stats', sources: ['nbac_gamebook_player_stats'] },
    ]);
    expect(byGame.filter((row) => row.game_id !== '0022500165').every((row) => row.tier === 'gold')).toBe(true);
    const runs = await phase3Runs('2025-11-04');
    expect(runs.at(-1)).toMatchObject({ status: 'success' });
    expect(runs.at(-1)!.detail).toMatch(/from 6 of 6 final games; tiers gold \d+, silver \d+, bronze 0/);
  });

  it('waits for a missing required processor until the deadline, then runs degraded and names it', async () => {
    cluster.replay!.setFaults([{ kind: 'error', source: 'balldontlie', status: 503 }]);
    clock.set('2025-11-07T06:00:00Z');
    await post('phase1-scrapers', '/process_date', { game_date: '2025-11-06' });
    expect(await phase3Runs('2025-11-06')).toEqual([]);

    clock.set('2025-11-07T06:20:00Z');
    const early = await post('phase3-analytics', '/transitions/check-deadlines', {});
    expect(early.body).toMatchObject({ waiting: [{ game_date: '2025-11-06', missing_required: ['bdl_player_stats'] }], started: [] });

    clock.set('2025-11-07T06:31:00Z');
    const late = await post('phase3-analytics', '/transitions/check-deadlines', {});
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ started: [{ game_date: '2025-11-06', status: 'partial', degraded: true }] });
    const [run] = await phase3Runs('2025-11-06');
    expect(run).toMatchObject({ status: 'partial', degraded: true, trigger: 'scheduler' });
    expect(run.detail).toMatch(/ran without required processors bdl_player_stats/);
    const alerts = await query<{ category: string; message: string }>(
      `SELECT category, message FROM nba_orchestration.alerts WHERE game_date = '2025-11-06' AND category LIKE 'analytics%' ORDER BY category`,
    );
    expect(alerts.map((alert) => alert.category)).toEqual(['analytics_deadline_passed', 'analytics_incomplete']);
    expect(alerts[0].message).toMatch(/without required processors: bdl_player_stats/);
    const tiers = await query<{ tier: string; source: string }>(
      `SELECT DISTINCT quality_tier AS tier, primary_source AS source FROM nba_analytics.player_game_summary WHERE game_date = '2025-11-06'`,
    );
    expect(tiers).toEqual([{ tier: 'silver', source: 'nbac_gamebook_player_stats' }]);

    const again = await post('phase3-analytics', '/transitions/check-deadlines', {});
    expect(again.body).toMatchObject({ started: [] });
  });

  it('runs a date without games at once, as no_data, without waiting for box scores that will never come', async () => {
    await post('phase1-scrapers', '/process_date', { game_date: '2025-12-24' });
    expect(await phase3Runs('2025-12-24')).toEqual([expect.objectContaining({ status: 'no_data', degraded: false, trigger: 'pubsub' })]);
    const [transition] = await query(`SELECT reason, missing_required FROM nba_orchestration.phase_transitions WHERE game_date = '2025-12-24'`);
    expect(transition).toEqual({ reason: 'all_required_complete', missing_required: [] });
  });

  it('leaves the same rows when a payload is delivered twice, under the same or a new message id', async () => {
    const [stored] = await query<{ payload_path: string }>(
      `SELECT payload_path FROM nba_orchestration.scraper_execution_log
        WHERE game_date = '2025-11-05' AND scraper = 'bdl_player_stats' AND payload_path IS NOT NULL LIMIT 1`,
    );
    const before = await tableSnapshot('nba_raw.bdl_player_boxscores', '2025-11-05', false);
    const message = scraperCompletion('2025-11-05', { scraper: 'bdl_player_stats', endpoint: 'stats', path: stored.payload_path, records: 246 });
    const first = await post('phase2-raw', '/pubsub', pushEnvelope('nba-phase2-raw-sub', message, 'dup-1'));
    const second = await post('phase2-raw', '/pubsub', pushEnvelope('nba-phase2-raw-sub', message, 'dup-1'));
    const third = await post('phase2-raw', '/pubsub', pushEnvelope('nba-phase2-raw-sub', message, 'dup-2'));
    expect([first.body.outcome, second.body.outcome, third.body.outcome]).toEqual(['processed', 'duplicate', 'processed']);
    expect(await tableSnapshot('nba_raw.bdl_player_boxscores', '2025-11-05', false)).toEqual(before);
    expect(before).toHaveLength(2 * 246); // the /stats and /box_scores lines of every player, each endpoint its own rows
  });

  it('dead-letters a payload that does not have its upstream shape, naming the field, and loads none of it', async () => {
    const poisonPath = 'raw/balldontlie/stats/2025-11-05/poison.json';
    const good = { game: { id: 1 }, player: { id: 7, first_name: 'Good', last_name: 'Row' }, team: { abbreviation: 'BOS' }, min: '12', pts: 4 };
    await cluster.infrastructure.objectStore.write(
      poisonPath,
      JSON.stringify({
        scraper: 'bdl_player_stats', source: 'balldontlie', endpoint: 'stats', game_date: '2025-11-05', game_id: null, fallback_for: null,
        run_id: 'poison-run', fetched_at: '2025-11-06T10:00:00Z', status: 'success', records: 2, missing: [],
        data: { data: [good, { ...good, player: { id: 8, first_name: 'Bad' } }] },
      }),
    );
    const message = scraperCompletion('2025-11-05', { scraper: 'bdl_player_stats', endpoint: 'stats', path: poisonPath });
    const delivery = await post('phase2-raw', '/pubsub', pushEnvelope('nba-phase2-raw-sub', message, 'poison-1'));
    expect(delivery.status).toBe(200);
    expect(delivery.body).toMatchObject({ outcome: 'dead_lettered' });
    const [letter] = await query<{ stage: string; reason: string }>(
      `SELECT stage, reason FROM nba_orchestration.dead_letter WHERE message_id = 'poison-1' AND dead_lettered_date >= '2000-01-01'`,
    );
    expect(letter.stage).toBe('content');
    expect(letter.reason).toContain('payload.data.data[1].player.last_name must be a string, got nothing');
    const loaded = await query(`SELECT player_name FROM nba_raw.bdl_player_boxscores WHERE game_date = '2025-11-05' AND source_path = @poisonPath`, { poisonPath });
    expect(loaded).toEqual([]);
    const [run] = await query<{ status: string; error: string }>(
      `SELECT status, error FROM nba_orchestration.processor_runs WHERE game_date = '2025-11-05' AND source_path = @poisonPath`,
      { poisonPath },
    );
    expect(run.status).toBe('failed');
  });

  it('sets aside a real schedule day’s game against a non-NBA club with its reason, loads the NBA games, and dead-letters nothing', async () => {
    // NBA.com's real 2024-25 schedule (data/samples), 2024-10-04: BOS@DEN, NZB (New Zealand Breakers)@UTA, MIN@LAL.
    const season = JSON.parse(fs.readFileSync(path.join(__dirname, '../data/samples/nba_cdn/scheduleLeagueV2_2024-25_odd_days.json'), 'utf8'));
    const day = season.leagueSchedule.gameDates.find((entry: { gameDate: string }) => entry.gameDate.startsWith('10/04/2024'));
    const schedulePath = 'raw/nbacom/schedule/2024-10-04/real-preseason.json';
    await cluster.infrastructure.objectStore.write(
      schedulePath,
      JSON.stringify({
        scraper: 'nbac_schedule', source: 'nbacom', endpoint: 'schedule', game_date: '2024-10-04', game_id: null, fallback_for: null,
        run_id: 'preseason-run', fetched_at: '2024-10-05T10:00:00Z', status: 'success', records: 3, missing: [],
        data: { leagueSchedule: { seasonYear: '2024-25', leagueId: '00', gameDates: [day] } },
      }),
    );
    const message = scraperCompletion('2024-10-04', { scraper: 'nbac_schedule', endpoint: 'schedule', path: schedulePath, records: 3 });
    const delivery = await post('phase2-raw', '/pubsub', pushEnvelope('nba-phase2-raw-sub', message, 'preseason-1'));
    expect(delivery.body).toMatchObject({ outcome: 'processed' });
    const loaded = await query(`SELECT game_id, away_team_code, home_team_code FROM nba_raw.nbac_schedule WHERE game_date = '2024-10-04' ORDER BY game_id`);
    expect(loaded).toEqual([
      { game_id: '0012400001', away_team_code: 'BOS', home_team_code: 'DEN' },
      { game_id: '0012400003', away_team_code: 'MIN', home_team_code: 'LAL' },
    ]);
    const [run] = await query<{ status: string; rows_written: number; detail: string }>(
      `SELECT status, rows_written, detail FROM nba_orchestration.processor_runs WHERE game_date = '2024-10-04' AND source_path = @schedulePath`,
      { schedulePath },
    );
    expect(run).toMatchObject({ status: 'success', rows_written: 2 });
    expect(run.detail).toContain('1 set aside: 0012400002 (');
    expect(run.detail).toContain('not an NBA team: "NZB"');
    const events = await query<{ game_id: string; available: boolean; detail: string | null }>(
      `SELECT game_id, available, detail FROM nba_orchestration.source_coverage_events
        WHERE game_date = '2024-10-04' AND processor = 'nbac_schedule' ORDER BY game_id`,
    );
    expect(events).toEqual([
      { game_id: '0012400001', available: true, detail: null },
      { game_id: '0012400002', available: false, detail: expect.stringMatching(/^set aside: .*not an NBA team: "NZB"/) },
      { game_id: '0012400003', available: true, detail: null },
    ]);
    const letters = await query(`SELECT message_id FROM nba_orchestration.dead_letter WHERE message_id = 'preseason-1' AND dead_lettered_date >= '2000-01-01'`);
    expect(letters).toEqual([]);
  });

  it('backfills a range in order without alerts, and a rerun leaves the same rows', async () => {
    const alertsBefore = await query<{ n: number }>(`SELECT COUNT(*) AS n FROM nba_orchestration.alerts WHERE game_date BETWEEN '2025-11-04' AND '2025-11-06'`);
    const backfill = { start_date: '2025-11-04', end_date: '2025-11-06', backfill_mode: true };
    const first = await post('phase3-analytics', '/process_date', backfill);
    expect(first.status).toBe(200);
    const after = await Promise.all(['2025-11-04', '2025-11-05', '2025-11-06'].map((date) => tableSnapshot('nba_analytics.player_game_summary', date)));
    const second = await post('phase3-analytics', '/process_date', backfill);
    expect(second.status).toBe(200);
    const rerun = await Promise.all(['2025-11-04', '2025-11-05', '2025-11-06'].map((date) => tableSnapshot('nba_analytics.player_game_summary', date)));
    expect(rerun).toEqual(after);
    expect(after.map((rows) => rows.length)).toEqual([expect.any(Number), 246, expect.any(Number)]);
    const alertsAfter = await query<{ n: number }>(`SELECT COUNT(*) AS n FROM nba_orchestration.alerts WHERE game_date BETWEEN '2025-11-04' AND '2025-11-06'`);
    expect(alertsAfter).toEqual(alertsBefore);
  });

  it('runs a date at once on a manual nba-phase3-trigger message, outside the transition', async () => {
    const trigger = { schema_version: 1, game_date: '2025-11-04', backfill_mode: false, correlation_id: 'manual-trigger-1' };
    const delivery = await post('phase3-analytics', '/pubsub', pushEnvelope('nba-phase3-trigger-sub', trigger, 'trigger-1'));
    expect(delivery.body).toMatchObject({ outcome: 'processed', run: { game_date: '2025-11-04', status: 'success' } });
    const [run] = await query<{ trigger: string }>(
      `SELECT trigger FROM nba_orchestration.phase_execution_log WHERE game_date = '2025-11-04' AND phase = 'phase3' AND correlation_id = 'manual-trigger-1'`,
    );
    expect(run).toEqual({ trigger: 'pubsub' });
  });

  it('reconciles a date across every boundary, and self-heal closes a lost analytics game and an unloaded payload', async () => {
    const statusOf = async () =>
      Object.fromEntries(
        (await query<{ boundary: string; status: string }>(`SELECT boundary, status FROM nba_orchestration.reconciliation_results WHERE game_date = '2025-11-05'`)).map(
          (row) => [row.boundary, row.status],
        ),
      );
    const first = await post('phase1-scrapers', '/reconciliation/run?from=2025-11-05&to=2025-11-05', {});
    expect(first.status).toBe(200);
    expect(await statusOf()).toMatchObject({ box_scores: 'ok', raw_loads: 'ok', analytics: 'ok', features: 'ok' });

    // lose one game's analytics rows and one payload's load record, as a lost message would
    await query(`DELETE FROM nba_analytics.player_game_summary WHERE game_date = '2025-11-05' AND game_id = '0022500171'`);
    const [lost] = await query<{ source_path: string }>(
      `SELECT source_path FROM nba_orchestration.processor_runs WHERE game_date = '2025-11-05' AND processor = 'odds_events' AND phase = 'phase2' LIMIT 1`,
    );
    await query(`DELETE FROM nba_orchestration.processor_runs WHERE game_date = '2025-11-05' AND source_path = @path`, { path: lost.source_path });
    // scraped moments ago and not loaded: on its way (a push being retried, a load under way), not lost
    await post('phase1-scrapers', '/reconciliation/run?from=2025-11-05&to=2025-11-05', {});
    expect(await statusOf()).toMatchObject({ raw_loads: 'ok', analytics: 'gap' });
    const [loading] = await query<{ detail: string }>(`SELECT detail FROM nba_orchestration.reconciliation_results WHERE game_date = '2025-11-05' AND boundary = 'raw_loads'`);
    expect(loading.detail).toMatch(/^\d+ of \d+ stored payloads loaded; 1 scraped moments ago still loading$/);
    // RUN_STUCK_AFTER_MINUTES later it is lost
    await query(`UPDATE nba_orchestration.scraper_execution_log SET finished_at = finished_at - INTERVAL 1 HOUR WHERE game_date = '2025-11-05' AND payload_path = @path`, { path: lost.source_path });
    await post('phase1-scrapers', '/reconciliation/run?from=2025-11-05&to=2025-11-05', {});
    expect(await statusOf()).toMatchObject({ raw_loads: 'gap', analytics: 'gap' });
    const [alert] = await query<{ message: string }>(
      `SELECT message FROM nba_orchestration.alerts WHERE game_date = '2025-11-05' AND category = 'reconciliation_gap' AND message LIKE '%raw_loads%' ORDER BY raised_at DESC LIMIT 1`,
    );
    expect(alert.message).toMatch(/raw_loads: 1 of \d+ stored payloads never loaded into nba_raw; analytics: player_game_summary has 10 of 11 final games/);

    const healed = await post('phase1-scrapers', '/self-heal/run?from=2025-11-05&to=2025-11-05', {});
    expect((healed.body.actions as Array<{ boundary: string; action: string }>).map(({ boundary, action }) => [boundary, action])).toEqual([
      ['analytics', 'trigger_phase3'],
      ['raw_loads', 'republish_payload'],
    ]);
    await post('phase1-scrapers', '/reconciliation/run?from=2025-11-05&to=2025-11-05', {});
    expect(await statusOf()).toMatchObject({ raw_loads: 'ok', analytics: 'ok' });
  });

  it('never calls gold a game balldontlie served only part of, reports it as a gap, and self-heal re-scrapes it until it is whole', async () => {
    // the replay hides the game from balldontlie's first two requests that would include it: later pages carry only part of it
    cluster.replay!.setFaults([{ kind: 'missing_game', source: 'balldontlie', gameId: '0022500161', untilAttempt: 3 }]);
    await post('phase1-scrapers', '/process_date', { game_date: '2025-11-03' });
    const gameTiers = () =>
      query<{ tier: string; source: string; n: number }>(
        `SELECT quality_tier AS tier, primary_source AS source, COUNT(*) AS n FROM nba_analytics.player_game_summary
          WHERE game_date = '2025-11-03' AND game_id = '0022500161' GROUP BY 1, 2 ORDER BY 1, 2`,
      );
    const teamPoints = () =>
      query<{ team_code: string; points: number; official_points: number; points_reconciled: boolean }>(
        `SELECT team_code, points, official_points, points_reconciled FROM nba_analytics.team_game_summary
          WHERE game_date = '2025-11-03' AND game_id = '0022500161' ORDER BY team_code`,
      );
    // the replay's fault is deterministic: the game's last page holds 7 DET and 21 MEM points of 114 and 106
    expect((await teamPoints()).map((team) => [team.team_code, team.points, team.points_reconciled])).toEqual([
      ['DET', 7, false],
      ['MEM', 21, false],
    ]);
    expect(await gameTiers()).toEqual([{ tier: 'bronze', source: 'bdl_player_boxscores', n: expect.any(Number) }]);
    cluster.replay!.clearFaults();

    await post('phase1-scrapers', '/reconciliation/run?from=2025-11-03&to=2025-11-03', {});
    const [analytics] = await query<{ status: string; detail: string }>(
      `SELECT status, detail FROM nba_orchestration.reconciliation_results WHERE game_date = '2025-11-03' AND boundary = 'analytics'`,
    );
    expect(analytics).toEqual({ status: 'gap', detail: expect.stringContaining('built incomplete (points short of the final score or a short roster): 0022500161') });
    const healed = await post('phase1-scrapers', '/self-heal/run?from=2025-11-03&to=2025-11-03', {});
    expect((healed.body.actions as Array<{ boundary: string; action: string }>).filter(({ boundary }) => boundary === 'analytics').map(({ action }) => action)).toEqual([
      'rescrape_box_scores',
    ]);
    expect(await teamPoints()).toEqual([
      { team_code: 'DET', points: 114, official_points: 114, points_reconciled: true },
      { team_code: 'MEM', points: 106, official_points: 106, points_reconciled: true },
    ]);
    // the fault has passed: balldontlie now has the whole game, and it is gold as a clean run makes it (the fallbacks are there too)
    expect(await gameTiers()).toEqual([{ tier: 'gold', source: 'bdl_player_boxscores', n: expect.any(Number) }]);
    await post('phase1-scrapers', '/reconciliation/run?from=2025-11-03&to=2025-11-03', {});
    const [after] = await query<{ status: string }>(`SELECT status FROM nba_orchestration.reconciliation_results WHERE game_date = '2025-11-03' AND boundary = 'analytics'`);
    expect(after.status).toBe('ok');
  });

  it('finds a phase 3 run that died mid-way once it is stuck past RUN_STUCK_AFTER_MINUTES, marks it failed and runs its date again', async () => {
    const stuckRunId = `died-${randomUUID()}`;
    await cluster.infrastructure.warehouse.upsert(phaseExecutionLogTable, [
      {
        run_id: stuckRunId, phase: 'phase3', service: 'phase3-analytics', game_date: '2025-11-05', status: 'running', degraded: false, trigger: 'pubsub',
        backfill_mode: false, records: null, detail: null, error: null, correlation_id: 'killed-instance', started_at: new Date(Date.now() - 16 * 60_000).toISOString(), finished_at: null,
      },
    ]);
    const recovery = await post('phase3-analytics', '/runs/recover-stuck', {});
    expect(recovery.status).toBe(200);
    expect(recovery.body.recovered).toEqual([expect.objectContaining({ stuck_run_id: stuckRunId, game_date: '2025-11-05', retry: expect.objectContaining({ status: 'success' }) })]);
    const [stuck] = await query<{ status: string; error: string }>(`SELECT status, error FROM nba_orchestration.phase_execution_log WHERE game_date = '2025-11-05' AND run_id = @stuckRunId`, { stuckRunId });
    expect(stuck.status).toBe('failed');
    expect(stuck.error).toMatch(/recorded no finish within 15 min: its instance died; retried/);
    expect((await post('phase3-analytics', '/runs/recover-stuck', {})).body.recovered).toEqual([]);
  });

  it('fires the 2 -> 3 transition again when the run it started never finished (a crash), at the next deadline check', async () => {
    const finishedRuns = `FROM nba_orchestration.phase_execution_log WHERE game_date = '2025-11-05' AND phase = 'phase3' AND status IN ('success', 'partial', 'no_data')`;
    // what a killed cluster leaves: the transition row, and its run marked failed by the restart
    await query(`DELETE ${finishedRuns}`);
    await query(`UPDATE nba_orchestration.phase_execution_log SET status = 'failed', error = 'the process running it stopped' WHERE game_date = '2025-11-05' AND phase = 'phase3'`);
    const check = await post('phase3-analytics', '/transitions/check-deadlines', {});
    expect(check.body).toMatchObject({ refired: [{ game_date: '2025-11-05' }], started: [expect.objectContaining({ game_date: '2025-11-05', status: 'success' })] });
    expect(await query(`SELECT run_id ${finishedRuns}`)).toHaveLength(1);
    expect((await post('phase3-analytics', '/transitions/check-deadlines', {})).body).toMatchObject({ refired: [] });
  });

  it('refuses a reconciliation range that is not dates, naming the field', async () => {
    const response = await post('phase1-scrapers', '/reconciliation/run?from=2025-13-01', {});
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual(['from']);
  });

  it('starts no deadline for a date whose games have not been played: its schedule reads count only once a box score loads', async () => {
    // Phase 2's completions as the relay delivers them to phase 3 (hand-made messages; the real loads are the tests above).
    const completion = (processor: string, table: string, source: string, records: number) => ({
      schema_version: 1, phase: 2, service: 'phase2-raw', run_id: randomUUID(), game_date: '2025-11-09', status: 'success', records, degraded: false,
      backfill_mode: false, processor, table, source, source_path: `raw/hand-made/${processor}/2025-11-09.json`,
    });
    const deliver = async (message: object) => {
      const response = await post('phase3-analytics', '/pubsub', pushEnvelope('nba-phase3-analytics-sub', message, `m-${randomUUID()}`));
      expect(response.status).toBe(200);
      return response.body;
    };
    clock.set('2025-11-09T11:00:00Z'); // 6 am ET: the hourly evaluation reads the day's schedule
    const morning = await deliver(completion('nbac_schedule', 'nba_raw.nbac_schedule', 'nbacom', 9));
    expect(JSON.stringify(morning)).toMatch(/no box score loaded yet: the deadline has not started/);
    clock.set('2025-11-09T23:00:00Z'); // 6 pm ET, the lines are in; still no game played
    await deliver(completion('odds_player_points', 'nba_raw.odds_api_player_points_props', 'odds_api', 400));
    const pregame = await post('phase3-analytics', '/transitions/check-deadlines', {});
    expect(pregame.body).toMatchObject({ started: [] });
    expect((pregame.body.waiting as Array<{ game_date: string }>).map((date) => date.game_date)).not.toContain('2025-11-09');

    clock.set('2025-11-10T06:00:00Z'); // 1 am ET: a fallback's box scores load, the required source has not
    await deliver(completion('nbac_boxscore', 'nba_raw.nbac_gamebook_player_stats', 'nbacom', 30));
    clock.set('2025-11-10T06:20:00Z');
    const waiting = await post('phase3-analytics', '/transitions/check-deadlines', {});
    expect(waiting.body).toMatchObject({ started: [] });
    expect(waiting.body.waiting).toContainEqual({ game_date: '2025-11-09', deadline_at: '2025-11-10T06:30:00.000Z', missing_required: ['bdl_player_stats'] });
    expect(await query(`SELECT category FROM nba_orchestration.alerts WHERE game_date = '2025-11-09'`)).toEqual([]);
    expect(await query(`SELECT reason FROM nba_orchestration.phase_transitions WHERE game_date = '2025-11-09'`)).toEqual([]);
  });

  it('reconciles games that ended minutes ago as awaiting results until post-game window 1 has had its chance, then as a gap', async () => {
    // hand-made schedule rows: two games final on 2025-11-20, the last tipping off at 10 pm ET, no box score fetched yet
    const lineage = { source_path: 'raw/nbacom/schedule/2025-11-20/hand-made.json', scrape_run_id: 'hand-made', fetched_at: '2025-11-21T05:00:00Z' };
    const game = (gameId: string, tipoff: string, home: string, away: string) => ({
      game_date: '2025-11-20', game_id: gameId, season: '2025-26', game_code: null, game_status: 3, game_status_text: 'Final', game_label: null, start_time_utc: tipoff,
      home_team_code: home, away_team_code: away, home_team_id: null, away_team_id: null, home_score: 110, away_score: 100, postponed_status: null, ...lineage,
    });
    await cluster.infrastructure.warehouse.upsert(nbacScheduleTable, [game('hand-made-1', '2025-11-21T00:00:00Z', 'BOS', 'NYK'), game('hand-made-2', '2025-11-21T03:00:00Z', 'LAL', 'GSW')]);
    const reconcile = async (at: string) => {
      clock.set(at);
      const response = await post('phase1-scrapers', '/reconciliation/run?from=2025-11-20&to=2025-11-20', {});
      expect(response.status).toBe(200);
      return query<{ boundary: string; status: string; detail: string }>(
        `SELECT boundary, status, detail FROM nba_orchestration.reconciliation_results WHERE game_date = '2025-11-20' AND boundary IN ('box_scores', 'analytics') ORDER BY boundary`,
      );
    };
    const gapAlerts = () => query<{ message: string }>(`SELECT message FROM nba_orchestration.alerts WHERE game_date = @date AND category = @category`, { date: '2025-11-20', category: 'reconciliation_gap' });
    try {
      const night = await reconcile('2025-11-21T05:15:00Z'); // 00:15 ET, the nightly self-heal's reconciliation
      expect(night.map((row) => [row.boundary, row.status])).toEqual([['analytics', 'awaiting_results'], ['box_scores', 'awaiting_results']]);
      expect(night[1].detail).toBe('2 of 2 final games have no box score yet; the post-game windows fetch them (results due by 2025-11-21T07:30:00.000Z)');
      expect(await gapAlerts()).toEqual([]);

      const morning = await reconcile('2025-11-21T08:00:00Z'); // window 1 has come and gone: nothing fetched them
      expect(morning.map((row) => [row.boundary, row.status])).toEqual([['analytics', 'gap'], ['box_scores', 'gap']]);
      expect((await gapAlerts()).map((alert) => alert.message)).toEqual(['box_scores: 2 of 2 final games have no box score from any source (scraper_retry_queue); analytics: player_game_summary has 0 of 2 final games']);
    } finally {
      await query(`DELETE FROM nba_raw.nbac_schedule WHERE game_date = '2025-11-20'`);
    }
  });
});
