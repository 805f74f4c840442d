import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '@lib/platform';
import { EnsembleSystem } from './ensemble.system';
import { ModelTrainer } from './model-trainer.service';
import { PredictionSystem } from './prediction-system';
import { RidgeSystem } from './ridge.model';
import { RollingAverageSystem } from './rolling-average.system';

export interface SystemsForDate {
  systems: PredictionSystem[];
  /** Systems that cannot predict this date, and why. */
  unavailable: Array<{ systemId: string; reason: string }>;
  /** Which model the learned systems use, and whether it was trained for this run. */
  modelNote: string;
}

/**
 * The systems that may predict a date: the baseline always; the ridge and the ensemble once a model
 * trained on earlier games exists (trained here when missing or stale).
 */
@Injectable()
export class PredictionSystemsProvider {
  constructor(
    private readonly trainer: ModelTrainer,
    private readonly config: PlatformConfig,
  ) {}

  async forDate(gameDate: string, featureVersion: string): Promise<SystemsForDate> {
    const baseline = new RollingAverageSystem();
    const model = await this.trainer.modelFor(gameDate, featureVersion, this.config.MODEL_RETRAIN_AFTER_DAYS);
    if (!model.artifact) {
      const reason = `no ridge_v1 model on features ${featureVersion} trained before ${gameDate}: ${model.note}`;
      return { systems: [baseline], unavailable: [{ systemId: 'ridge_v1', reason }, { systemId: 'ensemble_v1', reason }], modelNote: model.note };
    }
    const ridge = new RidgeSystem(model.artifact);
    return { systems: [baseline, ridge, new EnsembleSystem([baseline, ridge])], unavailable: [], modelNote: model.note };
  }
}
