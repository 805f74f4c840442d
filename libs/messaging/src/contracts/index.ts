import { ClassConstructor } from 'class-transformer';
import { TOPICS, TopicName } from '../topology/topology';
import { PhaseCompletionMessage, PhaseTriggerMessage } from './phase.messages';
import { RawProcessorCompletionMessage } from './raw-processor-completion.message';
import { ScraperCompletionMessage } from './scraper-completion.message';

export * from './calendar-date';
export * from './push-envelope';
export * from './phase.messages';
export * from './scraper-completion.message';
export * from './raw-processor-completion.message';

/** The payload class each topic carries; push endpoints validate incoming data against it. */
export const MESSAGE_CONTRACTS: Record<TopicName, ClassConstructor<PhaseTriggerMessage>> = {
  [TOPICS.phase1Complete]: ScraperCompletionMessage,
  [TOPICS.phase2Complete]: RawProcessorCompletionMessage,
  [TOPICS.phase3Complete]: PhaseCompletionMessage,
  [TOPICS.phase4Complete]: PhaseCompletionMessage,
  [TOPICS.phase5Complete]: PhaseCompletionMessage,
  [TOPICS.phase3Trigger]: PhaseTriggerMessage,
  [TOPICS.phase4Trigger]: PhaseTriggerMessage,
};
