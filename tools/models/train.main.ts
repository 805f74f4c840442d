import 'reflect-metadata';
import { addDays, seasonStartOf } from '@lib/messaging';
import { loadPlatformConfig, warehouseFromConfig } from '@lib/platform';
import { createObjectStore } from '@lib/storage';
import { FEATURE_VERSION } from '@lib/warehouse';
import { RIDGE_FEATURES } from '../../apps/phase5-predictions/src/systems/model-trainer.service';
import { RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from '../../apps/phase5-predictions/src/systems/prediction-system';
import { ModelArtifactStore } from '../../apps/phase5-predictions/src/systems/model-artifact.store';
import { trainRidge } from '../../apps/phase5-predictions/src/systems/ridge.model';
import { ModelArgumentError, parseDateFlags } from './model-arguments';
import { loadTrainingExamples } from '../../apps/phase5-predictions/src/systems/training-examples.repository';

const USAGE = 'usage: npm run train -- --through YYYY-MM-DD [--from YYYY-MM-DD]   (trains ridge_v1 and ridge_v2 on the feature store, games from..through)';

/** `npm run train`: fits ridge_v1 on the feature store and stores the versioned artifact; phase 5 uses it for dates after --through. */
async function main(argv: string[]): Promise<number> {
  let flags: { through: string; from?: string };
  try {
    flags = parseDateFlags(argv, ['through'], ['from']);
  } catch (error) {
    if (!(error instanceof ModelArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadPlatformConfig();
  const from = flags.from ?? seasonStartOf(flags.through);
  const warehouse = warehouseFromConfig(config, { readOnly: true });
  try {
    const examples = await loadTrainingExamples(warehouse, from, flags.through, FEATURE_VERSION);
    const objects = config.OBJECT_STORE === 'gcs'
      ? createObjectStore({ kind: 'gcs', bucket: config.GCS_BUCKET!, projectId: config.GCP_PROJECT })
      : createObjectStore({ kind: 'local', root: config.objectStoreRoot });
    for (const systemId of [RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID] as const) {
      const artifact = trainRidge(examples, { featureNames: RIDGE_FEATURES[systemId], featureVersion: FEATURE_VERSION, predictFrom: addDays(flags.through, 1), trainedAt: new Date().toISOString(), systemId });
      const stored = await new ModelArtifactStore(objects).save(artifact);
      process.stdout.write(
        `trained ${artifact.model_version} on ${artifact.training_rows} player-games ${artifact.training_start_date}..${artifact.training_end_date} ` +
          `(training MAE ${artifact.training_mae}); stored at ${stored.uri}\n`,
      );
    }
    return 0;
  } finally {
    await warehouse.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`train failed: ${error.message}\n`);
    process.exit(1);
  },
);
