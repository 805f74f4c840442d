import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlatformConfig } from '@lib/platform';
import { BoundaryGate } from '@lib/quality';
import { createObjectStore, ObjectStore } from '@lib/storage';
import { ALL_TABLES, BASE_FEATURE_NAMES, DuckDBWarehouse, FEATURE_NAMES, FEATURE_VERSION } from '@lib/warehouse';
import { PrecomputeRepository } from '../../../phase4-precompute/src/precompute/precompute.repository';
import { PrecomputeStep } from '../../../phase4-precompute/src/precompute/precompute.step';
import { seedBundledAnalytics } from '../../../../tools/seed/analytics.seeder';
import { GradientBoostingSystem } from './gradient-boosting.model';
import { ModelArtifactStore } from './model-artifact.store';
import { FeatureValues, GBM_SYSTEM_ID, RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from './prediction-system';
import { ModelTrainer } from './model-trainer.service';
import { RidgeArtifact } from './ridge.model';

describe('ModelTrainer without enough history', () => {
  let warehouse: DuckDBWarehouse;
  let objects: ObjectStore;
  let trainer: ModelTrainer;

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'trainer-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'w.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    objects = createObjectStore({ kind: 'local', root: path.join(directory, 'objects') });
    trainer = new ModelTrainer(warehouse, new ModelArtifactStore(objects), { now: () => new Date('2025-11-20T12:00:00Z') });
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('has no model for a date with no earlier player-games, and says how many it needs', async () => {
    const model = await trainer.modelFor('2025-10-23', FEATURE_VERSION, 7);
    expect(model).toEqual({
      artifact: null,
      trained: false,
      note: `only 0 player-games with history from 2025-08-01 through 2025-10-16; ridge_v1 needs ${BASE_FEATURE_NAMES.length * 10}`,
    });
  });

  it('trains every date of a calendar block through the same day, whichever date comes first', async () => {
    const notes: string[] = [];
    for (const date of ['2025-10-30', '2025-10-24', '2025-10-27']) notes.push((await trainer.modelFor(date, FEATURE_VERSION, 7, 'ridge_v2')).note);
    expect(notes.every((note) => note.includes('from 2025-08-01 through 2025-10-23; ridge_v2 needs'))).toBe(true);
  });

  it('keeps an older model when it cannot train a newer one, and says how far behind it is', async () => {
    const older: RidgeArtifact = {
      system_id: 'ridge_v1',
      model_version: 'ridge_v1-v1-through-2025-10-30',
      feature_version: FEATURE_VERSION,
      feature_names: [...FEATURE_NAMES],
      training_start_date: '2025-10-21',
      training_end_date: '2025-10-30',
      training_rows: 1200,
      trained_at: '2025-10-31T08:00:00Z',
      library: 'ml-regression-multivariate-linear',
      lambda: 1,
      means: FEATURE_NAMES.map(() => 0),
      scales: FEATURE_NAMES.map(() => 1),
      target: 'sqrt_points',
      intercept: 3,
      weights: FEATURE_NAMES.map(() => 0),
      training_mae: 4.6,
    };
    await new ModelArtifactStore(objects).save(older);
    const model = await trainer.modelFor('2025-11-20', FEATURE_VERSION, 7);
    expect(model.artifact?.training_end_date).toBe('2025-10-30');
    expect(model.note).toMatch(/^kept ridge_v1 trained through 2025-10-30 \(21 days behind\): only 0 player-games/);
    const recent = await trainer.modelFor('2025-11-03', FEATURE_VERSION, 7);
    expect(recent).toMatchObject({ trained: false, note: 'ridge_v1 ridge_v1-v1-through-2025-10-30 trained through 2025-10-30' });

    // trained for a later block before 2025-11-05's games were in: its range reaches 2025-11-05, so that date passes it over
    const store = new ModelArtifactStore(objects);
    await store.save({ ...older, model_version: 'ridge_v1-v1-through-2025-11-03', training_end_date: '2025-11-03', trained_through: '2025-11-06' });
    expect((await store.latestBefore('2025-11-05', FEATURE_VERSION))?.training_end_date).toBe('2025-10-30');
    expect((await store.latestBefore('2025-11-07', FEATURE_VERSION))?.training_end_date).toBe('2025-11-03');
  });
});

/**
 * The ridges and gbm_v1 follow one retrain calendar: the run that needs new models reads the season's
 * training examples once for all of them, stores each, and the later dates of the block use the
 * stored models (the same models, to the bit, as the ones trained in memory).
 */
describe('ModelTrainer on the real season', () => {
  const clock = { now: () => new Date('2025-11-20T12:00:00Z') };
  let warehouse: DuckDBWarehouse;
  let trainer: ModelTrainer;
  let examplesReads = 0;

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'trainer-season-'));
    const config = loadPlatformConfig({ DATA_DIR: directory });
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'w.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    await seedBundledAnalytics(warehouse, { from: '2025-10-21', to: '2025-11-03' });
    const phase4 = new PrecomputeStep(new PrecomputeRepository(warehouse), new BoundaryGate(warehouse, config.boundaryThresholds(), async () => undefined, clock.now), config, clock);
    for (let day = 22; day <= 34; day += 1) {
      await phase4.run({ gameDate: new Date(Date.UTC(2025, 9, day)).toISOString().slice(0, 10), backfillMode: true, trigger: 'pubsub', correlationId: 'trainer-season' });
    }
    const counting = new Proxy(warehouse, {
      get(target, property, receiver) {
        if (property !== 'query') return Reflect.get(target, property, receiver);
        return (sql: string, params?: Record<string, unknown>) => {
          if (sql.includes('FROM nba_precompute.ml_feature_store AS vectors')) examplesReads += 1;
          return target.query(sql, params as never);
        };
      },
    });
    trainer = new ModelTrainer(counting, new ModelArtifactStore(createObjectStore({ kind: 'local', root: path.join(directory, 'objects') })), clock);
  }, 180_000);
  afterAll(async () => {
    await warehouse.close();
  });

  it('trains every system of a calendar block on one read of the examples, then reuses the stored models until the next block', async () => {
    const systems = [RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID, GBM_SYSTEM_ID] as const;
    const first = await trainer.modelsFor('2025-11-01', FEATURE_VERSION, 7, systems);
    expect(examplesReads).toBe(1);
    for (const systemId of systems) {
      expect(first[systemId]).toMatchObject({ trained: true, artifact: { training_end_date: '2025-10-30', trained_through: '2025-10-30' } });
      expect(first[systemId].note).toMatch(new RegExp(`^trained ${systemId} through 2025-10-30 on \\d+ player-games`));
    }
    // the week before 2025-10-24 is too short to train on: all the trees are kept
    expect(first[GBM_SYSTEM_ID].note).toMatch(/, 150 trees \(too few player-games to hold any out\)$/);

    const later = await trainer.modelsFor('2025-11-03', FEATURE_VERSION, 7, systems);
    expect(examplesReads).toBe(1);
    for (const systemId of systems) {
      expect(later[systemId]).toMatchObject({ trained: false, note: `${systemId} ${systemId}-${FEATURE_VERSION}-through-2025-10-30 trained through 2025-10-30` });
      // read back from the store: the same model as the one trained in memory
      expect(later[systemId].artifact).toEqual(first[systemId].artifact);
    }
    const gbm = later[GBM_SYSTEM_ID].artifact!;
    expect(gbm.trees.length).toBeGreaterThan(0);
    const [vector] = await warehouse.query<{ features: FeatureValues }>(`SELECT features FROM nba_precompute.ml_feature_store WHERE game_date = '2025-11-03' LIMIT 1`);
    expect(new GradientBoostingSystem(gbm).predict(vector.features)).toBe(new GradientBoostingSystem(first[GBM_SYSTEM_ID].artifact!).predict(vector.features));
  }, 120_000);
});
