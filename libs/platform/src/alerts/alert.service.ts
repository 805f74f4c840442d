import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { alertsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { Clock, CLOCK, SYSTEM_CLOCK } from '../clock/clock';
import { PlatformConfig } from '../config/platform-config';
import { currentContext } from '../context/request-context';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { AlertNotificationRepository, AlertNotificationRow } from './alert-notification.repository';
import { AlertWebhookSender } from './alert-webhook.sender';

export interface AlertRequest {
  gameDate: string;
  severity: 'WARNING' | 'ERROR' | 'CRITICAL';
  category: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Raises an alert: a log line at the alert's severity (Cloud Logging keeps it; Cloud Monitoring
 * alerting policies match on it), a row in nba_orchestration.alerts, and a message to the
 * Slack-compatible webhook (ALERT_WEBHOOK_URL). The same alert (date, kind, service) raised again
 * within ALERT_REPEAT_MINUTES is counted in nba_orchestration.alert_notifications instead of sent.
 * A webhook that fails after its retries is logged and recorded; it never fails the run.
 */
@Injectable()
export class AlertService {
  private readonly logger = new Logger('Alert');
  private readonly webhook: AlertWebhookSender | undefined;

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly config: PlatformConfig,
    private readonly notifications: AlertNotificationRepository,
    @Inject(CLOCK) private readonly clock: Clock = SYSTEM_CLOCK,
  ) {
    this.webhook = config.ALERT_WEBHOOK_URL
      ? new AlertWebhookSender({ url: config.ALERT_WEBHOOK_URL, maxAttempts: config.ALERT_WEBHOOK_MAX_ATTEMPTS, retryDelayMs: config.ALERT_WEBHOOK_RETRY_DELAY_MS, sleep: clock.sleep?.bind(clock) })
      : undefined;
  }

  async raise(alert: AlertRequest): Promise<void> {
    const line = `[${alert.category}] ${alert.gameDate}: ${alert.message}`;
    const fields = { alert: { category: alert.category, game_date: alert.gameDate, details: alert.details ?? {} } };
    if (alert.severity === 'WARNING') this.logger.warn(line, fields);
    else if (alert.severity === 'CRITICAL') this.logger.fatal(line, fields);
    else this.logger.error(line, fields);
    const raisedAt = this.clock.now().toISOString();
    await this.warehouse.upsert(alertsTable, [
      {
        alert_id: randomUUID(),
        game_date: alert.gameDate,
        service: this.identity.name,
        severity: alert.severity,
        category: alert.category,
        message: alert.message,
        details: alert.details ?? null,
        correlation_id: currentContext()?.correlationId ?? null,
        raised_at: raisedAt,
      },
    ]);
    await this.notify(alert, raisedAt);
  }

  private async notify(alert: AlertRequest, raisedAt: string): Promise<void> {
    const previous = await this.notifications.find(alert.gameDate, alert.category, this.identity.name);
    const base: AlertNotificationRow = {
      game_date: alert.gameDate,
      category: alert.category,
      service: this.identity.name,
      severity: alert.severity,
      last_message: alert.message,
      last_sent_at: previous?.last_sent_at ?? null,
      last_raised_at: raisedAt,
      repeats_since_sent: previous?.repeats_since_sent ?? 0,
      total_raised: (previous?.total_raised ?? 0) + 1,
      delivery: 'no_webhook',
      delivery_attempts: 0,
      delivery_error: null,
    };
    if (!this.webhook) return this.notifications.save(base);
    const windowMs = this.config.ALERT_REPEAT_MINUTES * 60_000;
    const sentAtMs = previous?.last_sent_at ? new Date(previous.last_sent_at).getTime() : undefined;
    if (sentAtMs !== undefined && Date.parse(raisedAt) - sentAtMs < windowMs) {
      return this.notifications.save({ ...base, delivery: 'repeat_counted', repeats_since_sent: base.repeats_since_sent + 1 });
    }
    const delivery = await this.webhook.send(webhookText(alert, this.identity.name, base.repeats_since_sent, this.config.ALERT_REPEAT_MINUTES));
    if (delivery.delivered) {
      return this.notifications.save({ ...base, delivery: 'sent', last_sent_at: raisedAt, repeats_since_sent: 0, delivery_attempts: delivery.attempts });
    }
    const reason = delivery.errors.join('; ');
    this.logger.error(`alert webhook (${this.webhook.host}) did not take [${alert.category}] ${alert.gameDate} after ${delivery.attempts} attempts: ${reason}; the alert is in nba_orchestration.alerts and the run goes on`);
    // Not sent: the next raise of it tries again instead of being counted as a repeat.
    await this.notifications.save({ ...base, delivery: 'failed', delivery_attempts: delivery.attempts, delivery_error: reason });
  }
}

const SEVERITY_MARK: Record<AlertRequest['severity'], string> = { WARNING: ':warning: WARNING', ERROR: ':x: ERROR', CRITICAL: ':rotating_light: CRITICAL' };

/** One Slack message: severity and kind first (what a phone notification shows), then the date and the message. */
export function webhookText(alert: AlertRequest, service: string, repeatsHeldBack: number, repeatMinutes: number): string {
  const repeats = repeatsHeldBack > 0 ? `\n(raised ${repeatsHeldBack} more time${repeatsHeldBack === 1 ? '' : 's'} since the last message; repeats within ${repeatMinutes} min are counted, not sent)` : '';
  return `${SEVERITY_MARK[alert.severity]} [${alert.category}] ${alert.gameDate} (${service})\n${alert.message}${repeats}`;
}
