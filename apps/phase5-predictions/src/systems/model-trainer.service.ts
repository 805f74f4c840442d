import { Inject, Injectable } from '@nestjs/common';
import { addDays, daysBetween, seasonStartOf } from '@lib/messaging';
import { Clock, CLOCK } from '@lib/platform';
import { BASE_FEATURE_NAMES, FEATURE_NAMES, FeatureName, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { trainGradientBoosting } from './gradient-boosting.model';
import { GBM_SYSTEM_ID, MINUTES_AVAILABILITY_SYSTEM_ID, RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from './prediction-system';
import { ArtifactOf, GradientBoostingArtifact, ModelArtifactStore, TrainedSystemId, trainedThrough } from './model-artifact.store';
import { RidgeSystemId, TrainingExample, trainRidge } from './ridge.model';
import { AVAILABILITY_FEATURE_NAMES, availabilityExponentOf, MIN_AVAILABILITY_ROWS, trainAvailabilityExponent } from './team-minutes.model';
import { trainingEndFor } from './training-calendar';
import { loadTrainingExamples } from './training-examples.repository';

/** ridge_v1 stays on the sixteen v1 features; ridge_v2 reads every feature of the version. */
export const RIDGE_FEATURES: Record<RidgeSystemId, readonly FeatureName[]> = {
  [RIDGE_SYSTEM_ID]: BASE_FEATURE_NAMES,
  [RIDGE_V2_SYSTEM_ID]: FEATURE_NAMES,
};

interface TrainingRequest {
  featureVersion: string;
  /** The last day of the training range: the model predicts from the day after. */
  through: string;
  trainedAt: string;
}

/** How one system learns from training examples; `detail` adds what its note says about the model it learned. */
export interface SystemTraining<S extends TrainedSystemId> {
  featureNames: readonly FeatureName[];
  train(examples: readonly TrainingExample[], request: TrainingRequest): { artifact: ArtifactOf<S>; detail: string };
}

/** Player-games a system needs before it is trained at all: ten per feature it reads. */
export function examplesNeeded(training: Pick<SystemTraining<TrainedSystemId>, 'featureNames'>): number {
  return training.featureNames.length * 10;
}

const ridgeTraining = (systemId: RidgeSystemId): SystemTraining<RidgeSystemId> => ({
  featureNames: RIDGE_FEATURES[systemId],
  train: (examples, request) => ({
    artifact: trainRidge(examples, { featureNames: RIDGE_FEATURES[systemId], featureVersion: request.featureVersion, predictFrom: addDays(request.through, 1), trainedAt: request.trainedAt, systemId }),
    detail: '',
  }),
});

function gradientBoostingTraining(examples: readonly TrainingExample[], request: TrainingRequest): { artifact: GradientBoostingArtifact; detail: string } {
  const model = trainGradientBoosting(examples, { featureNames: FEATURE_NAMES, featureVersion: request.featureVersion, predictFrom: addDays(request.through, 1) });
  const validation = model.tree_count_validation;
  const detail = validation
    ? `, ${validation.chosen_trees} trees, the count with the least error on ${validation.held_out_rows} held-out player-games from ${validation.held_out_from}`
    : `, ${model.trees.length} trees (too few player-games to hold any out)`;
  return { artifact: { ...model, trained_at: request.trainedAt, trained_through: request.through }, detail };
}

/** Every system trained on the calendar and stored, by system id. */
export const SYSTEM_TRAINING: { [S in TrainedSystemId]: SystemTraining<S> } = {
  [RIDGE_SYSTEM_ID]: ridgeTraining(RIDGE_SYSTEM_ID),
  [RIDGE_V2_SYSTEM_ID]: ridgeTraining(RIDGE_V2_SYSTEM_ID),
  [GBM_SYSTEM_ID]: { featureNames: FEATURE_NAMES, train: gradientBoostingTraining },
  [MINUTES_AVAILABILITY_SYSTEM_ID]: {
    featureNames: AVAILABILITY_FEATURE_NAMES,
    train: (examples, request) => {
      const artifact = trainAvailabilityExponent(examples, request);
      const fit = availabilityExponentOf(artifact);
      return { artifact, detail: fit.fittedThrough ? `, exponent ${fit.exponent.toFixed(2)}` : `, exponent 0 (minutes_rate_v1 itself): fewer than ${MIN_AVAILABILITY_ROWS} player-games` };
    },
  },
};

export type ModelForDate<S extends TrainedSystemId = RidgeSystemId> =
  | { artifact: ArtifactOf<S>; trained: boolean; note: string }
  | { artifact: null; trained: false; note: string };

export type ModelsForDate<S extends TrainedSystemId> = { [K in S]: ModelForDate<K> };

/**
 * The training examples of one run, read once per training range however many systems train on it
 * (they are the same rows in the same order, so each system learns what it learned from its own read).
 */
class TrainingExamplesOfRun {
  private readonly byRange = new Map<string, Promise<TrainingExample[]>>();

  constructor(
    private readonly warehouse: Warehouse,
    private readonly featureVersion: string,
  ) {}

  between(from: string, through: string): Promise<TrainingExample[]> {
    const key = `${from}|${through}`;
    let examples = this.byRange.get(key);
    if (!examples) {
      examples = loadTrainingExamples(this.warehouse, from, through, this.featureVersion);
      this.byRange.set(key, examples);
    }
    return examples;
  }
}

/**
 * Keeps phase 5 supplied with models trained only on earlier games. Which model a date gets does not
 * depend on the order dates are predicted in: the training calendar (training-calendar.ts) gives every
 * date one training end, at most `retrainAfterDays` behind it. A model trained through that day or
 * later (by `npm run train`) is used; otherwise one is trained through that day, stored as a
 * versioned artifact, and the run says so. When there are too few earlier games it keeps an older
 * model, if any, and says why. The systems that train in one run share one read of the examples.
 */
@Injectable()
export class ModelTrainer {
  constructor(
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
    private readonly artifacts: ModelArtifactStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async modelFor<S extends TrainedSystemId = typeof RIDGE_SYSTEM_ID>(gameDate: string, featureVersion: string, retrainAfterDays: number, systemId: S = RIDGE_SYSTEM_ID as S): Promise<ModelForDate<S>> {
    return this.modelForWith(new TrainingExamplesOfRun(this.warehouse, featureVersion), gameDate, featureVersion, retrainAfterDays, systemId);
  }

  /** The model of each system for the date, in the order given, training those that need it on one read of the examples. */
  async modelsFor<S extends TrainedSystemId>(gameDate: string, featureVersion: string, retrainAfterDays: number, systemIds: readonly S[]): Promise<ModelsForDate<S>> {
    const examples = new TrainingExamplesOfRun(this.warehouse, featureVersion);
    const models: Partial<ModelsForDate<S>> = {};
    for (const systemId of systemIds) models[systemId] = await this.modelForWith(examples, gameDate, featureVersion, retrainAfterDays, systemId);
    return models as ModelsForDate<S>;
  }

  private async modelForWith<S extends TrainedSystemId>(examples: TrainingExamplesOfRun, gameDate: string, featureVersion: string, retrainAfterDays: number, systemId: S): Promise<ModelForDate<S>> {
    const through = trainingEndFor(gameDate, retrainAfterDays);
    const existing = await this.artifacts.latestBefore(gameDate, featureVersion, systemId);
    if (existing && trainedThrough(existing) >= through) {
      // Feature vectors it learned from were rebuilt after it was trained (a late or healed game): the
      // same training range again, so the model is the one a run with the final data makes.
      const existingThrough = trainedThrough(existing);
      const rebuiltAt = await this.featuresRebuiltSince(existingThrough, featureVersion, existing.trained_at);
      if (rebuiltAt) {
        const { artifact, detail } = await this.trainWith(examples, existingThrough, featureVersion, seasonStartOf(existingThrough), systemId);
        return { artifact, trained: true, note: `retrained ${systemId} through ${existingThrough}${detail}: its training features were rebuilt at ${rebuiltAt}, after it was trained` };
      }
      return { artifact: existing, trained: false, note: `${systemId} ${existing.model_version} trained through ${existing.training_end_date}` };
    }
    try {
      const { artifact, detail } = await this.trainWith(examples, through, featureVersion, seasonStartOf(through), systemId);
      return { artifact, trained: true, note: `trained ${systemId} through ${through} on ${artifact.training_rows} player-games${detail}` };
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

  /** Fits a system on the season's feature vectors from..through and stores it. */
  private async trainWith<S extends TrainedSystemId>(run: TrainingExamplesOfRun, through: string, featureVersion: string, from: string, systemId: S): Promise<{ artifact: ArtifactOf<S>; detail: string }> {
    const examples = await run.between(from, through);
    const training = SYSTEM_TRAINING[systemId] as SystemTraining<S>;
    const needed = examplesNeeded(training);
    if (examples.length < needed) {
      throw new NotEnoughHistoryError(`only ${examples.length} player-games with history from ${from} through ${through}; ${systemId} needs ${needed}`);
    }
    const trained = training.train(examples, { featureVersion, through, trainedAt: this.clock.now().toISOString() });
    await this.artifacts.save(trained.artifact);
    return trained;
  }
}

export class NotEnoughHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotEnoughHistoryError';
  }
}
