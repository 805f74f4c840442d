import { ServiceDefinition } from '@lib/platform';
import { PredictionsPhaseHandler } from './predictions/predictions-phase.handler';
import { PredictionsModule } from './predictions/predictions.module';

export const phase5PredictionsService: ServiceDefinition = {
  identity: { name: 'phase5-predictions', phase: 5 },
  imports: [PredictionsModule],
  handler: PredictionsPhaseHandler,
};
