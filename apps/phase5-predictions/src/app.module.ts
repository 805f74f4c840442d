import { Module } from '@nestjs/common';
import { PHASE_STEPS, PhaseStep, PhaseStepsHandler, ServiceDefinition } from '@lib/platform';

/** Predicts player points props and grades them (steps arrive with the phase 5 issue). */
@Module({
  providers: [{ provide: PHASE_STEPS, useValue: [] satisfies PhaseStep[] }],
  exports: [PHASE_STEPS],
})
export class Phase5PredictionsModule {}

export const phase5PredictionsService: ServiceDefinition = {
  identity: { name: 'phase5-predictions', phase: 5 },
  imports: [Phase5PredictionsModule],
  handler: PhaseStepsHandler,
};
