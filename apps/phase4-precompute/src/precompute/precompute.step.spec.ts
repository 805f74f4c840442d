import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlatformConfig } from '@lib/platform';
import { BoundaryAlert, BoundaryGate } from '@lib/quality';
import { ALL_TABLES, DuckDBWarehouse, playerGameSummaryTable, Row } from '@lib/warehouse';
import { bundledAnalyticsRows, seedBundledAnalytics } from '../../../../tools/seed/analytics.seeder';
import { PrecomputeRepository, TeamMinutes } from './precompute.repository';
import { PrecomputeStep } from './precompute.step';

const clock = { now: () => new Date('2025-11-10T12:00:00Z') };
const request = (gameDate: string, backfillMode = false) => ({ gameDate, backfillMode, trigger: 'process_date' as const, correlationId: 'test' });

async function freshWarehouse(): Promise<DuckDBWarehouse> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'phase4-'));
  const warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
  await warehouse.migrate(ALL_TABLES);
  return warehouse;
}

function phase4(warehouse: DuckDBWarehouse, alerts: BoundaryAlert[] = []) {
  const config = loadPlatformConfig({});
  const gate = new BoundaryGate(warehouse, config.boundaryThresholds(), async (alert) => void alerts.push(alert), clock.now);
  return new PrecomputeStep(new PrecomputeRepository(warehouse), gate, config, clock);
}

const featuresOn = (warehouse: DuckDBWarehouse, from: string, to: string) =>
  warehouse.query<Row>(
    `SELECT game_date, game_id, player_lookup, features, feature_quality_score, missing_features, defaulted_features, upstream_tier, quality_flags
       FROM nba_precompute.ml_feature_store WHERE game_date BETWEEN @from AND @to ORDER BY game_date, game_id, player_lookup`,
    { from, to },
  );

