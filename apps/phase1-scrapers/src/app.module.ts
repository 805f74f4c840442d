import { Module } from '@nestjs/common';
import { PHASE_STEPS, PhaseStep, PhaseStepsHandler, ServiceDefinition } from '@lib/platform';

/** Scrapers pull schedules, box scores, play-by-play, injuries and prop lines (steps arrive with the phase 1 issue). */
@Module({
  providers: [{ provide: PHASE_STEPS, useValue: [] satisfies PhaseStep[] }],
  exports: [PHASE_STEPS],
})
export class Phase1ScrapersModule {}

export const phase1ScrapersService: ServiceDefinition = {
  identity: { name: 'phase1-scrapers', phase: 1 },
  imports: [Phase1ScrapersModule],
  handler: PhaseStepsHandler,
};
