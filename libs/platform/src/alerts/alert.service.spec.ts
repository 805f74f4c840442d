import { Logger } from '@nestjs/common';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse } from '@lib/warehouse';
import { ManualClock } from '../clock/manual-clock';
import { loadPlatformConfig } from '../config/platform-config';
import { PlatformLogger } from '../logging/platform-logger';
import { AlertNotificationRepository } from './alert-notification.repository';
import { AlertService } from './alert.service';

/** A local Slack-compatible receiver: answers each POST with the next scripted status (200 "ok" once the script runs out, as Slack does). */
class WebhookReceiver {
  readonly received: Array<{ text: string }> = [];
  script: Array<{ status: number; body: string; headers?: Record<string, string> }> = [];
  private server!: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string });
        const next = this.script.shift() ?? { status: 200, body: 'ok' };
        response.writeHead(next.status, { 'content-type': 'text/html', ...next.headers });
        response.end(next.body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/services/T000/B000/secret-token`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('AlertService: alerts reach a person', () => {
  let warehouse: DuckDBWarehouse;
  let receiver: WebhookReceiver;
  let webhookUrl: string;
  const logLines: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'alerts-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    Logger.overrideLogger(new PlatformLogger({ format: 'json', level: 'info', write: (line) => logLines.push(JSON.parse(line) as Record<string, unknown>) }));
  });
  afterAll(async () => {
    Logger.overrideLogger(new Logger());
    await warehouse.close();
  });
  beforeEach(async () => {
    receiver = new WebhookReceiver();
    webhookUrl = await receiver.start();
    logLines.length = 0;
  });
  afterEach(() => receiver.close());

  const serviceWith = (clock: ManualClock, settings: Record<string, string> = {}) =>
    new AlertService(
      warehouse,
      { name: 'phase5-predictions', phase: 5 } as never,
      loadPlatformConfig({ ALERT_WEBHOOK_URL: webhookUrl, ALERT_REPEAT_MINUTES: '60', ALERT_WEBHOOK_RETRY_DELAY_MS: '1000', ...settings }),
      new AlertNotificationRepository(warehouse),
      clock,
    );
  const notification = (gameDate: string, category: string) => new AlertNotificationRepository(warehouse).find(gameDate, category, 'phase5-predictions');
  const alertRows = (gameDate: string, category: string) =>
    warehouse.query('SELECT severity, message FROM nba_orchestration.alerts WHERE game_date = @gameDate AND category = @category', { gameDate, category });

  it('posts the alert to the webhook, logs it at its severity and stores it', async () => {
    const clock = new ManualClock(new Date('2025-11-05T12:00:00Z'));
    await serviceWith(clock).raise({ gameDate: '2025-11-05', severity: 'CRITICAL', category: 'boundary_block', message: 'phase5 blocked: completeness 42 %' });

    expect(receiver.received).toEqual([{ text: ':rotating_light: CRITICAL [boundary_block] 2025-11-05 (phase5-predictions)\nphase5 blocked: completeness 42 %' }]);
    expect(logLines.find((line) => String(line.message).includes('[boundary_block]'))?.severity).toBe('CRITICAL');
    expect(await alertRows('2025-11-05', 'boundary_block')).toEqual([{ severity: 'CRITICAL', message: 'phase5 blocked: completeness 42 %' }]);
    expect(await notification('2025-11-05', 'boundary_block')).toMatchObject({ delivery: 'sent', delivery_attempts: 1, total_raised: 1, repeats_since_sent: 0 });
  });

  it('counts repeats of the same date, kind and service within ALERT_REPEAT_MINUTES, and says how many when it next sends', async () => {
    const clock = new ManualClock(new Date('2025-11-06T12:00:00Z'));
    const alerts = serviceWith(clock);
    const raise = () => alerts.raise({ gameDate: '2025-11-06', severity: 'WARNING', category: 'boundary_warning', message: 'degraded input' });
    await raise();
    clock.set('2025-11-06T12:20:00Z');
    await raise();
    clock.set('2025-11-06T12:59:00Z');
    await raise();
    expect(receiver.received).toHaveLength(1);
    expect(await notification('2025-11-06', 'boundary_warning')).toMatchObject({ delivery: 'repeat_counted', repeats_since_sent: 2, total_raised: 3 });
    expect(await alertRows('2025-11-06', 'boundary_warning')).toHaveLength(3);

    clock.set('2025-11-06T13:01:00Z');
    await raise();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].text).toContain('raised 2 more times since the last message');
    expect(await notification('2025-11-06', 'boundary_warning')).toMatchObject({ delivery: 'sent', repeats_since_sent: 0, total_raised: 4 });

    // Another kind on the same date is not a repeat.
    await alerts.raise({ gameDate: '2025-11-06', severity: 'ERROR', category: 'deadline', message: 'missed' });
    expect(receiver.received).toHaveLength(3);
  });

  it('retries a webhook that answers 5xx or 429 (honouring Retry-After) and gets the alert through', async () => {
    const clock = new ManualClock(new Date('2025-11-07T12:00:00Z'));
    receiver.script = [
      { status: 503, body: 'upstream unavailable' },
      { status: 429, body: 'rate_limited', headers: { 'retry-after': '7' } },
    ];
    await serviceWith(clock).raise({ gameDate: '2025-11-07', severity: 'ERROR', category: 'stuck_phase', message: 'phase3 running for 95 min' });
    expect(receiver.received).toHaveLength(3);
    expect(clock.waits).toEqual([1000, 7000]);
    expect(await notification('2025-11-07', 'stuck_phase')).toMatchObject({ delivery: 'sent', delivery_attempts: 3 });
  });

  it('never fails the run when the webhook keeps failing: logs it (without the secret URL), records it, and tries again next time', async () => {
    const clock = new ManualClock(new Date('2025-11-08T12:00:00Z'));
    receiver.script = [500, 500, 500].map((status) => ({ status, body: 'internal_error' }));
    const alerts = serviceWith(clock);
    await expect(alerts.raise({ gameDate: '2025-11-08', severity: 'WARNING', category: 'bronze_predictions', message: '31 % bronze' })).resolves.toBeUndefined();
    expect(receiver.received).toHaveLength(3);
    const failed = await notification('2025-11-08', 'bronze_predictions');
    expect(failed).toMatchObject({ delivery: 'failed', delivery_attempts: 3, last_sent_at: null });
    expect(failed?.delivery_error).toContain('attempt 3: HTTP 500 internal_error');
    const complaint = logLines.find((line) => String(line.message).startsWith('alert webhook'));
    expect(complaint?.severity).toBe('ERROR');
    expect(JSON.stringify(logLines)).not.toContain('secret-token');

    clock.set('2025-11-08T12:05:00Z');
    await alerts.raise({ gameDate: '2025-11-08', severity: 'WARNING', category: 'bronze_predictions', message: '31 % bronze' });
    expect(receiver.received).toHaveLength(4);
    expect(await notification('2025-11-08', 'bronze_predictions')).toMatchObject({ delivery: 'sent' });
  });

  it('does not retry what the webhook refuses for good (Slack 404 no_service)', async () => {
    const clock = new ManualClock(new Date('2025-11-09T12:00:00Z'));
    receiver.script = [{ status: 404, body: 'no_service' }];
    await serviceWith(clock).raise({ gameDate: '2025-11-09', severity: 'WARNING', category: 'completeness', message: 'low' });
    expect(receiver.received).toHaveLength(1);
    expect(await notification('2025-11-09', 'completeness')).toMatchObject({ delivery: 'failed', delivery_attempts: 1, delivery_error: 'attempt 1: HTTP 404 no_service' });
  });

  it('without ALERT_WEBHOOK_URL, stores and logs the alert and records that no webhook is configured', async () => {
    const clock = new ManualClock(new Date('2025-11-10T12:00:00Z'));
    const alerts = new AlertService(warehouse, { name: 'phase5-predictions', phase: 5 } as never, loadPlatformConfig({}), new AlertNotificationRepository(warehouse), clock);
    await alerts.raise({ gameDate: '2025-11-10', severity: 'WARNING', category: 'completeness', message: 'low' });
    expect(receiver.received).toHaveLength(0);
    expect(await notification('2025-11-10', 'completeness')).toMatchObject({ delivery: 'no_webhook', total_raised: 1 });
  });
});
