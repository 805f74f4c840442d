import { phaseBoundaryChecksTable, Warehouse } from '@lib/warehouse';
import { BoundaryMeasurement, BoundaryStatus, BoundaryThresholds, judgeBoundary } from './boundary-validation';

export interface BoundaryAlert {
  gameDate: string;
  severity: 'WARNING' | 'CRITICAL';
  category: 'boundary_warning' | 'boundary_block' | 'boundary_released';
  message: string;
  details: Record<string, unknown>;
}

export interface BoundaryCheckRow {
  phase: string;
  game_date: string;
  status: BoundaryStatus | 'released';
  input_date: string | null;
  minutes_coverage_pct: number | null;
  null_rates: Record<string, number>;
  completeness_pct: number;
  thresholds: BoundaryThresholds;
  reason: string;
  released_by: string | null;
  release_reason: string | null;
  checked_at: string;
  released_at: string | null;
}

export interface GateOutcome {
  proceed: boolean;
  status: BoundaryCheckRow['status'];
  /** Carried into the rows the phase writes, so a degraded input never reads as clean. */
  flags: string[];
  reason: string;
}

export class BoundaryNotBlockedError extends Error {
  constructor(phase: string, gameDate: string, status: string | undefined) {
    super(`${phase} for ${gameDate} is not blocked (${status ? `its last check ${status}` : 'never checked'}): nothing to release`);
    this.name = 'BoundaryNotBlockedError';
  }
}

/**
 * The gate in front of a phase. Records every check in nba_orchestration.phase_boundary_checks; a
 * block stays until a later check passes (self-heal) or a person releases it.
 */
export class BoundaryGate {
  constructor(
    private readonly warehouse: Warehouse,
    private readonly thresholds: BoundaryThresholds,
    private readonly alert: (alert: BoundaryAlert) => Promise<void>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** In backfill mode (`raiseAlerts: false`) the check is still recorded and still blocks, but raises no alert. */
  async check(phase: string, gameDate: string, measurement: BoundaryMeasurement, options: { raiseAlerts?: boolean } = {}): Promise<GateOutcome> {
    const raise = async (alert: BoundaryAlert) => {
      if (options.raiseAlerts !== false) await this.alert(alert);
    };
    const verdict = judgeBoundary(measurement, this.thresholds);
    const previous = await this.find(phase, gameDate);
    const row: BoundaryCheckRow = {
      phase,
      game_date: gameDate,
      status: verdict.status,
      input_date: measurement.inputDate,
      minutes_coverage_pct: measurement.minutesCoveragePct,
      null_rates: measurement.nullRates,
      completeness_pct: verdict.completenessPct,
      thresholds: this.thresholds,
      reason: verdict.reason,
      released_by: null,
      release_reason: null,
      checked_at: this.now().toISOString(),
      released_at: null,
    };
    const details = { phase, input_date: measurement.inputDate, completeness_pct: verdict.completenessPct, minutes_coverage_pct: measurement.minutesCoveragePct, null_rates: measurement.nullRates, thresholds: this.thresholds };

    if (verdict.status === 'blocked') {
      if (previous?.status === 'released' && previous.released_by !== 'self-heal') {
        await raise({ gameDate, severity: 'WARNING', category: 'boundary_released', message: `${phase} runs on input released by ${previous.released_by}: ${verdict.reason}`, details });
        return { proceed: true, status: 'released', flags: ['boundary_released'], reason: `released by ${previous.released_by}: ${verdict.reason}` };
      }
      await this.save(row);
      await raise({ gameDate, severity: 'CRITICAL', category: 'boundary_block', message: `${phase} blocked: ${verdict.reason}`, details });
      return { proceed: false, status: 'blocked', flags: ['boundary_blocked'], reason: verdict.reason };
    }
    const healed = previous?.status === 'blocked';
    await this.save(healed ? { ...row, status: 'released', released_by: 'self-heal', release_reason: `re-check ${verdict.status}: ${verdict.reason}`, released_at: row.checked_at } : row);
    if (verdict.status === 'warned') {
      await raise({ gameDate, severity: 'WARNING', category: 'boundary_warning', message: `${phase} runs on degraded input: ${verdict.reason}`, details });
      return { proceed: true, status: 'warned', flags: ['boundary_warned'], reason: verdict.reason };
    }
    return { proceed: true, status: healed ? 'released' : 'passed', flags: [], reason: verdict.reason };
  }

  /** A person lets a blocked date run on the input it has; the next run goes ahead, flagged. */
  async release(phase: string, gameDate: string, releasedBy: string, reason: string): Promise<BoundaryCheckRow> {
    const previous = await this.find(phase, gameDate);
    if (previous?.status !== 'blocked') throw new BoundaryNotBlockedError(phase, gameDate, previous?.status);
    const released: BoundaryCheckRow = { ...previous, status: 'released', released_by: releasedBy, release_reason: reason, released_at: this.now().toISOString() };
    await this.save(released);
    return released;
  }

  async find(phase: string, gameDate: string): Promise<BoundaryCheckRow | undefined> {
    const [row] = await this.warehouse.query<BoundaryCheckRow & Record<string, unknown>>(
      `SELECT phase, game_date, status, input_date, minutes_coverage_pct, null_rates, completeness_pct, thresholds, reason,
              released_by, release_reason, checked_at, released_at
         FROM nba_orchestration.phase_boundary_checks WHERE game_date = @gameDate AND phase = @phase`,
      { gameDate, phase },
    );
    return row;
  }

  private async save(row: BoundaryCheckRow): Promise<void> {
    await this.warehouse.upsert(phaseBoundaryChecksTable, [row as unknown as Record<string, unknown>]);
  }
}
