import { INestApplication, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { closeInfrastructure, createInfrastructure, createServiceApp, Infrastructure, PhaseHandler, PhaseRunRequest, PhaseWorkResult } from '@lib/platform';
import { messageClaimsTable, processedMessagesTable } from '@lib/warehouse';
import { isolatedConfig, pushEnvelope, scraperCompletion } from './support/test-config';

/** A phase 2 stand-in whose runs are counted and held open until the test lets them finish. */
@Injectable()
class GatedHandler implements PhaseHandler {
  static runs: string[] = [];
  static failNext = 0;
  static gate: Promise<void> = Promise.resolve();

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    GatedHandler.runs.push(request.gameDate);
    await GatedHandler.gate;
    if (GatedHandler.failNext > 0) {
      GatedHandler.failNext -= 1;
      throw new Error('the warehouse went away mid-load');
    }
    return { status: 'success', records: 1 };
  }
}

describe('exactly one run per message id', () => {
  let infrastructure: Infrastructure;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    infrastructure = await createInfrastructure(await isolatedConfig());
    app = await createServiceApp({ identity: { name: 'phase2-raw', phase: 2 }, handler: GatedHandler }, infrastructure);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    if (infrastructure) await closeInfrastructure(infrastructure);
  });
  beforeEach(() => {
    GatedHandler.runs = [];
    GatedHandler.failNext = 0;
    GatedHandler.gate = Promise.resolve();
  });

  const deliver = async (messageId: string) => {
    const response = await fetch(`${baseUrl}/pubsub`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(pushEnvelope('nba-phase2-raw-sub', scraperCompletion('2025-11-05'), messageId)),
    });
    return { status: response.status, body: (await response.json()) as { outcome: string; in_progress_since?: string } };
  };
  const claimsOf = (messageId: string) =>
    infrastructure.warehouse.query(`SELECT message_id FROM nba_orchestration.message_claims WHERE message_id = @messageId`, { messageId });

  it('runs once when four deliveries of one id race, and acknowledges the other three while the run is in progress', async () => {
    let open!: () => void;
    GatedHandler.gate = new Promise((resolve) => (open = resolve));
    const messageId = randomUUID();

    const deliveries = Promise.all([deliver(messageId), deliver(messageId), deliver(messageId), deliver(messageId)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    open();
    const outcomes = await deliveries;

    expect(GatedHandler.runs).toHaveLength(1);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([200, 200, 200, 200]);
    expect(outcomes.filter((outcome) => outcome.body.outcome === 'processed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.body.outcome === 'duplicate' && outcome.body.in_progress_since)).toHaveLength(3);
    expect(await claimsOf(messageId)).toEqual([]);
    expect((await deliver(messageId)).body.outcome).toBe('duplicate');
    expect(GatedHandler.runs).toHaveLength(1);
  });

  it('releases the claim when the run fails, so the redelivery runs it', async () => {
    GatedHandler.failNext = 1;
    const messageId = randomUUID();

    const failed = await deliver(messageId);
    expect(failed.status).toBe(500);
    expect(await claimsOf(messageId)).toEqual([]);

    const redelivered = await deliver(messageId);
    expect(redelivered).toMatchObject({ status: 200, body: { outcome: 'processed' } });
    expect(GatedHandler.runs).toHaveLength(2);
  });

  it('takes over a claim left by an instance that died mid-run once it is older than RUN_STUCK_AFTER_MINUTES', async () => {
    const stale = randomUUID();
    const fresh = randomUUID();
    const claim = (messageId: string, minutesAgo: number) =>
      infrastructure.warehouse.insertIfAbsent(messageClaimsTable, {
        subscription: 'nba-phase2-raw-sub',
        message_id: messageId,
        claim_id: 'dead-instance',
        service: 'phase2-raw',
        claimed_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      });
    await claim(stale, 16);
    await claim(fresh, 1);

    expect((await deliver(stale)).body.outcome).toBe('processed');
    expect((await deliver(fresh)).body).toMatchObject({ outcome: 'duplicate', in_progress_since: expect.any(String) });
    expect(GatedHandler.runs).toHaveLength(1);
  });

  it('answers a redelivery of an id another instance processed (its row in the table) as a duplicate without running it', async () => {
    const messageId = randomUUID();
    await infrastructure.warehouse.insertIfAbsent(processedMessagesTable, {
      subscription: 'nba-phase2-raw-sub',
      message_id: messageId,
      service: 'phase2-raw',
      topic: 'nba-phase1-scrapers-complete',
      game_date: '2025-11-05',
      correlation_id: 'another-instance',
      processed_at: new Date().toISOString(),
    });

    expect(await deliver(messageId)).toEqual({ status: 200, body: { outcome: 'duplicate', message_id: messageId } });
    expect(await deliver(messageId)).toEqual({ status: 200, body: { outcome: 'duplicate', message_id: messageId } });
    expect(GatedHandler.runs).toHaveLength(0);
  });

  it('still dead-letters a malformed envelope, and refuses a non-JSON body with a 4xx, whatever id it names', async () => {
    const messageId = randomUUID();
    expect((await deliver(messageId)).body.outcome).toBe('processed');
    const malformed = await fetch(`${baseUrl}/pubsub`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: { data: 'not base64 !', messageId: randomUUID() }, subscription: 'projects/local/subscriptions/nba-phase2-raw-sub' }),
    });
    expect(await malformed.json()).toMatchObject({ outcome: 'dead_lettered' });
    const notJson = await fetch(`${baseUrl}/pubsub`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: messageId });
    expect(notJson.status).toBe(415);
    expect(GatedHandler.runs).toHaveLength(1);
  });
});
