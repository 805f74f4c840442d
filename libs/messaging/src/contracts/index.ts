import { ClassConstructor } from 'class-transformer';
import { TOPICS, TopicName } from '../topology/topology';
import { PhaseCompletionMessage, PhaseTriggerMessage } from './phase.messages';
import { RawDateCompletionMessage } from './raw-date-completion.message';
import { RawProcessorCompletionMessage } from './raw-processor-completion.message';
import { DATE_SCOPE, ScrapedDateMessage } from './scraped-date.message';
import { ScraperCompletionMessage } from './scraper-completion.message';

export * from './calendar-date';
export * from './push-envelope';
export * from './phase.messages';
export * from './scraper-completion.message';
export * from './raw-processor-completion.message';
export * from './stored-payload.reference';
export * from './scraped-date.message';
export * from './raw-load.report';
export * from './raw-date-completion.message';

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

/** Topics that also carry one message for a whole date (backfill), told apart by `scope: 'date'`. */
export const DATE_MESSAGE_CONTRACTS: Partial<Record<TopicName, ClassConstructor<PhaseTriggerMessage>>> = {
  [TOPICS.phase1Complete]: ScrapedDateMessage,
  [TOPICS.phase2Complete]: RawDateCompletionMessage,
};

/** The contract a payload on a topic is validated against: the date-level one when it says `scope: 'date'`. */
export function contractFor(topic: TopicName, payload: unknown): ClassConstructor<PhaseTriggerMessage> {
  const dateScoped = typeof payload === 'object' && payload !== null && (payload as { scope?: unknown }).scope === DATE_SCOPE;
  return (dateScoped ? DATE_MESSAGE_CONTRACTS[topic] : undefined) ?? MESSAGE_CONTRACTS[topic];
}

/** Whether a message is a date-level one (ScrapedDateMessage, RawDateCompletionMessage). */
export function isDateScoped(message: PhaseTriggerMessage): boolean {
  return (message as { scope?: unknown }).scope === DATE_SCOPE;
}
