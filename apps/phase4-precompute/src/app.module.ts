import { PhaseStepsHandler, ServiceDefinition } from '@lib/platform';
import { PrecomputeModule } from './precompute/precompute.module';

export const phase4PrecomputeService: ServiceDefinition = {
  identity: { name: 'phase4-precompute', phase: 4 },
  imports: [PrecomputeModule],
  handler: PhaseStepsHandler,
};
