import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORE, ObjectStore, StoredObject } from '@lib/storage';
import { GradientBoostingModel } from './gradient-boosting.model';
import { GBM_SYSTEM_ID, MINUTES_AVAILABILITY_SYSTEM_ID, RIDGE_SYSTEM_ID } from './prediction-system';
import { RidgeArtifact, RidgeSystemId } from './ridge.model';
import { MinutesAvailabilityArtifact } from './team-minutes.model';

/** gbm_v1 as stored: the model, when it was trained, and the last day of the range it was trained on. */
export interface GradientBoostingArtifact extends GradientBoostingModel {
  trained_at: string;
  trained_through: string;
}

export type ModelArtifact = RidgeArtifact | GradientBoostingArtifact | MinutesAvailabilityArtifact;
/** The systems whose models are trained on the calendar and stored. */
export type TrainedSystemId = RidgeSystemId | typeof GBM_SYSTEM_ID | typeof MINUTES_AVAILABILITY_SYSTEM_ID;
export type ArtifactOf<S extends TrainedSystemId> = S extends typeof GBM_SYSTEM_ID
  ? GradientBoostingArtifact
  : S extends typeof MINUTES_AVAILABILITY_SYSTEM_ID
    ? MinutesAvailabilityArtifact
    : RidgeArtifact;

/**
 * The last day of the range a model was trained on. training_end_date is the last day in it with
 * games; a model stored before trained_through was recorded covers its training_end_date.
 */
export function trainedThrough(artifact: ModelArtifact): string {
  return artifact.trained_through ?? artifact.training_end_date;
}

/** Where trained models live: models/<system>/<feature version>/<training end date>.json in the object store. */
@Injectable()
export class ModelArtifactStore {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  static pathOf(artifact: Pick<ModelArtifact, 'system_id' | 'feature_version' | 'training_end_date'>): string {
    return `models/${artifact.system_id}/${artifact.feature_version}/${artifact.training_end_date}.json`;
  }

  save(artifact: ModelArtifact): Promise<StoredObject> {
    return this.objects.write(ModelArtifactStore.pathOf(artifact), JSON.stringify(artifact, null, 2), 'application/json');
  }

  /**
   * The newest model whose training range ended before the date, or null when none was trained yet.
   * A model whose range reaches the date (trained for a later block before the date's games were in)
   * is passed over: retraining it on the same range could learn the date's own games.
   */
  async latestBefore<S extends TrainedSystemId = typeof RIDGE_SYSTEM_ID>(gameDate: string, featureVersion: string, systemId: S = RIDGE_SYSTEM_ID as S): Promise<ArtifactOf<S> | null> {
    const prefix = `models/${systemId}/${featureVersion}/`;
    const candidates = (await this.objects.list(prefix))
      .map((path) => ({ path, trainingEnd: path.slice(prefix.length).replace(/\.json$/, '') }))
      .filter((candidate) => /^\d{4}-\d{2}-\d{2}$/.test(candidate.trainingEnd) && candidate.trainingEnd < gameDate)
      .sort((a, b) => (a.trainingEnd < b.trainingEnd ? 1 : -1));
    for (const candidate of candidates) {
      const artifact = JSON.parse((await this.objects.read(candidate.path)).toString('utf8')) as ArtifactOf<S>;
      if (artifact.training_end_date >= gameDate || artifact.feature_version !== featureVersion) {
        throw new Error(`model ${candidate.path} says it was trained through ${artifact.training_end_date} on features ${artifact.feature_version}, which its path contradicts`);
      }
      if (trainedThrough(artifact) < gameDate) return artifact;
    }
    return null;
  }
}
