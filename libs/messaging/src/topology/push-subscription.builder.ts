import { SubscriptionDefinition, TopicDefinition, TOPOLOGY } from './topology';

/**
 * Everything a push subscription is created with, derived from its declaration and the URL of the
 * service it pushes to. deploy/ renders it as `gcloud pubsub subscriptions create` flags; the
 * emulator provisioner creates it through the client library: one derivation for both.
 */
export interface PushSubscriptionSettings {
  name: string;
  topic: string;
  deadLetterTopic: string;
  pushEndpoint: string;
  /** The service's base URL: the OIDC audience in production. */
  audience: string;
  ackDeadlineSeconds: number;
  maxDeliveryAttempts: number;
  minimumBackoffSeconds: number;
  maximumBackoffSeconds: number;
}

export function pushSubscriptionSettings(topic: TopicDefinition, subscription: SubscriptionDefinition, serviceUrl: string): PushSubscriptionSettings {
  const audience = serviceUrl.replace(/\/+$/, '');
  return {
    name: subscription.name,
    topic: topic.name,
    deadLetterTopic: topic.deadLetterTopic,
    pushEndpoint: `${audience}${subscription.pushPath}`,
    audience,
    ackDeadlineSeconds: subscription.ackDeadlineSeconds,
    maxDeliveryAttempts: subscription.maxDeliveryAttempts,
    minimumBackoffSeconds: subscription.minimumBackoffSeconds,
    maximumBackoffSeconds: subscription.maximumBackoffSeconds,
  };
}

/** Every declared topic, then its dead-letter topic, in declaration order. */
export function declaredTopicNames(topology: readonly TopicDefinition[] = TOPOLOGY): string[] {
  return topology.flatMap((topic) => [topic.name, topic.deadLetterTopic]);
}
