import { declaredTopicNames, pushSubscriptionSettings, ServiceName, SubscriptionDefinition, TopicDefinition, TOPOLOGY } from '@lib/messaging';
import { ShellCommand } from '../shell/shell-command';

export interface PubSubDeployTarget {
  /**
   * Base URL of each service that receives pushes (no trailing path), e.g. https://phase2-raw-xyz-uw.a.run.app,
   * or a shell expression such as deploy/target's serviceUrl().
   */
  serviceUrls: Partial<Record<ServiceName, string>>;
  /** Service account Pub/Sub signs push OIDC tokens as; it needs roles/run.invoker on the receiving services. */
  pushInvokerServiceAccount: string;
  /** Adds --project to every command; without it gcloud uses its configured project. */
  projectId?: string;
}

/** One gcloud invocation as argv (argv[0] is 'gcloud'). */
export type GcloudCommand = ShellCommand;

// Pub/Sub's own limits; checking them here names the declaration instead of failing mid-deploy.
const ACK_DEADLINE_RANGE = [10, 600] as const;
const DELIVERY_ATTEMPTS_RANGE = [5, 100] as const;
const RETRY_DELAY_RANGE = [0, 600] as const;

/**
 * The gcloud commands that create the declared Pub/Sub wiring on a first deploy: every topic and its
 * dead-letter topic, then every push subscription with OIDC auth, dead-lettering and retry backoff.
 */
export function pubsubTopologyCommands(target: PubSubDeployTarget, topology: readonly TopicDefinition[] = TOPOLOGY): GcloudCommand[] {
  if (!target.pushInvokerServiceAccount) throw new Error('pubsub topology commands: pushInvokerServiceAccount is required');
  const project = target.projectId ? [`--project=${target.projectId}`] : [];
  const topics = declaredTopicNames(topology).map((name) => ['gcloud', 'pubsub', 'topics', 'create', name, ...project]);
  const subscriptions = topology.flatMap((topic) =>
    topic.subscriptions.map((subscription) => {
      checkLimits(topic, subscription);
      const settings = pushSubscriptionSettings(topic, subscription, serviceUrlFor(target, topic, subscription));
      return [
        'gcloud',
        'pubsub',
        'subscriptions',
        'create',
        settings.name,
        `--topic=${settings.topic}`,
        `--push-endpoint=${settings.pushEndpoint}`,
        `--push-auth-service-account=${target.pushInvokerServiceAccount}`,
        `--push-auth-token-audience=${settings.audience}`,
        `--ack-deadline=${settings.ackDeadlineSeconds}`,
        `--dead-letter-topic=${settings.deadLetterTopic}`,
        `--max-delivery-attempts=${settings.maxDeliveryAttempts}`,
        `--min-retry-delay=${settings.minimumBackoffSeconds}s`,
        `--max-retry-delay=${settings.maximumBackoffSeconds}s`,
        ...project,
      ];
    }),
  );
  return [...topics, ...subscriptions];
}

function serviceUrlFor(target: PubSubDeployTarget, topic: TopicDefinition, subscription: SubscriptionDefinition): string {
  const url = target.serviceUrls[subscription.service];
  if (!url) {
    throw new Error(
      `pubsub topology commands: no URL for service ${subscription.service}, which subscription ${subscription.name} on ${topic.name} pushes to`,
    );
  }
  return url;
}

function checkLimits(topic: TopicDefinition, subscription: SubscriptionDefinition): void {
  const where = `subscription ${subscription.name} on ${topic.name}`;
  checkRange(where, 'ackDeadlineSeconds', subscription.ackDeadlineSeconds, ACK_DEADLINE_RANGE);
  checkRange(where, 'maxDeliveryAttempts', subscription.maxDeliveryAttempts, DELIVERY_ATTEMPTS_RANGE);
  checkRange(where, 'minimumBackoffSeconds', subscription.minimumBackoffSeconds, RETRY_DELAY_RANGE);
  checkRange(where, 'maximumBackoffSeconds', subscription.maximumBackoffSeconds, RETRY_DELAY_RANGE);
  if (subscription.minimumBackoffSeconds > subscription.maximumBackoffSeconds) {
    throw new Error(
      `pubsub topology commands: ${where}: minimumBackoffSeconds ${subscription.minimumBackoffSeconds} exceeds maximumBackoffSeconds ${subscription.maximumBackoffSeconds}`,
    );
  }
  if (!subscription.pushPath.startsWith('/')) {
    throw new Error(`pubsub topology commands: ${where}: pushPath ${JSON.stringify(subscription.pushPath)} must start with "/"`);
  }
}

function checkRange(where: string, field: string, value: number, [min, max]: readonly [number, number]): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`pubsub topology commands: ${where}: ${field} ${value} is outside Pub/Sub's allowed ${min}..${max}`);
  }
}
