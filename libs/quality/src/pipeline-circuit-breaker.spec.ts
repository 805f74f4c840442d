import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse } from '@lib/warehouse';
import { BoundaryAlert, BoundaryGate } from './boundary.gate';
import { CIRCUIT_BREAKER_PHASE, circuitBreakerMeasurement, circuitBreakerThresholds, GameDataProblems } from './pipeline-circuit-breaker';

// Hand-made game counts: 11 games of a date, each with 20 feature vectors.
const games = (problemGames: number): GameDataProblems[] =>
  Array.from({ length: 11 }, (_, index) => ({ game_id: `00225001${String(index).padStart(2, '0')}`, vectors: 20, problem_vectors: index < problemGames ? 11 : 2 }));

describe('the pipeline circuit breaker (phase 5 held when more than half the games have data problems)', () => {
  let warehouse: DuckDBWarehouse;
  const alerts: BoundaryAlert[] = [];
  const breaker = () => new BoundaryGate(warehouse, circuitBreakerThresholds(50), async (alert) => void alerts.push(alert), () => new Date('2025-11-05T20:00:00Z'));

  beforeAll(async () => {
    warehouse = new DuckDBWarehouse({ path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'breaker-')), 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
  });
  afterAll(() => warehouse.close());

  it('lets a date through when half or fewer of its games have problems (a game counts when more than half its vectors are bronze)', async () => {
    expect(circuitBreakerMeasurement('2025-11-04', games(5)).minutesCoveragePct).toBeCloseTo((100 * 6) / 11);
    const outcome = await breaker().check(CIRCUIT_BREAKER_PHASE, '2025-11-04', circuitBreakerMeasurement('2025-11-04', games(5)));
    expect(outcome).toMatchObject({ proceed: true, status: 'passed' });
  });

  it('holds a date when 6 of 11 games have problems: recorded, alerted, and released by a person like the boundary gate', async () => {
    alerts.length = 0;
    const held = await breaker().check(CIRCUIT_BREAKER_PHASE, '2025-11-05', circuitBreakerMeasurement('2025-11-05', games(6)));
    expect(held).toMatchObject({ proceed: false, status: 'blocked' });
    expect(alerts).toEqual([expect.objectContaining({ gameDate: '2025-11-05', severity: 'CRITICAL', category: 'boundary_block' })]);
    expect(alerts[0].message).toContain(CIRCUIT_BREAKER_PHASE);
    const [recorded] = await warehouse.query("SELECT phase, status, completeness_pct FROM nba_orchestration.phase_boundary_checks WHERE game_date = '2025-11-05'");
    expect(recorded).toEqual({ phase: CIRCUIT_BREAKER_PHASE, status: 'blocked', completeness_pct: 45.5 });

    await breaker().release(CIRCUIT_BREAKER_PHASE, '2025-11-05', 'on-call', 'box scores checked by hand');
    const released = await breaker().check(CIRCUIT_BREAKER_PHASE, '2025-11-05', circuitBreakerMeasurement('2025-11-05', games(6)));
    expect(released).toMatchObject({ proceed: true, status: 'released', flags: ['boundary_released'] });
  });

  it('lets the date go by itself once a re-check finds the games repaired (self-heal)', async () => {
    await breaker().check(CIRCUIT_BREAKER_PHASE, '2025-11-06', circuitBreakerMeasurement('2025-11-06', games(9)));
    const healed = await breaker().check(CIRCUIT_BREAKER_PHASE, '2025-11-06', circuitBreakerMeasurement('2025-11-06', games(1)));
    expect(healed).toMatchObject({ proceed: true, status: 'released' });
  });
});
