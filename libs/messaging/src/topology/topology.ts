import { ServiceName } from './services';

/**
 * The topic → subscription → endpoint wiring, declared once. The local push relay delivers by it
 * and deploy/ turns it into gcloud commands, so local and production wiring cannot drift apart.
 */
export interface SubscriptionDefinition {
  name: string;
  /** Service whose push endpoint receives the messages. */
  service: ServiceName;
  pushPath: string;
  ackDeadlineSeconds: number;
  /** After this many failed deliveries the message goes to the topic's dead-letter topic. */
  maxDeliveryAttempts: number;
  minimumBackoffSeconds: number;
  maximumBackoffSeconds: number;
}

export interface TopicDefinition {
  name: string;
  description: string;
  /** Service that publishes to it (null for manual triggers published by operators or tools). */
  publisher: ServiceName | null;
  deadLetterTopic: string;
  subscriptions: SubscriptionDefinition[];
}

const PUSH_PATH = '/pubsub';

function pushSubscription(name: string, service: ServiceName, ackDeadlineSeconds = 600): SubscriptionDefinition {
  return {
    name,
    service,
    pushPath: PUSH_PATH,
    ackDeadlineSeconds,
    maxDeliveryAttempts: 5,
    minimumBackoffSeconds: 10,
    maximumBackoffSeconds: 600,
  };
}

function topic(
  name: string,
  description: string,
  publisher: ServiceName | null,
  subscriptions: SubscriptionDefinition[],
): TopicDefinition {
  return { name, description, publisher, deadLetterTopic: `${name}-dlq`, subscriptions };
}

export const TOPICS = {
  phase1Complete: 'nba-phase1-scrapers-complete',
  phase2Complete: 'nba-phase2-raw-complete',
  phase3Complete: 'nba-phase3-analytics-complete',
  phase4Complete: 'nba-phase4-precompute-complete',
  phase5Complete: 'nba-phase5-predictions-complete',
  phase3Trigger: 'nba-phase3-trigger',
  phase4Trigger: 'nba-phase4-trigger',
} as const;
export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const TOPOLOGY: readonly TopicDefinition[] = [
  topic(TOPICS.phase1Complete, 'A scraper finished: payload path, record count, status.', 'phase1-scrapers', [
    pushSubscription('nba-phase2-raw-sub', 'phase2-raw'),
  ]),
  topic(TOPICS.phase2Complete, 'A raw processor loaded a payload into nba_raw.', 'phase2-raw', [
    pushSubscription('nba-phase3-analytics-sub', 'phase3-analytics'),
  ]),
  topic(TOPICS.phase3Complete, 'Analytics for a date are built (possibly degraded).', 'phase3-analytics', [
    pushSubscription('nba-phase4-precompute-sub', 'phase4-precompute'),
  ]),
  topic(TOPICS.phase4Complete, 'Precompute caches and the feature store are built for a date.', 'phase4-precompute', [
    pushSubscription('nba-phase5-predictions-sub', 'phase5-predictions'),
  ]),
  topic(TOPICS.phase5Complete, 'Predictions and picks are published for a date.', 'phase5-predictions', []),
  topic(TOPICS.phase3Trigger, 'Manual trigger: run phase 3 for a date.', null, [
    pushSubscription('nba-phase3-trigger-sub', 'phase3-analytics'),
  ]),
  topic(TOPICS.phase4Trigger, 'Manual trigger: run phase 4 for a date.', null, [
    pushSubscription('nba-phase4-trigger-sub', 'phase4-precompute'),
  ]),
];

export function findTopic(name: string): TopicDefinition | undefined {
  return TOPOLOGY.find((definition) => definition.name === name);
}

export function findSubscription(name: string): { topic: TopicDefinition; subscription: SubscriptionDefinition } | undefined {
  for (const definition of TOPOLOGY) {
    const subscription = definition.subscriptions.find((candidate) => candidate.name === name);
    if (subscription) return { topic: definition, subscription };
  }
  return undefined;
}
