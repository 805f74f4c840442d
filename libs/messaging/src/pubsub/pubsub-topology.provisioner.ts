import type { PubSub } from '@google-cloud/pubsub';
import { ServiceName } from '../topology/services';
import { declaredTopicNames, pushSubscriptionSettings } from '../topology/push-subscription.builder';
import { TopicDefinition, TOPOLOGY } from '../topology/topology';

export interface EmulatorTopologyOptions {
  projectId: string;
  /** host:port of a running Pub/Sub emulator; the client talks to nothing else. */
  emulatorHost: string;
  /** Base URL of each service that receives pushes (the local cluster's, or a test's). */
  serviceUrls: Partial<Record<ServiceName, string>>;
  topology?: readonly TopicDefinition[];
}

export interface ProvisionedTopology {
  topicsCreated: string[];
  subscriptionsCreated: string[];
  /** Subscriptions that existed (an emulator kept between runs) and now push to the given URLs. */
  subscriptionsRepointed: string[];
}

/** gRPC ALREADY_EXISTS: another process created it first, which is what we wanted. */
const ALREADY_EXISTS = 6;

/** A client bound to the emulator only: insecure channel, no Google credentials looked up. */
export function emulatorPubSubClient(projectId: string, emulatorHost: string): PubSub {
  if (!/^[^\s:/]+:\d{1,5}$/.test(emulatorHost)) {
    throw new Error(`pubsub emulator: host must be host:port, got ${JSON.stringify(emulatorHost)}`);
  }
  // The emulator takes no credentials; naming the universe keeps the auth library from probing the
  // GCE metadata server (a warning per client on a machine outside Google Cloud).
  // Loaded here, not with the module: the local relay never pays for the client library.
  return new (require('@google-cloud/pubsub') as typeof import('@google-cloud/pubsub')).PubSub({ projectId, apiEndpoint: emulatorHost, emulatorMode: true, universeDomain: 'googleapis.com' });
}

/**
 * Creates the declared topics, dead-letter topics and push subscriptions on a Pub/Sub emulator, with
 * the same settings deploy/ gives production (pushSubscriptionSettings), pushing to local URLs and
 * without OIDC (the emulator signs no tokens). Safe to run again: what exists is kept and re-pointed.
 * Production wiring is deploy/'s job; this only ever talks to the emulator host it is given.
 */
export async function provisionEmulatorTopology(options: EmulatorTopologyOptions): Promise<ProvisionedTopology> {
  const topology = options.topology ?? TOPOLOGY;
  const pubsub = emulatorPubSubClient(options.projectId, options.emulatorHost);
  const result: ProvisionedTopology = { topicsCreated: [], subscriptionsCreated: [], subscriptionsRepointed: [] };
  const where = `pubsub emulator ${options.emulatorHost} (project ${options.projectId})`;
  try {
    for (const name of declaredTopicNames(topology)) {
      const [exists] = await step(`checking topic ${name} on ${where}`, () => pubsub.topic(name).exists());
      if (exists) continue;
      const created = await createUnlessExists(`creating topic ${name} on ${where}`, () => pubsub.createTopic(name));
      if (created) result.topicsCreated.push(name);
    }
    for (const topic of topology) {
      for (const subscription of topic.subscriptions) {
        const serviceUrl = options.serviceUrls[subscription.service];
        if (!serviceUrl) {
          throw new Error(`${where}: no URL for service ${subscription.service}, which subscription ${subscription.name} on ${topic.name} pushes to`);
        }
        const settings = pushSubscriptionSettings(topic, subscription, serviceUrl);
        const handle = pubsub.subscription(settings.name);
        const [exists] = await step(`checking subscription ${settings.name} on ${where}`, () => handle.exists());
        if (exists) {
          await step(`re-pointing subscription ${settings.name} at ${settings.pushEndpoint} on ${where}`, () =>
            handle.modifyPushConfig({ pushEndpoint: settings.pushEndpoint }),
          );
          result.subscriptionsRepointed.push(settings.name);
          continue;
        }
        const created = await createUnlessExists(`creating subscription ${settings.name} on ${where}`, () =>
          pubsub.topic(settings.topic).createSubscription(settings.name, {
            pushConfig: { pushEndpoint: settings.pushEndpoint },
            ackDeadlineSeconds: settings.ackDeadlineSeconds,
            deadLetterPolicy: { deadLetterTopic: pubsub.topic(settings.deadLetterTopic).name, maxDeliveryAttempts: settings.maxDeliveryAttempts },
            retryPolicy: { minimumBackoff: { seconds: settings.minimumBackoffSeconds }, maximumBackoff: { seconds: settings.maximumBackoffSeconds } },
          }),
        );
        if (created) result.subscriptionsCreated.push(settings.name);
      }
    }
  } finally {
    await pubsub.close();
  }
  return result;
}

async function step<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new Error(`${what} failed: ${(error as Error).message}`, { cause: error });
  }
}

async function createUnlessExists(what: string, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === ALREADY_EXISTS) return false;
    throw new Error(`${what} failed: ${(error as Error).message}`, { cause: error });
  }
}
