import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createObjectStore, ObjectStore } from '@lib/storage';
import { ALL_TABLES, BASE_FEATURE_NAMES, DuckDBWarehouse, FEATURE_NAMES, FEATURE_VERSION } from '@lib/warehouse';
import { ModelArtifactStore } from './model-artifact.store';
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
  });
});
