import { Inject, Injectable, Module } from '@nestjs/common';
import { PHASE_STEPS, PhaseStep, PhaseStepsHandler, ServiceDefinition } from '@lib/platform';

// Deliberately broken services for the boot check's spec; nothing else imports this file.

@Injectable()
export class DeadlineChecker {
  constructor(@Inject('DEADLINE_REPOSITORY') readonly repository: unknown) {}
}

/** A provider whose dependency no module provides: the failure Nest reports while resolving. */
@Module({ providers: [DeadlineChecker, { provide: PHASE_STEPS, useValue: [] satisfies PhaseStep[] }], exports: [PHASE_STEPS] })
export class DeadlinesModule {}

export const unresolvableProviderService: ServiceDefinition = {
  identity: { name: 'phase3-analytics', phase: 3 },
  imports: [DeadlinesModule],
  handler: PhaseStepsHandler,
};

@Injectable()
export class OddsFeed {
  constructor() {
    throw new Error('odds feed needs a bookmaker list');
  }
}

/** A provider that throws while being constructed. */
@Module({ providers: [OddsFeed, { provide: PHASE_STEPS, useValue: [] satisfies PhaseStep[] }], exports: [PHASE_STEPS] })
export class OddsModule {}

export const throwingProviderService: ServiceDefinition = {
  identity: { name: 'phase5-predictions', phase: 5 },
  imports: [OddsModule],
  handler: PhaseStepsHandler,
};
