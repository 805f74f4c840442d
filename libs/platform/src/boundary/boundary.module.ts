import { Module } from '@nestjs/common';
import { BoundaryGate } from '@lib/quality';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';
import { AlertService } from '../alerts/alert.service';
import { Clock, CLOCK } from '../clock/clock';
import { PlatformConfig } from '../config/platform-config';
import { BoundaryController } from './boundary.controller';

/** The phase-boundary gate (thresholds from configuration, alerts to nba_orchestration.alerts) and its release endpoint. */
@Module({
  controllers: [BoundaryController],
  providers: [
    {
      provide: BoundaryGate,
      inject: [WAREHOUSE, PlatformConfig, AlertService, CLOCK],
      useFactory: (warehouse: Warehouse, config: PlatformConfig, alerts: AlertService, clock: Clock) =>
        new BoundaryGate(warehouse, config.boundaryThresholds(), (alert) => alerts.raise(alert), () => clock.now()),
    },
  ],
  exports: [BoundaryGate],
})
export class BoundaryModule {}
