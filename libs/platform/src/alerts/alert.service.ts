import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { alertsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { currentContext } from '../context/request-context';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';

export interface AlertRequest {
  gameDate: string;
  severity: 'WARNING' | 'ERROR' | 'CRITICAL';
  category: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Raises an alert: a log line at the alert's severity (Cloud Monitoring alerting policies match on
 * it) and a row in nba_orchestration.alerts, so the 2 a.m. reader can query what fired and why.
 */
@Injectable()
export class AlertService {
  private readonly logger = new Logger('Alert');

  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  async raise(alert: AlertRequest): Promise<void> {
    const line = `[${alert.category}] ${alert.gameDate}: ${alert.message}`;
    if (alert.severity === 'WARNING') this.logger.warn(line, { alert: alert.details ?? {} });
    else this.logger.error(line, { alert: alert.details ?? {} });
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
        raised_at: new Date().toISOString(),
      },
    ]);
  }
}
