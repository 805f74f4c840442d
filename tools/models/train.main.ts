import 'reflect-metadata';
import { seasonStartOf } from '@lib/messaging';
import { loadPlatformConfig, warehouseFromConfig } from '@lib/platform';
import { createObjectStore } from '@lib/storage';
import { FEATURE_VERSION } from '@lib/warehouse';
import { examplesNeeded, SYSTEM_TRAINING } from '../../apps/phase5-predictions/src/systems/model-trainer.service';
import { ModelArtifactStore, TrainedSystemId } from '../../apps/phase5-predictions/src/systems/model-artifact.store';
import { ModelArgumentError, parseDateFlags } from './model-arguments';
import { loadTrainingExamples } from '../../apps/phase5-predictions/src/systems/training-examples.repository';

const USAGE = 'usage: npm run train -- --through YYYY-MM-DD [--from YYYY-MM-DD]   (trains ridge_v1, ridge_v2, gbm_v1 and the exponent of minutes_rate_v2 on the feature store, games from..through)';

/** `npm run train`: fits every calendar-trained system (the ridges, gbm_v1, minutes_rate_v2's exponent) on the feature store and stores the versioned artifact; phase 5 uses it for dates after --through. */
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
    for (const systemId of Object.keys(SYSTEM_TRAINING) as TrainedSystemId[]) {
      const training = SYSTEM_TRAINING[systemId];
      const needed = examplesNeeded(training);
      if (examples.length < needed) throw new Error(`only ${examples.length} player-games with history from ${from} through ${flags.through}; ${systemId} needs ${needed}`);
      const { artifact, detail } = training.train(examples, { featureVersion: FEATURE_VERSION, through: flags.through, trainedAt: new Date().toISOString() });
      const stored = await new ModelArtifactStore(objects).save(artifact);
      const trainingMae = 'training_mae' in artifact ? ` (training MAE ${artifact.training_mae})` : '';
      process.stdout.write(
        `trained ${artifact.model_version} on ${artifact.training_rows} player-games ${artifact.training_start_date}..${artifact.training_end_date}` +
          `${trainingMae}${detail}; stored at ${stored.uri}\n`,
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
