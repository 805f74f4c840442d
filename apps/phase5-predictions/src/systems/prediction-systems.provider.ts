import { Injectable } from '@nestjs/common';
import { EnsembleSystem } from './ensemble.system';
import { ModelArtifactStore } from './model-artifact.store';
import { PredictionSystem } from './prediction-system';
import { RidgeSystem } from './ridge.model';
import { RollingAverageSystem } from './rolling-average.system';

export interface SystemsForDate {
  systems: PredictionSystem[];
  /** Systems that cannot predict this date, and why. */
  unavailable: Array<{ systemId: string; reason: string }>;
}

/** The systems that may predict a date: the baseline always; the ridge and the ensemble once a model trained on earlier games exists. */
@Injectable()
export class PredictionSystemsProvider {
  constructor(private readonly artifacts: ModelArtifactStore) {}

  async forDate(gameDate: string, featureVersion: string): Promise<SystemsForDate> {
    const baseline = new RollingAverageSystem();
    const artifact = await this.artifacts.latestBefore(gameDate, featureVersion);
    if (!artifact) {
      const reason = `no ridge_v1 model on features ${featureVersion} trained before ${gameDate} (npm run train -- --through <date>)`;
      return { systems: [baseline], unavailable: [{ systemId: 'ridge_v1', reason }, { systemId: 'ensemble_v1', reason }] };
    }
    const ridge = new RidgeSystem(artifact);
    return { systems: [baseline, ridge, new EnsembleSystem([baseline, ridge])], unavailable: [] };
  }
}
