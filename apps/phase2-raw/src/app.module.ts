import { Module } from '@nestjs/common';
import { PHASE_STEPS, PhaseStep, PhaseStepsHandler, ServiceDefinition } from '@lib/platform';

/** Raw processors load each scraped payload into nba_raw (steps arrive with the phase 2 issue). */
@Module({
  providers: [{ provide: PHASE_STEPS, useValue: [] satisfies PhaseStep[] }],
  exports: [PHASE_STEPS],
})
export class Phase2RawModule {}

export const phase2RawService: ServiceDefinition = {
  identity: { name: 'phase2-raw', phase: 2 },
  imports: [Phase2RawModule],
  handler: PhaseStepsHandler,
};
