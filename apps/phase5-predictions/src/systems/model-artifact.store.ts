import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORE, ObjectStore, StoredObject } from '@lib/storage';
import { RIDGE_SYSTEM_ID } from './prediction-system';
import { RidgeArtifact, RidgeSystemId } from './ridge.model';

/** Where trained models live: models/<system>/<feature version>/<training end date>.json in the object store. */
@Injectable()
export class ModelArtifactStore {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  static pathOf(artifact: Pick<RidgeArtifact, 'system_id' | 'feature_version' | 'training_end_date'>): string {
    return `models/${artifact.system_id}/${artifact.feature_version}/${artifact.training_end_date}.json`;
  }

  save(artifact: RidgeArtifact): Promise<StoredObject> {
    return this.objects.write(ModelArtifactStore.pathOf(artifact), JSON.stringify(artifact, null, 2), 'application/json');
  }

  /** The newest model trained only on games before the date, or null when none was trained yet. */
  async latestBefore(gameDate: string, featureVersion: string, systemId: RidgeSystemId = RIDGE_SYSTEM_ID): Promise<RidgeArtifact | null> {
    const prefix = `models/${systemId}/${featureVersion}/`;
    const candidates = (await this.objects.list(prefix))
      .map((path) => ({ path, trainingEnd: path.slice(prefix.length).replace(/\.json$/, '') }))
      .filter((candidate) => /^\d{4}-\d{2}-\d{2}$/.test(candidate.trainingEnd) && candidate.trainingEnd < gameDate)
      .sort((a, b) => (a.trainingEnd < b.trainingEnd ? 1 : -1));
    if (candidates.length === 0) return null;
    const artifact = JSON.parse((await this.objects.read(candidates[0].path)).toString('utf8')) as RidgeArtifact;
    if (artifact.training_end_date >= gameDate || artifact.feature_version !== featureVersion) {
      throw new Error(`model ${candidates[0].path} says it was trained through ${artifact.training_end_date} on features ${artifact.feature_version}, which its path contradicts`);
    }
    return artifact;
  }
}
