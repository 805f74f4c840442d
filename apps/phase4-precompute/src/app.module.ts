import { Module } from '@nestjs/common';
import { PHASE_STEPS, PhaseStep, PhaseStepsHandler, ServiceDefinition } from '@lib/platform';

/** Builds rolling player caches and the ML feature store (steps arrive with the phase 4 issue). */
@Module({
  providers: [{ provide: PHASE_STEPS, useValue: [] satisfies PhaseStep[] }],
  exports: [PHASE_STEPS],
})
export class Phase4PrecomputeModule {}

export const phase4PrecomputeService: ServiceDefinition = {
  identity: { name: 'phase4-precompute', phase: 4 },
  imports: [Phase4PrecomputeModule],
  handler: PhaseStepsHandler,
};
