import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlatformConfig, PhaseExecutionLogRepository, PlatformConfig } from '@lib/platform';
import { BoundaryGate } from '@lib/quality';
import { createObjectStore } from '@lib/storage';
import { ALL_TABLES, DuckDBWarehouse, Row } from '@lib/warehouse';
import { PrecomputeRepository } from '../../../phase4-precompute/src/precompute/precompute.repository';
import { PrecomputeStep } from '../../../phase4-precompute/src/precompute/precompute.step';
import { seedBundledAnalytics } from '../../../../tools/seed/analytics.seeder';
import { GradeStep } from '../grading/grade.step';
import { PicksExporter } from '../picks/picks.exporter';
import { MarketHistoryRepository } from '../systems/market-history.repository';
import { ModelArtifactStore } from '../systems/model-artifact.store';
import { ModelTrainer } from '../systems/model-trainer.service';
import { PredictionSystemsProvider } from '../systems/prediction-systems.provider';
import { PredictionsPhaseHandler } from './predictions-phase.handler';
import { PredictionsRepository } from './predictions.repository';
import { PredictStep } from './predict.step';

// after every game of the dates: nothing is frozen at tip-off, as in a backfill or a heal of past dates
const clock = { now: () => new Date('2025-12-01T12:00:00Z') };
const request = (gameDate: string) => ({ gameDate, backfillMode: true, trigger: 'pubsub' as const, correlationId: 'order-test' });
const DATES = ['2025-11-01', '2025-11-02', '2025-11-03', '2025-11-04', '2025-11-05', '2025-11-06', '2025-11-07'];
/** Columns that say when or in which run a row was written, not what it holds. */
const WRITTEN_WHEN = new Set(['run_id', 'created_at', 'superseded_at', 'graded_at']);

/**
 * The order phase 5 meets the dates in (a date late from a fault, a heal, a redelivery) must not
 * change what it predicts: the same dates predicted in order and out of order, on copies of one
 * warehouse of the real season, end in the same predictions and grades to the last column.
 */
describe('phase 5 predictions do not depend on the order the dates arrive in', () => {
  let directory: string;
  let config: PlatformConfig;
  const warehouses: DuckDBWarehouse[] = [];

  const handlerOn = (warehouse: DuckDBWarehouse, objectRoot: string) => {
    const objects = createObjectStore({ kind: 'local', root: objectRoot });
    const repository = new PredictionsRepository(warehouse);
    const gate = new BoundaryGate(warehouse, config.boundaryThresholds(), async () => undefined, clock.now);
    const systems = new PredictionSystemsProvider(new ModelTrainer(warehouse, new ModelArtifactStore(objects), clock), new MarketHistoryRepository(warehouse), config);
    const steps = [new PredictStep(repository, systems, new PicksExporter(objects), gate, config, clock), new GradeStep(repository, clock)];
    return new PredictionsPhaseHandler(steps, repository, new PhaseExecutionLogRepository(warehouse), { name: 'phase5-predictions' });
  };
  const contentOf = async (warehouse: DuckDBWarehouse, table: string, where: string) => {
    const rows = await warehouse.query<Row>(`SELECT * FROM nba_predictions.${table} WHERE ${where} ORDER BY game_date, game_id, player_lookup, system_id`);
    return rows.map((row) => JSON.stringify(Object.entries(row).filter(([column]) => !WRITTEN_WHEN.has(column))));
  };

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'prediction-order-'));
    config = loadPlatformConfig({ DATA_DIR: directory });
    const seeded = new DuckDBWarehouse({ path: path.join(directory, 'seeded.duckdb'), tables: ALL_TABLES });
    await seeded.migrate(ALL_TABLES);
    await seedBundledAnalytics(seeded, { from: '2025-10-21', to: '2025-11-07' });
    const phase4 = new PrecomputeStep(new PrecomputeRepository(seeded), new BoundaryGate(seeded, config.boundaryThresholds(), async () => undefined, clock.now), config, clock);
    for (let day = 22; day <= 38; day += 1) await phase4.run(request(new Date(Date.UTC(2025, 9, day)).toISOString().slice(0, 10)));
    await seeded.close();
    for (const name of ['in-order', 'out-of-order']) {
      fs.copyFileSync(path.join(directory, 'seeded.duckdb'), path.join(directory, `${name}.duckdb`));
      const warehouse = new DuckDBWarehouse({ path: path.join(directory, `${name}.duckdb`), tables: ALL_TABLES });
      await warehouse.migrate(ALL_TABLES);
      warehouses.push(warehouse);
    }
  }, 180_000);
  afterAll(async () => {
    for (const warehouse of warehouses) await warehouse.close();
  });

  it('ends in the same predictions and grades, out of order as in order', async () => {
    const [inOrder, outOfOrder] = warehouses;
    const ordered = handlerOn(inOrder, path.join(directory, 'objects-in-order'));
    for (const date of DATES) await ordered.run(request(date));

    const shuffled = handlerOn(outOfOrder, path.join(directory, 'objects-out-of-order'));
    const details: string[] = [];
    for (const date of ['2025-11-07', '2025-11-03', '2025-11-05', '2025-11-01', '2025-11-04', '2025-11-02', '2025-11-06']) {
      details.push((await shuffled.run(request(date))).detail ?? '');
    }
    // 11-01 came after 11-03, 11-05 and 11-07 had been predicted: they were restated
    expect(details[3]).toMatch(/restated 3 later dates whose history this run changed \(2025-11-03 \.\. 2025-11-07\)/);

    const active = `is_active AND game_date BETWEEN '2025-11-01' AND '2025-11-07'`;
    const expected = await contentOf(inOrder, 'player_prop_predictions', active);
    expect(expected.length).toBeGreaterThan(5000);
    // the calibrations and the market blend were fitted on earlier dates within the window: the order could matter
    expect(expected.some((row) => row.includes('"probability_over",0.'))).toBe(true);
    expect(await contentOf(outOfOrder, 'player_prop_predictions', active)).toEqual(expected);
    const grades = `game_date BETWEEN '2025-11-01' AND '2025-11-07'`;
    const expectedGrades = await contentOf(inOrder, 'prediction_grades', grades);
    expect(expectedGrades.length).toBeGreaterThan(3000);
    expect(await contentOf(outOfOrder, 'prediction_grades', grades)).toEqual(expectedGrades);
  }, 300_000);
});