describe('phase 4 precompute on the real bundled season', () => {
  let warehouse: DuckDBWarehouse;
  beforeAll(async () => {
    warehouse = await freshWarehouse();
    await seedBundledAnalytics(warehouse, { from: '2025-10-21', to: '2025-11-08' });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('builds a cache row and a feature vector for every player of the date, from earlier games only', async () => {
    const result = await phase4(warehouse).run(request('2025-11-05'));
    expect(result.status).toBe('success');
    const [cache] = await warehouse.query<Row>(
      `SELECT * FROM nba_precompute.player_daily_cache WHERE game_date = '2025-11-05' AND player_lookup = 'shaigilgeousalexander'`,
    );
    const history = await warehouse.query<{ points: number; game_date: string }>(
      `SELECT points, game_date FROM nba_analytics.player_game_summary
        WHERE game_date BETWEEN '2025-10-01' AND '2025-11-04' AND player_lookup = 'shaigilgeousalexander' ORDER BY game_date DESC`,
    );
    const average = (values: number[]) => Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
    expect(cache).toMatchObject({
      games_played: history.length,
      points_avg_last_5: average(history.slice(0, 5).map((row) => Number(row.points))),
      points_avg_season: average(history.map((row) => Number(row.points))),
      last_game_date: history[0].game_date,
      history_tier: 'gold',
    });
    const [{ players }] = await warehouse.query<{ players: number }>(
      `SELECT COUNT(*) AS players FROM nba_analytics.player_game_summary WHERE game_date = '2025-11-05'`,
    );
    const vectors = await featuresOn(warehouse, '2025-11-05', '2025-11-05');
    expect(vectors.length).toBeGreaterThanOrEqual(Number(players));
    expect(vectors.every((vector) => vector.feature_quality_score !== null)).toBe(true);
  });

  it('never lets a game change the features of that game or any earlier one (no leakage)', async () => {
    const dates = ['2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06', '2025-11-07'];
    for (const date of dates) await phase4(warehouse).run(request(date));
    const before = await featuresOn(warehouse, '2025-11-03', '2025-11-07');

    // rewrite every result of 2025-11-05: 40 points more for everyone who played
    const { players } = bundledAnalyticsRows({ from: '2025-11-05', to: '2025-11-05' });
    await warehouse.upsert(playerGameSummaryTable, players.map((row) => ({ ...row, points: Number(row.points) + 40 })));
    for (const date of dates) await phase4(warehouse).run(request(date));
    const after = await featuresOn(warehouse, '2025-11-03', '2025-11-07');

    const upTo = (rows: Row[], date: string) => rows.filter((row) => String(row.game_date) <= date);
    expect(upTo(after, '2025-11-05')).toEqual(upTo(before, '2025-11-05'));
    // the same comparison does see the change where it is allowed to: the later days' features
    const later = (rows: Row[]) => rows.filter((row) => String(row.game_date) > '2025-11-05');
    expect(later(after)).not.toEqual(later(before));

    await warehouse.upsert(playerGameSummaryTable, players);
  });

  it('marks a player without earlier games as missing features, not as gold data', async () => {
    await phase4(warehouse).run(request('2025-10-22'));
    const vectors = await featuresOn(warehouse, '2025-10-22', '2025-10-22');
    const newcomer = vectors.find((vector) => (vector.quality_flags as string[]).includes('no_history'))!;
    expect(newcomer.missing_features).toEqual(expect.arrayContaining(['points_avg_season', 'minutes_avg_last_10', 'days_rest']));
    expect(Number(newcomer.feature_quality_score)).toBeLessThan(70);
  });

  it('flags features built over a gap in the results as stale and bronze', async () => {
    // nothing after 2025-11-08 is seeded: a player listed on 2025-11-14 would be judged on week-old data
    const stale = await warehouse.query<Row>(`SELECT * FROM nba_analytics.player_game_summary WHERE game_date = '2025-11-08' LIMIT 1`);
    await warehouse.upsert(playerGameSummaryTable, [{ ...stale[0], game_date: '2025-11-14', game_id: 'stale-test' }]);
    await phase4(warehouse).run(request('2025-11-14'));
    const [vector] = await featuresOn(warehouse, '2025-11-14', '2025-11-14');
    expect(vector.quality_flags).toContain('stale_history:6_days');
    expect(vector.upstream_tier).toBe('bronze');
  });
});

describe('phase 4 boundary validation', () => {
  let warehouse: DuckDBWarehouse;
  beforeEach(async () => {
    warehouse = await freshWarehouse();
    await seedBundledAnalytics(warehouse, { from: '2025-11-01', to: '2025-11-06' });
  });
  afterEach(async () => {
    await warehouse.close();
  });

  const dropMinutes = async (share: number) => {
    const rows = await warehouse.query<Row>(`SELECT * FROM nba_analytics.player_game_summary WHERE game_date = '2025-11-05' ORDER BY player_lookup`);
    const cut = Math.round(rows.length * share);
    await warehouse.upsert(playerGameSummaryTable, rows.slice(0, cut).map((row) => ({ ...row, minutes: null })));
  };
  const check = async () =>
    (await warehouse.query<Row>(`SELECT * FROM nba_orchestration.phase_boundary_checks WHERE game_date = '2025-11-06' AND phase = 'phase4'`))[0];

  it('measures the minutes coverage the same whatever order the team rows come in', async () => {
    const config = loadPlatformConfig({});
    const coverageWith = async (order: (rows: TeamMinutes[]) => TeamMinutes[]) => {
      class Ordered extends PrecomputeRepository {
        override async teamMinutesOn(inputDate: string): Promise<TeamMinutes[]> {
          return order(await super.teamMinutesOn(inputDate));
        }
      }
      const gate = new BoundaryGate(warehouse, config.boundaryThresholds(), async () => undefined, clock.now);
      await new PrecomputeStep(new Ordered(warehouse), gate, config, clock).run(request('2025-11-06'));
      return (await check()).minutes_coverage_pct;
    };
    const teams = await new PrecomputeRepository(warehouse).teamMinutesOn('2025-11-05');
    const byTeam = [...teams].sort((left, right) => left.game_id.localeCompare(right.game_id) || left.team_code.localeCompare(right.team_code));
    const minutes = byTeam.reduce((sum, team) => sum + Math.min(240, Number(team.player_minutes ?? 0)), 0);
    const asListed = await coverageWith((rows) => rows);
    expect(asListed).toBe((100 * minutes) / (240 * teams.length));
    for (const order of [(rows: TeamMinutes[]) => [...rows].reverse(), (rows: TeamMinutes[]) => [...rows].sort((a, b) => Number(a.player_minutes) - Number(b.player_minutes))]) {
      expect(await coverageWith(order)).toBe(asListed);
    }
  });

  it('runs on complete input without an alert', async () => {
    const alerts: BoundaryAlert[] = [];
    const result = await phase4(warehouse, alerts).run(request('2025-11-06'));
    expect(result.status).toBe('success');
    expect(alerts).toEqual([]);
    expect(await check()).toMatchObject({ status: 'passed', input_date: '2025-11-05' });
  });

  it('runs and alerts between 80 % and 90 %, and marks the features silver', async () => {
    const alerts: BoundaryAlert[] = [];
    await dropMinutes(0.15);
    const result = await phase4(warehouse, alerts).run(request('2025-11-06'));
    expect(result).toMatchObject({ status: 'success', degraded: true });
    expect(alerts.map((alert) => [alert.severity, alert.category])).toEqual([['WARNING', 'boundary_warning']]);
    const vectors = await featuresOn(warehouse, '2025-11-06', '2025-11-06');
    expect(vectors.every((vector) => (vector.quality_flags as string[]).includes('boundary_warned') && vector.upstream_tier !== 'gold')).toBe(true);
  });

  it('below 80 % does not run, records the block with its numbers, and self-heals once the input is complete', async () => {
    const alerts: BoundaryAlert[] = [];
    await dropMinutes(0.3);
    const blocked = await phase4(warehouse, alerts).run(request('2025-11-06'));
    expect(blocked).toMatchObject({ status: 'skipped', records: 0 });
    expect(blocked.detail).toMatch(/below the block threshold 80%/);
    expect(alerts.map((alert) => alert.severity)).toEqual(['CRITICAL']);
    const block = await check();
    expect(block).toMatchObject({ status: 'blocked', thresholds: { alertBelowPercent: 90, blockBelowPercent: 80 } });
    expect(Number((block.null_rates as Record<string, number>).minutes)).toBeCloseTo(30, 0);
    expect(await featuresOn(warehouse, '2025-11-06', '2025-11-06')).toEqual([]);

    await seedBundledAnalytics(warehouse, { from: '2025-11-05', to: '2025-11-05' });
    const healed = await phase4(warehouse, alerts).run(request('2025-11-06'));
    expect(healed.status).toBe('success');
    expect(await check()).toMatchObject({ status: 'released', released_by: 'self-heal' });
  });

  it('in backfill mode still records and honours a block, but raises no alert', async () => {
    const alerts: BoundaryAlert[] = [];
    await dropMinutes(0.3);
    const blocked = await phase4(warehouse, alerts).run(request('2025-11-06', true));
    expect(blocked).toMatchObject({ status: 'skipped', records: 0 });
    expect(await check()).toMatchObject({ status: 'blocked' });
    expect(alerts).toEqual([]);
  });

  it('runs a blocked date once a person releases it, flagging every vector', async () => {
    await dropMinutes(0.3);
    const step = phase4(warehouse);
    await step.run(request('2025-11-06'));
    const config = loadPlatformConfig({});
    const gate = new BoundaryGate(warehouse, config.boundaryThresholds(), async () => undefined, clock.now);
    await gate.release('phase4', '2025-11-06', 'oncall@example.com', 'box scores verified by hand');
    const result = await step.run(request('2025-11-06'));
    expect(result.status).toBe('success');
    const vectors = await featuresOn(warehouse, '2025-11-06', '2025-11-06');
    expect(vectors.length).toBeGreaterThan(0);
    expect(vectors.every((vector) => (vector.quality_flags as string[]).includes('boundary_released') && vector.upstream_tier === 'bronze')).toBe(true);
    await expect(gate.release('phase4', '2025-11-07', 'oncall@example.com', 'x')).rejects.toThrow('not blocked (never checked)');
  });
});
