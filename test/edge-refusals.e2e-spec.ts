import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES } from '@lib/messaging';
import {
  closeInfrastructure,
  createInfrastructure,
  createServiceApp,
  PHASE_STEPS,
  PhaseStep,
  PhaseStepsHandler,
  PlatformConfig,
  ServiceDefinition,
} from '@lib/platform';
import { phase4PrecomputeService } from '../apps/phase4-precompute/src/app.module';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { rowCountsOfEveryTable } from './support/row-counts';
import { isolatedConfig, pushEnvelope, scraperCompletion } from './support/test-config';

// Response bodies are inspected field by field; their shapes differ per endpoint.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type JsonBody = Record<string, any>;

async function send(url: string, options: { body?: string; contentType?: string; method?: string } = {}) {
  const response = await fetch(url, {
    method: options.method ?? 'POST',
    headers: options.body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {},
    body: options.body,
  });
  const text = await response.text();
  let body: JsonBody;
  try {
    body = JSON.parse(text) as JsonBody;
  } catch {
    body = { text };
  }
  return { status: response.status, body, text };
}

/** The hostile inputs of issue 12, one spec each: every one answered with a 4xx naming the problem, or dead-lettered and acknowledged. */
describe('every edge refuses what it cannot process, and writes nothing for it', () => {
  let config: PlatformConfig;
  let cluster: LocalCluster;
  let before: Record<string, number>;
  const url = (service: (typeof SERVICE_NAMES)[number], path: string) => `${cluster.serviceUrl(service)}${path}`;
  const deadLetterOf = async (messageId: string) =>
    cluster.infrastructure.warehouse.query<{ reason: string; stage: string }>(
      'SELECT reason, stage FROM nba_orchestration.dead_letter WHERE dead_lettered_date >= @since AND message_id = @messageId',
      { since: '2000-01-01', messageId },
    );
  const pushToPhase2 = (payload: unknown) => {
    const messageId = randomUUID();
    return { messageId, sent: send(url('phase2-raw', '/pubsub'), { body: JSON.stringify(pushEnvelope('nba-phase2-raw-sub', payload, messageId)) }) };
  };

  beforeAll(async () => {
    config = await isolatedConfig({ LOCAL_REPLAY: 'false', LOCAL_SCHEDULER: 'off' });
    cluster = await LocalCluster.start({ config, withOpsServer: false });
    before = await rowCountsOfEveryTable(cluster.infrastructure.warehouse);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  describe('a phase 1 message whose payload path escapes the store is dead-lettered and acknowledged', () => {
    it.each([
      ['../../etc/passwd', /path must be an object path inside the store \("\.\." segments would escape the store root\)/],
      ['/etc/passwd', /absolute paths are refused/],
      ['raw/balldontlie/games/2025-11-05/run\u0000.json', /NUL/],
      ['raw/balldontlie/../../../../etc/passwd', /escape the store root/],
    ])('%j', async (path, reason) => {
      const { messageId, sent } = pushToPhase2(scraperCompletion('2025-11-05', { path }));
      const { status, body } = await sent;
      expect(status).toBe(200);
      expect(body).toMatchObject({ outcome: 'dead_lettered', message_id: messageId });
      const [letter] = await deadLetterOf(messageId);
      expect(letter.stage).toBe('payload');
      expect(letter.reason).toMatch(reason);
    });
  });

  describe('poison payloads are dead-lettered, never a 500', () => {
    it('a 5,000-deep array in message.data', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const { messageId, sent } = pushToPhase2(deep);
      const { status, body } = await sent;
      expect(status).toBe(200);
      expect(body.outcome).toBe('dead_lettered');
      expect((await deadLetterOf(messageId))[0].reason).toMatch(/message data nests arrays or objects deeper than 32 levels/);
    });

    it('records: 1e20', async () => {
      const { messageId, sent } = pushToPhase2(scraperCompletion('2025-11-05', { records: 1e20 }));
      expect((await sent).body.outcome).toBe('dead_lettered');
      expect((await deadLetterOf(messageId))[0].reason).toMatch(/records must not be greater than 9007199254740991/);
    });

    it.each(['__proto__', 'constructor'])('a %s field in the payload', async (field) => {
      const payload = `{"${field}": {"status": "success"}, ${JSON.stringify(scraperCompletion('2025-11-05')).slice(1)}`;
      const { messageId, sent } = pushToPhase2(payload);
      expect((await sent).body.outcome).toBe('dead_lettered');
      expect((await deadLetterOf(messageId))[0].reason).toMatch(new RegExp(`field "${field}" is not accepted`));
    });
  });

  describe('bodies the edge refuses with a 4xx naming the problem', () => {
    it('a 200,000-deep JSON body on /process_date is a 400', async () => {
      const { status, text } = await send(url('phase1-scrapers', '/process_date'), { body: `${'['.repeat(200_000)}${']'.repeat(200_000)}` });
      expect(status).toBe(400);
      expect(text).toMatch(/deeper than 32 levels/);
    });

    it.each(['__proto__', 'constructor'])('a %s field on /process_date is a 400', async (field) => {
      const { status, text } = await send(url('phase3-analytics', '/process_date'), { body: `{"game_date": "2025-11-05", "${field}": {"backfill_mode": true}}` });
      expect(status).toBe(400);
      expect(text).toMatch(new RegExp(`field \\\\?"${field}\\\\?" is not accepted`));
    });

    it('a body over REQUEST_BODY_LIMIT_BYTES is a 413', async () => {
      const body = JSON.stringify({ game_date: '2025-11-05', padding: 'x'.repeat(config.REQUEST_BODY_LIMIT_BYTES) });
      const { status } = await send(url('phase2-raw', '/pubsub'), { body });
      expect(status).toBe(413);
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded'])('a %s body is a 415', async (contentType) => {
      const { status, body } = await send(url('phase3-analytics', '/process_date'), { body: '{"game_date":"2025-11-05"}', contentType });
      expect(status).toBe(415);
      expect(body.message).toMatch(/content-type must be application\/json/);
    });

    it.each(['null', '"2025-11-05"', '42'])('a JSON %s body is a 400', async (text) => {
      expect((await send(url('phase3-analytics', '/process_date'), { body: text })).status).toBe(400);
    });
  });

  describe('limits on what one request may ask for', () => {
    it('a 10-year /process_date range on phase 1 is a 400 naming MAX_DATE_RANGE_DAYS', async () => {
      const { status, body } = await send(url('phase1-scrapers', '/process_date'), { body: JSON.stringify({ start_date: '2015-01-01', end_date: '2024-12-31' }) });
      expect(status).toBe(400);
      expect(body.message.join(' ')).toMatch(/spans 3653 days; one request may name at most 250 \(MAX_DATE_RANGE_DAYS\)/);
      expect(body.fields).toEqual(['end_date']);
    });

    it('a 10-year /reconciliation/run is a 400', async () => {
      const { status, body } = await send(url('phase1-scrapers', '/reconciliation/run?from=2015-01-01&to=2024-12-31'));
      expect(status).toBe(400);
      expect(body.message.join(' ')).toMatch(/MAX_DATE_RANGE_DAYS/);
    });

    it('a 10-year /safety-net is a 400', async () => {
      const { status } = await send(url('phase4-precompute', '/safety-net'), { body: JSON.stringify({ start_date: '2015-01-01', end_date: '2024-12-31' }) });
      expect(status).toBe(400);
    });
  });

  describe('/retries/run?since= is a real date given once', () => {
    it.each([
      ['garbage', /since must be a real calendar date/],
      ['2025-02-30', /since must be a real calendar date/],
      ["2025-11-01'; DROP TABLE nba_orchestration.scraper_retry_queue; --", /since must be a real calendar date/],
      ['2025-11-01&since=2025-11-02', /since must be a real calendar date/],
    ])('?since=%s is a 400', async (since, reason) => {
      const { status, body } = await send(url('phase1-scrapers', `/retries/run?since=${since}`));
      expect(status).toBe(400);
      expect(body.message.join(' ')).toMatch(reason);
    });

    it('an unknown query field is a 400 naming it', async () => {
      const { status, body } = await send(url('phase1-scrapers', '/retries/run?sinse=2025-11-01'));
      expect(status).toBe(400);
      expect(body.fields).toEqual(['sinse']);
    });
  });

  it('a trigger route that takes no input refuses a body with fields', async () => {
    const { status, body } = await send(url('phase3-analytics', '/transitions/check-deadlines'), { body: JSON.stringify({ game_date: '2025-11-05' }) });
    expect(status).toBe(400);
    expect(body.fields).toEqual(['game_date']);
  });

  it('wrote no row for any of it, but the dead letters', async () => {
    const after = await rowCountsOfEveryTable(cluster.infrastructure.warehouse);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    expect(changed).toEqual(['nba_orchestration.dead_letter']);
  });
});

describe('a /process_date range whose client went away', () => {
  it('stops before its next date instead of running on for nobody', async () => {
    const started: string[] = [];
    const slowStep: PhaseStep = {
      name: 'slow-step',
      run: async (request) => {
        started.push(request.gameDate);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { status: 'success', records: 1 };
      },
    };
    @Module({ providers: [{ provide: PHASE_STEPS, useValue: [slowStep] }], exports: [PHASE_STEPS] })
    class SlowStepModule {}
    const definition: ServiceDefinition = { identity: phase4PrecomputeService.identity, imports: [SlowStepModule], handler: PhaseStepsHandler };
    const infrastructure = await createInfrastructure(await isolatedConfig());
    const app = await createServiceApp(definition, infrastructure);
    await app.listen(0, '127.0.0.1');
    try {
      const client = new AbortController();
      const request = fetch(`${await app.getUrl()}/process_date`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ start_date: '2025-11-01', end_date: '2025-11-05', backfill_mode: true }),
        signal: client.signal,
      }).catch((error: Error) => error.name);
      await new Promise((resolve) => setTimeout(resolve, 100));
      client.abort();
      expect(await request).toBe('AbortError');
      // Long enough for all five dates had the run gone on.
      await new Promise((resolve) => setTimeout(resolve, 1800));
      expect(started).toEqual(['2025-11-01']);
    } finally {
      await app.close();
      await closeInfrastructure(infrastructure);
    }
  });
});
