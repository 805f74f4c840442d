import { randomUUID } from 'node:crypto';
import { MESSAGE_SCHEMA_VERSION, SERVICE_NAMES } from '@lib/messaging';
import { PhaseRunRequest, PhaseStep, PhaseStepsHandler, PHASE_STEPS, PlatformConfig, ServiceDefinition } from '@lib/platform';
import { Module } from '@nestjs/common';
import { ALL_SERVICES, LocalCluster } from '../tools/cluster/local-cluster';
import { isolatedConfig, pushEnvelope, scraperCompletion } from './support/test-config';

// Response bodies are inspected field by field in each test; their shapes differ per endpoint.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as JsonBody };
}

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as JsonBody };
}

function completion(gameDate: string, overrides: Record<string, unknown> = {}) {
  return {
    schema_version: MESSAGE_SCHEMA_VERSION,
    phase: 3,
    service: 'phase3-analytics',
    run_id: randomUUID(),
    game_date: gameDate,
    status: 'success',
    records: 3,
    degraded: false,
    backfill_mode: false,
    ...overrides,
  };
}

describe('local cluster (five services, relay, DuckDB)', () => {
  let config: PlatformConfig;
  let cluster: LocalCluster;
  const url = (service: (typeof SERVICE_NAMES)[number], path: string) => `${cluster.serviceUrl(service)}${path}`;
  const runsOf = (correlationId: string, from: string, to = from) =>
    cluster.infrastructure.warehouse.query<{ service: string; status: string; trigger: string; game_date: string; records: number }>(
      `SELECT service, status, trigger, game_date, records FROM nba_orchestration.phase_execution_log
        WHERE game_date BETWEEN @from AND @to AND correlation_id = @correlationId ORDER BY game_date, phase`,
      { from, to, correlationId },
    );
  const deadLettersOf = (messageId: string) =>
    cluster.infrastructure.warehouse.query<{ reason: string; stage: string; service: string }>(
      `SELECT reason, stage, service FROM nba_orchestration.dead_letter
        WHERE dead_lettered_date >= @since AND message_id = @messageId`,
      { since: '2000-01-01', messageId },
    );

  beforeAll(async () => {
    config = await isolatedConfig();
    cluster = await LocalCluster.start({ config });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it.each(SERVICE_NAMES)('%s answers liveness, readiness and version', async (service) => {
    expect(await get(url(service, '/health'))).toEqual({ status: 200, body: { status: 'ok', service } });
    const ready = await get(url(service, '/health/ready'));
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ warehouse: { status: 'up', engine: 'duckdb' }, messaging: { status: 'up', adapter: 'local-relay' } });
    const version = await get(url(service, '/version'));
    expect(version.body).toMatchObject({ service, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(typeof version.body.commit).toBe('string');
    expect(Date.parse(version.body.started_at)).not.toBeNaN();
  });

  it('carries every scraper message from phase 1 to phase 5 through the relay, with one correlation id', async () => {
    const correlationId = `e2e-${randomUUID()}`;
    const response = await post(url('phase1-scrapers', '/process_date'), { game_date: '2025-11-05' }, { 'x-correlation-id': correlationId });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    expect(response.body).toMatchObject({ correlation_id: correlationId, failed_dates: [], dates: [{ game_date: '2025-11-05', status: 'success' }] });
    await cluster.relay!.whenIdle();
    const runs = await runsOf(correlationId, '2025-11-05');
    const byService = (service: string) => runs.filter((run) => run.service === service);
    expect(byService('phase1-scrapers').map((run) => [run.status, run.trigger])).toEqual([['success', 'process_date']]);
    const [{ scrapes }] = await cluster.infrastructure.warehouse.query<{ scrapes: number }>(
      `SELECT count(*) AS scrapes FROM nba_orchestration.scraper_execution_log WHERE game_date = '2025-11-05' AND correlation_id = @correlationId`,
      { correlationId },
    );
    // phase 2 loads every stored payload; phase 3 starts once (the 2 -> 3 transition), and 4 and 5 follow it
    expect(byService('phase2-raw')).toHaveLength(Number(scrapes));
    expect(byService('phase2-raw').every((run) => ['success', 'no_data'].includes(run.status) && run.trigger === 'pubsub')).toBe(true);
    expect(byService('phase3-analytics').map((run) => [run.status, run.trigger])).toEqual([['success', 'pubsub']]);
    // one date alone has no history before it: phases 4 and 5 run once and say how far they got
    for (const service of ['phase4-precompute', 'phase5-predictions']) {
      expect(byService(service)).toHaveLength(1);
      expect(byService(service)[0]).toMatchObject({ trigger: 'pubsub', status: expect.stringMatching(/^(success|no_data|partial|skipped)$/) });
    }
  });

  it('runs every date of a range in order', async () => {
    const correlationId = `e2e-${randomUUID()}`;
    const response = await post(url('phase3-analytics', '/process_date'), { start_date: '2025-10-31', end_date: '2025-11-02', backfill_mode: true }, { 'x-correlation-id': correlationId });
    expect(response.body.dates.map((run: { game_date: string }) => run.game_date)).toEqual(['2025-10-31', '2025-11-01', '2025-11-02']);
    expect(response.body.backfill_mode).toBe(true);
    await cluster.relay!.whenIdle();
    const runs = await runsOf(correlationId, '2025-10-31', '2025-11-02');
    expect(runs.filter((run) => run.service === 'phase5-predictions').map((run) => run.game_date)).toEqual(['2025-10-31', '2025-11-01', '2025-11-02']);
  });

  describe('POST /process_date refuses bad input with a 400 naming the field', () => {
    it.each([
      [{ game_date: '2025-02-30' }, 'game_date', /game_date must be a real calendar date/],
      [{ game_date: '11/05/2025' }, 'game_date', /game_date must be a real calendar date/],
      [{ start_date: '2025-11-07', end_date: '2025-11-05' }, 'end_date', /end_date must not be before start_date/],
      [{ start_date: '2025-11-07' }, 'end_date', /end_date must be a real calendar date/],
      [{ game_date: '2025-11-05', start_date: '2025-11-01', end_date: '2025-11-02' }, 'game_date', /not both/],
      [{}, 'game_date', /game_date must be given/],
      [{ game_date: '2025-11-05', dry_run: true }, 'dry_run', /property dry_run should not exist/],
      [{ game_date: '2025-11-05', backfill_mode: 'yes' }, 'backfill_mode', /backfill_mode must be a boolean/],
    ])('%p → names %s', async (body, field, message) => {
      const response = await post(url('phase2-raw', '/process_date'), body);
      expect(response.status).toBe(400);
      expect(response.body.fields).toContain(field);
      expect(response.body.message.join(' ')).toMatch(message);
    });
  });

  it('processes a message id delivered twice only once', async () => {
    const correlationId = `dup-${randomUUID()}`;
    const envelope = pushEnvelope('nba-phase4-precompute-sub', completion('2025-11-06', { correlation_id: correlationId }), `dup-${randomUUID()}`, {
      correlation_id: correlationId,
    });
    const first = await post(url('phase4-precompute', '/pubsub'), envelope);
    const second = await post(url('phase4-precompute', '/pubsub'), envelope);
    expect(first).toMatchObject({ status: 200, body: { outcome: 'processed' } });
    expect(second).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    await cluster.relay!.whenIdle();
    const runs = await runsOf(correlationId, '2025-11-06');
    expect(runs.map((run) => run.service)).toEqual(['phase4-precompute', 'phase5-predictions']);
  });

  it.each([
    ['data that is not JSON', 'nba-phase2-raw-sub', 'phase2-raw', 'not json at all', 'payload', /not base64 JSON/],
    ['an impossible game_date', 'nba-phase2-raw-sub', 'phase2-raw', scraperCompletion('2025-02-30'), 'payload', /game_date must be a real calendar date/],
    ['a scraper message without its scraper', 'nba-phase2-raw-sub', 'phase2-raw', { ...scraperCompletion('2025-11-05'), scraper: undefined }, 'payload', /scraper should not be empty|scraper must be a string/],
    ['a phase message where a scraper message belongs', 'nba-phase2-raw-sub', 'phase2-raw', completion('2025-11-05'), 'payload', /source must be one of/],
    ['a missing status', 'nba-phase4-precompute-sub', 'phase4-precompute', { ...completion('2025-11-05'), status: undefined }, 'payload', /status must be one of/],
    ['a subscription routed elsewhere', 'nba-phase2-raw-sub', 'phase5-predictions', completion('2025-11-05'), 'envelope', /not routed to phase5-predictions/],
  ])('dead-letters and acknowledges a poison message: %s', async (_name, subscription, service, payload, stage, reason) => {
    const messageId = `poison-${randomUUID()}`;
    const response = await post(url(service as (typeof SERVICE_NAMES)[number], '/pubsub'), pushEnvelope(subscription, payload, messageId));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'dead_lettered', message_id: messageId });
    const [letter] = await deadLettersOf(messageId);
    expect(letter).toMatchObject({ stage, service });
    expect(letter.reason).toMatch(reason);
  });

  it('dead-letters a malformed envelope instead of failing it forever', async () => {
    const response = await post(url('phase2-raw', '/pubsub'), { message: { data: 'e30=' }, subscription: 'projects/local/subscriptions/nba-phase2-raw-sub' });
    expect(response.status).toBe(200);
    expect(response.body.outcome).toBe('dead_lettered');
    expect(response.body.reason).toMatch(/messageId/);
  });
});

