import { randomUUID } from 'node:crypto';
import { addDays, MESSAGE_SCHEMA_VERSION } from '@lib/messaging';
import { BASE_FEATURE_NAMES, FEATURE_VERSION, Row } from '@lib/warehouse';
import { ModelArtifactStore } from '../apps/phase5-predictions/src/systems/model-artifact.store';
import { trainRidge } from '../apps/phase5-predictions/src/systems/ridge.model';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { loadTrainingExamples } from '../apps/phase5-predictions/src/systems/training-examples.repository';
import { seedBundledAnalytics } from '../tools/seed/analytics.seeder';
import { isolatedConfig, pushEnvelope } from './support/test-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

async function post(url: string, body: unknown) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as JsonBody };
}

describe('phases 4 and 5 in the local cluster, on the real season (analytics seeded until phase 3 lands)', () => {
  let cluster: LocalCluster;
  const url = (service: 'phase4-precompute' | 'phase5-predictions', path: string) => `${cluster.serviceUrl(service)}${path}`;
  const runs = (correlationId: string, date: string) =>
    cluster.infrastructure.warehouse.query<{ service: string; status: string; trigger: string; detail: string }>(
      `SELECT service, status, trigger, detail FROM nba_orchestration.phase_execution_log
        WHERE game_date = @date AND correlation_id = @correlationId ORDER BY phase`,
      { date, correlationId },
    );

  beforeAll(async () => {
    cluster = await LocalCluster.start({ config: await isolatedConfig({ LOCAL_REPLAY: 'false' }), withOpsServer: false });
    await seedBundledAnalytics(cluster.infrastructure.warehouse, { from: '2025-10-21', to: '2025-11-06' });
    const backfill = await post(url('phase4-precompute', '/process_date'), { start_date: '2025-10-26', end_date: '2025-11-04', backfill_mode: true });
    expect(backfill.status).toBe(200);
    await cluster.relay!.whenIdle();
    const examples = await loadTrainingExamples(cluster.infrastructure.warehouse, '2025-10-01', '2025-11-04', FEATURE_VERSION);
    await new ModelArtifactStore(cluster.infrastructure.objectStore).save(
      trainRidge(examples, { featureNames: BASE_FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: addDays('2025-11-04', 1), trainedAt: new Date().toISOString() }),
    );
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it('phase 3\'s completion message runs phase 4, whose completion runs phase 5: predictions and picks for the date', async () => {
    const correlationId = `p45-${randomUUID()}`;
    const message = {
      schema_version: MESSAGE_SCHEMA_VERSION, phase: 3, service: 'phase3-analytics', run_id: randomUUID(), game_date: '2025-11-05',
      status: 'success', records: 240, degraded: false, backfill_mode: false, correlation_id: correlationId,
    };
    const pushed = await post(url('phase4-precompute', '/pubsub'), pushEnvelope('nba-phase4-precompute-sub', message, `m-${randomUUID()}`, { correlation_id: correlationId }));
    expect(pushed).toMatchObject({ status: 200, body: { outcome: 'processed', run: { status: 'success' } } });
    await cluster.relay!.whenIdle();

    const logged = await runs(correlationId, '2025-11-05');
    expect(logged.map((run) => [run.service, run.status, run.trigger])).toEqual([
      ['phase4-precompute', 'success', 'pubsub'],
      ['phase5-predictions', 'success', 'pubsub'],
    ]);
    const systems = await cluster.infrastructure.warehouse.query<{ system_id: string; rows: number; trained: string | null }>(
      `SELECT system_id, COUNT(*) AS rows, MAX(training_end_date) AS trained FROM nba_predictions.player_prop_predictions
        WHERE game_date = '2025-11-05' AND is_active GROUP BY system_id ORDER BY system_id`,
    );
    // phase 5 followed the backfill date by date, so the primary's blend is fitted on those days' predictions
    expect(systems.map((row) => [row.system_id, row.trained === null ? null : row.trained < '2025-11-05'])).toEqual([
      ['ensemble_v1', true],
      ['ensemble_v2', true],
      ['gbm_v1', true],
      ['market_v1', true],
      ['minutes_rate_v1', null],
      ['minutes_rate_v2', true],
      ['ridge_v1', true],
      ['ridge_v2', true],
      ['rolling_avg_v1', null],
      ['stacked_v1', true],
    ]);
    expect(systems.find((row) => row.system_id === 'ridge_v1')!.trained).toBe('2025-11-04');
    const picks = JSON.parse((await cluster.infrastructure.objectStore.read('picks/2025-11-05.json')).toString('utf8')) as JsonBody;
    expect(picks).toMatchObject({ game_date: '2025-11-05', primary_system: 'market_v1', freshness: { data_through_date: '2025-11-04', stale: false } });
    const [{ graded }] = await cluster.infrastructure.warehouse.query<{ graded: number }>(
      `SELECT COUNT(*) AS graded FROM nba_predictions.prediction_grades WHERE game_date = '2025-11-05'`,
    );
    expect(Number(graded)).toBeGreaterThan(0);
  });

  it('the scheduled safety-net run leaves done dates alone and runs the ones whose features are missing', async () => {
    const first = await post(url('phase4-precompute', '/safety-net'), { start_date: '2025-11-04', end_date: '2025-11-06' });
    expect(first.status).toBe(200);
    expect(first.body.already_done).toEqual(['2025-11-04', '2025-11-05']);
    expect(first.body.ran.map((run: Row) => [run.game_date, run.status])).toEqual([['2025-11-06', 'success']]);
    await cluster.relay!.whenIdle();
    const second = await post(url('phase4-precompute', '/safety-net'), { start_date: '2025-11-04', end_date: '2025-11-06' });
    expect(second.body).toEqual({ ran: [], already_done: ['2025-11-04', '2025-11-05', '2025-11-06'] });
  });

  it('a person can only release a date that is blocked; bad input names the field', async () => {
    const notBlocked = await post(url('phase5-predictions', '/boundary/release'), { game_date: '2025-11-05', released_by: 'oncall', reason: 'checked' });
    expect(notBlocked.status).toBe(409);
    expect(notBlocked.body.message).toMatch(/phase5 for 2025-11-05 is not blocked \(its last check passed\)/);
    const bad = await post(url('phase5-predictions', '/boundary/release'), { game_date: '2025-11-31', released_by: 'oncall' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual(expect.arrayContaining(['game_date', 'reason']));
  });
});
