import { Module, OnModuleInit } from '@nestjs/common';
import { BoundaryModule, PHASE_STEPS, PhaseStep, PlatformConfig } from '@lib/platform';
import { GradeStep } from '../grading/grade.step';
import { PicksExporter } from '../picks/picks.exporter';
import { MarketHistoryRepository } from '../systems/market-history.repository';
import { ModelArtifactStore } from '../systems/model-artifact.store';
import { ModelTrainer } from '../systems/model-trainer.service';
import { SYSTEM_IDS } from '../systems/prediction-system';
import { PredictionSystemsProvider } from '../systems/prediction-systems.provider';
import { GameProblemsRepository } from './game-problems.repository';
import { PredictionsRepository } from './predictions.repository';
import { PredictStep } from './predict.step';

/** Predictions from every system, grading once results land, and tonight's picks. */
@Module({
  imports: [BoundaryModule],
  providers: [
    PredictionsRepository,
    GameProblemsRepository,
    ModelArtifactStore,
    ModelTrainer,
    MarketHistoryRepository,
    PredictionSystemsProvider,
    PicksExporter,
    PredictStep,
    GradeStep,
    { provide: PHASE_STEPS, inject: [PredictStep, GradeStep], useFactory: (predict: PredictStep, grade: GradeStep): PhaseStep[] => [predict, grade] },
  ],
  exports: [PHASE_STEPS, PredictionsRepository],
})
export class PredictionsModule implements OnModuleInit {
  constructor(private readonly config: PlatformConfig) {}

  onModuleInit(): void {
    if (!(SYSTEM_IDS as readonly string[]).includes(this.config.PREDICTION_PRIMARY_SYSTEM)) {
      throw new Error(`PREDICTION_PRIMARY_SYSTEM ${this.config.PREDICTION_PRIMARY_SYSTEM} is not a prediction system (${SYSTEM_IDS.join(', ')})`);
    }
  }
}