describe('local cluster when a phase fails', () => {
  let cluster: LocalCluster;
  let attempts = 0;

  @Module({
    providers: [
      {
        provide: PHASE_STEPS,
        useValue: [
          {
            name: 'always-broken',
            run: async (request: PhaseRunRequest) => {
              attempts += 1;
              throw new Error(`upstream table missing for ${request.gameDate}`);
            },
          },
        ] satisfies PhaseStep[],
      },
    ],
    exports: [PHASE_STEPS],
  })
  class BrokenPhase4Module {}

  const brokenPhase4: ServiceDefinition = { identity: { name: 'phase4-precompute', phase: 4 }, imports: [BrokenPhase4Module], handler: PhaseStepsHandler };

  beforeAll(async () => {
    const config = await isolatedConfig();
    cluster = await LocalCluster.start({
      config,
      services: ALL_SERVICES.map((service) => (service.identity.name === 'phase4-precompute' ? brokenPhase4 : service)),
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('answers 5xx, is retried with backoff, then dead-lettered by the relay with the reason', async () => {
    const correlationId = `fail-${randomUUID()}`;
    const response = await fetch(`${cluster.serviceUrl('phase3-analytics')}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId },
      body: JSON.stringify({ game_date: '2025-11-07' }),
    });
    expect(response.status).toBe(200);
    await cluster.relay!.whenIdle();
    expect(attempts).toBe(3);
    const letters = await cluster.infrastructure.deadLetters.findByCorrelationId(correlationId, '2000-01-01', '2100-01-01');
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ subscription: 'nba-phase4-precompute-sub', stage: 'delivery', attempts: 3, service: 'phase4-precompute' });
    expect(letters[0].reason).toMatch(/HTTP 500.*step always-broken failed for 2025-11-07/);
    const runs = await cluster.infrastructure.warehouse.query<{ service: string; status: string; error: string }>(
      `SELECT service, status, error FROM nba_orchestration.phase_execution_log WHERE game_date = @day AND correlation_id = @correlationId ORDER BY started_at`,
      { day: '2025-11-07', correlationId },
    );
    expect(runs.filter((run) => run.service === 'phase4-precompute').map((run) => run.status)).toEqual(['failed', 'failed', 'failed']);
    expect(runs.find((run) => run.service === 'phase4-precompute')?.error).toMatch(/step always-broken failed for 2025-11-07: upstream table missing/);
    expect(runs.some((run) => run.service === 'phase5-predictions')).toBe(false);
  });

  it('answers process_date with a 500 that lists the failed dates', async () => {
    const response = await fetch(`${cluster.serviceUrl('phase4-precompute')}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: '2025-11-08', end_date: '2025-11-09' }),
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { failed_dates: string[]; dates: Array<{ error: string }> };
    expect(body.failed_dates).toEqual(['2025-11-08', '2025-11-09']);
    expect(body.dates[0].error).toMatch(/always-broken/);
  });
});
