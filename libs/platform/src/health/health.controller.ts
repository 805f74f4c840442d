import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MESSAGE_PUBLISHER, MessagePublisher } from '@lib/messaging';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';
import { completionTopicOf, SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';

/** Liveness answers while the process runs; readiness checks what a request needs to succeed. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  @Get()
  live(): { status: 'ok'; service: string } {
    return { status: 'ok', service: this.identity.name };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.warehouseReachable(), () => this.messagingConfigured()]);
  }

  private async warehouseReachable() {
    const check = this.indicators.check('warehouse');
    try {
      await this.warehouse.ping();
      return check.up({ engine: this.warehouse.engine });
    } catch (error) {
      return check.down({ engine: this.warehouse.engine, message: (error as Error).message });
    }
  }

  private async messagingConfigured() {
    const check = this.indicators.check('messaging');
    try {
      return check.up({ adapter: this.publisher.kind, publishes_to: completionTopicOf(this.identity.name) });
    } catch (error) {
      return check.down({ adapter: this.publisher.kind, message: (error as Error).message });
    }
  }
}
