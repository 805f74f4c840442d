import { Inject, Injectable } from '@nestjs/common';
import { alertNotificationsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface AlertNotificationRow {
  game_date: string;
  category: string;
  service: string;
  severity: string;
  last_message: string;
  last_sent_at: string | null;
  last_raised_at: string;
  repeats_since_sent: number;
  total_raised: number;
  delivery: 'sent' | 'repeat_counted' | 'failed' | 'no_webhook';
  delivery_attempts: number;
  delivery_error: string | null;
}

/** Owns the SQL of nba_orchestration.alert_notifications: one row per date, alert kind and service. */
@Injectable()
export class AlertNotificationRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async find(gameDate: string, category: string, service: string): Promise<AlertNotificationRow | undefined> {
    const [row] = await this.warehouse.query<AlertNotificationRow & Record<string, unknown>>(
      `SELECT game_date, category, service, severity, last_message, last_sent_at, last_raised_at, repeats_since_sent, total_raised,
              delivery, delivery_attempts, delivery_error
         FROM nba_orchestration.alert_notifications
        WHERE game_date = @gameDate AND category = @category AND service = @service`,
      { gameDate, category, service },
    );
    return row ? { ...row, repeats_since_sent: Number(row.repeats_since_sent), total_raised: Number(row.total_raised), delivery_attempts: Number(row.delivery_attempts) } : undefined;
  }

  async save(row: AlertNotificationRow): Promise<void> {
    await this.warehouse.upsert(alertNotificationsTable, [row as unknown as Record<string, unknown>]);
  }
}
