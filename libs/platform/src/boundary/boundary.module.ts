import { Module } from '@nestjs/common';
import { BoundaryGate, circuitBreakerThresholds } from '@lib/quality';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';
import { AlertService } from '../alerts/alert.service';
import { Clock, CLOCK } from '../clock/clock';
import { PlatformConfig } from '../config/platform-config';
import { BoundaryController } from './boundary.controller';
import { CIRCUIT_BREAKER_GATE } from './circuit-breaker.token';

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
    {
      provide: CIRCUIT_BREAKER_GATE,
      inject: [WAREHOUSE, PlatformConfig, AlertService, CLOCK],
      useFactory: (warehouse: Warehouse, config: PlatformConfig, alerts: AlertService, clock: Clock) =>
        new BoundaryGate(warehouse, circuitBreakerThresholds(config.CIRCUIT_BREAKER_PROBLEM_GAMES_ABOVE_PERCENT), (alert) => alerts.raise(alert), () => clock.now()),
    },
  ],
  exports: [BoundaryGate, CIRCUIT_BREAKER_GATE],
})
export class BoundaryModule {}
