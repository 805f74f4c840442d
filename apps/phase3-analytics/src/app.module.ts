import { Module } from '@nestjs/common';
import { PHASE_STEPS, PhaseStep, PhaseStepsHandler, ServiceDefinition } from '@lib/platform';

/** Builds player and team game summaries (steps arrive with the phase 3 issue). */
@Module({
  providers: [{ provide: PHASE_STEPS, useValue: [] satisfies PhaseStep[] }],
  exports: [PHASE_STEPS],
})
export class Phase3AnalyticsModule {}

export const phase3AnalyticsService: ServiceDefinition = {
  identity: { name: 'phase3-analytics', phase: 3 },
  imports: [Phase3AnalyticsModule],
  handler: PhaseStepsHandler,
};
