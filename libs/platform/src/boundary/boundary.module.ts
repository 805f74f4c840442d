import { Module } from '@nestjs/common';
import { BoundaryAlert, BoundaryGate, circuitBreakerThresholds } from '@lib/quality';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';
import { AlertService } from '../alerts/alert.service';
import { Clock, CLOCK } from '../clock/clock';
import { PlatformConfig } from '../config/platform-config';
import { BoundaryController } from './boundary.controller';
import { CIRCUIT_BREAKER_GATE } from './circuit-breaker.token';

/** The gate's alerts in the circuit breaker's own words and kinds: its "completeness" is the share of games without data problems. */
function circuitBreakerAlert(alert: BoundaryAlert, problemGamesAbovePercent: number): BoundaryAlert | (Omit<BoundaryAlert, 'category'> & { category: string }) {
  const cleanPercent = Number(alert.details.completeness_pct);
  if (alert.category === 'boundary_block') {
    return {
      ...alert,
      category: 'circuit_breaker_open',
      message: `phase 5 held for ${alert.gameDate}: ${Math.round((100 - cleanPercent) * 10) / 10} % of its games have data problems (most of their feature vectors on bronze analytics), above ${problemGamesAbovePercent} %; release with POST /boundary/release {"gate": "circuit_breaker"} on phase 5`,
    };
  }
  if (alert.category === 'boundary_released') return { ...alert, category: 'circuit_breaker_released', message: alert.message.replace('phase5-circuit-breaker', 'phase 5 (circuit breaker)') };
  return alert;
}

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
        new BoundaryGate(
          warehouse,
          circuitBreakerThresholds(config.CIRCUIT_BREAKER_PROBLEM_GAMES_ABOVE_PERCENT),
          (alert) => alerts.raise(circuitBreakerAlert(alert, config.CIRCUIT_BREAKER_PROBLEM_GAMES_ABOVE_PERCENT)),
          () => clock.now(),
        ),
    },
  ],
  exports: [BoundaryGate, CIRCUIT_BREAKER_GATE],
})
export class BoundaryModule {}
