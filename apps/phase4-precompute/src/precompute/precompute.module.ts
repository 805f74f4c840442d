import { Module } from '@nestjs/common';
import { BoundaryModule, PHASE_STEPS, PhaseStep } from '@lib/platform';
import { PrecomputeRepository } from './precompute.repository';
import { PrecomputeStep } from './precompute.step';
import { SafetyNetController } from './safety-net.controller';

/** Player daily cache and ML feature store, behind the phase-boundary gate; the daily safety-net run. */
@Module({
  imports: [BoundaryModule],
  controllers: [SafetyNetController],
  providers: [
    PrecomputeRepository,
    PrecomputeStep,
    { provide: PHASE_STEPS, inject: [PrecomputeStep], useFactory: (step: PrecomputeStep): PhaseStep[] => [step] },
  ],
  exports: [PHASE_STEPS],
})
export class PrecomputeModule {}
