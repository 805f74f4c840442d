import { LocalCluster } from '../tools/cluster/local-cluster';
import { seedBundledAnalytics } from '../tools/seed/analytics.seeder';
import { isolatedConfig } from './support/test-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

async function post(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as JsonBody };
}

describe('the pipeline circuit breaker in phase 5, on the real season (analytics seeded)', () => {
  let cluster: LocalCluster;
  const url = (service: 'phase4-precompute' | 'phase5-predictions', path: string) => `${cluster.serviceUrl(service)}${path}`;
  const query = <T extends Record<string, unknown>>(sql: string) => cluster.infrastructure.warehouse.query<T>(sql);
  const lastPhase5Run = async () =>
    (
      await query<{ status: string; detail: string }>(
        `SELECT status, detail FROM nba_orchestration.phase_execution_log WHERE game_date = '2025-11-05' AND service = 'phase5-predictions' ORDER BY started_at DESC LIMIT 1`,
      )
    )[0];

  beforeAll(async () => {
    cluster = await LocalCluster.start({ config: await isolatedConfig({ LOCAL_REPLAY: 'false' }), withOpsServer: false });
    await seedBundledAnalytics(cluster.infrastructure.warehouse, { from: '2025-10-21', to: '2025-11-05' });
    expect((await post(url('phase4-precompute', '/process_date'), { start_date: '2025-10-26', end_date: '2025-11-05', backfill_mode: true })).status).toBe(200);
    await cluster.relay!.whenIdle();
  }, 180_000);
  afterAll(() => cluster?.stop());

  it('holds the date when more than half its games rest on bronze data: recorded, alerted, released by a person, then predicted and flagged', async () => {
    const games = await query<{ game_id: string }>("SELECT DISTINCT game_id FROM nba_precompute.ml_feature_store WHERE game_date = '2025-11-05' ORDER BY game_id");
    expect(games.length).toBe(11);
    // What a lost box-score source does upstream: 6 of the 11 games' analytics are bronze under every vector.
    const damaged = games.slice(0, 6).map((game) => `'${game.game_id}'`).join(', ');
    await query(`UPDATE nba_precompute.ml_feature_store SET upstream_tier = 'bronze' WHERE game_date = '2025-11-05' AND game_id IN (${damaged})`);

    expect((await post(url('phase5-predictions', '/process_date'), { game_date: '2025-11-05' })).status).toBe(200);
    const held = await lastPhase5Run();
    // Phase 5's run also grades the date, so the run succeeds with its predict step skipped.
    expect(held.detail).toContain('predict: skipped (0) circuit breaker held: 6 of 11 games have data problems');
    const [check] = await query("SELECT status, completeness_pct FROM nba_orchestration.phase_boundary_checks WHERE game_date = '2025-11-05' AND phase = 'phase5-circuit-breaker'");
    expect(check).toEqual({ status: 'blocked', completeness_pct: 45.5 });
    const alerts = await query<{ category: string; severity: string; message: string }>(
      "SELECT category, severity, message FROM nba_orchestration.alerts WHERE game_date = '2025-11-05' AND service = 'phase5-predictions'",
    );
    expect(alerts).toEqual([
      expect.objectContaining({ category: 'circuit_breaker_open', severity: 'CRITICAL', message: expect.stringContaining('phase 5 held for 2025-11-05: 54.5 % of its games have data problems') }),
    ]);

    // The boundary gate itself is not what holds the date; the circuit breaker is released by naming it.
    expect((await post(url('phase5-predictions', '/boundary/release'), { game_date: '2025-11-05', released_by: 'oncall', reason: 'checked' })).status).toBe(409);
    expect((await post(url('phase4-precompute', '/boundary/release'), { game_date: '2025-11-05', released_by: 'oncall', reason: 'checked', gate: 'circuit_breaker' })).status).toBe(400);
    const released = await post(url('phase5-predictions', '/boundary/release'), { game_date: '2025-11-05', released_by: 'oncall', reason: 'box scores checked by hand', gate: 'circuit_breaker' });
    expect(released).toMatchObject({ status: 200, body: { phase: 'phase5-circuit-breaker', status: 'released', released_by: 'oncall' } });

    expect((await post(url('phase5-predictions', '/process_date'), { game_date: '2025-11-05' })).status).toBe(200);
    const rerun = await lastPhase5Run();
    expect(rerun.status).toMatch(/^(success|partial)$/);
    expect(rerun.detail).not.toContain('circuit breaker held');
    const [counts] = await query<{ flagged: number; active: number }>(
      `SELECT SUM(CASE WHEN CAST(quality_flags AS VARCHAR) LIKE '%boundary_released%' THEN 1 ELSE 0 END) AS flagged, COUNT(*) AS active
         FROM nba_predictions.player_prop_predictions WHERE game_date = '2025-11-05' AND is_active`,
    );
    expect(Number(counts.active)).toBeGreaterThan(0);
    expect(Number(counts.flagged)).toBe(Number(counts.active));
  });
});
