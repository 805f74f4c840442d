import { Inject, Injectable } from '@nestjs/common';
import { addDays, daysBetween, seasonStartOf } from '@lib/messaging';
import { Clock, CLOCK } from '@lib/platform';
import { BASE_FEATURE_NAMES, FEATURE_NAMES, FeatureName, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from './prediction-system';
import { ModelArtifactStore } from './model-artifact.store';
import { RidgeArtifact, RidgeSystemId, trainRidge } from './ridge.model';
import { trainingEndFor } from './training-calendar';
import { loadTrainingExamples } from './training-examples.repository';

/** ridge_v1 stays on the sixteen v1 features; ridge_v2 reads every feature of the version. */
export const RIDGE_FEATURES: Record<RidgeSystemId, readonly FeatureName[]> = {
  [RIDGE_SYSTEM_ID]: BASE_FEATURE_NAMES,
  [RIDGE_V2_SYSTEM_ID]: FEATURE_NAMES,
};

export type ModelForDate =
  | { artifact: RidgeArtifact; trained: boolean; note: string }
  | { artifact: null; trained: false; note: string };

/**
 * Keeps phase 5 supplied with a model trained only on earlier games. Which model a date gets does not
 * depend on the order dates are predicted in: the training calendar (training-calendar.ts) gives every
 * date one training end, at most `retrainAfterDays` behind it. A model trained through that day or
 * later (by `npm run train`) is used; otherwise one is trained through that day, stored as a
 * versioned artifact, and the run says so. When there are too few earlier games it keeps an older
 * model, if any, and says why.
 */
@Injectable()
export class ModelTrainer {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    private readonly artifacts: ModelArtifactStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async modelFor(gameDate: string, featureVersion: string, retrainAfterDays: number, systemId: RidgeSystemId = RIDGE_SYSTEM_ID): Promise<ModelForDate> {
    const through = trainingEndFor(gameDate, retrainAfterDays);
    const existing = await this.artifacts.latestBefore(gameDate, featureVersion, systemId);
    if (existing && existing.training_end_date >= through) {
      // Feature vectors it learned from were rebuilt after it was trained (a late or healed game): the
      // same training range again, so the model is the one a run with the final data makes.
      const rebuiltAt = await this.featuresRebuiltSince(existing.training_end_date, featureVersion, existing.trained_at);
      if (rebuiltAt) {
        const artifact = await this.trainThrough(existing.training_end_date, featureVersion, undefined, systemId);
        return { artifact, trained: true, note: `retrained ${systemId} through ${existing.training_end_date}: its training features were rebuilt at ${rebuiltAt}, after it was trained` };
      }
      return { artifact: existing, trained: false, note: `${systemId} ${existing.model_version} trained through ${existing.training_end_date}` };
    }
    try {
      const artifact = await this.trainThrough(through, featureVersion, undefined, systemId);
      return { artifact, trained: true, note: `trained ${systemId} through ${through} on ${artifact.training_rows} player-games` };
    } catch (error) {
      if (!(error instanceof NotEnoughHistoryError)) throw error;
      if (existing) {
        const behind = daysBetween(existing.training_end_date, gameDate);
        return { artifact: existing, trained: false, note: `kept ${systemId} trained through ${existing.training_end_date} (${behind} days behind): ${error.message}` };
      }
      return { artifact: null, trained: false, note: error.message };
    }
  }

  /** When a feature vector of the season through `through` was written after `trainedAt`, that time; else null. */
  private async featuresRebuiltSince(through: string, featureVersion: string, trainedAt: string): Promise<string | null> {
    const [row] = await this.warehouse.query<{ rebuilt_at: string | null }>(
      `SELECT MAX(processed_at) AS rebuilt_at FROM nba_precompute.ml_feature_store
        WHERE game_date >= @from AND game_date <= @through AND feature_version = @featureVersion AND processed_at > @trainedAt`,
      { from: seasonStartOf(through), through, featureVersion, trainedAt: new Date(trainedAt) },
    );
    return row?.rebuilt_at ? new Date(row.rebuilt_at).toISOString() : null;
  }

  /** Fits a ridge system on the season's feature vectors through `through` and stores it. */
  async trainThrough(through: string, featureVersion: string, from = seasonStartOf(through), systemId: RidgeSystemId = RIDGE_SYSTEM_ID): Promise<RidgeArtifact> {
    const examples = await loadTrainingExamples(this.warehouse, from, through, featureVersion);
    const featureNames = RIDGE_FEATURES[systemId];
    const needed = featureNames.length * 10;
    if (examples.length < needed) {
      throw new NotEnoughHistoryError(`only ${examples.length} player-games with history from ${from} through ${through}; ${systemId} needs ${needed}`);
    }
    const artifact = trainRidge(examples, { featureNames, featureVersion, predictFrom: addDays(through, 1), trainedAt: this.clock.now().toISOString(), systemId });
    await this.artifacts.save(artifact);
    return artifact;
  }
}

export class NotEnoughHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotEnoughHistoryError';
  }
}
