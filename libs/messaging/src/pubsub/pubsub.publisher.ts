import type { PubSub } from '@google-cloud/pubsub';
import { MessageAttributes, MessagePublisher, PublishedMessage } from '../publisher.interface';
import { findTopic, TOPOLOGY, TopicName } from '../topology/topology';
import { emulatorPubSubClient } from './pubsub-topology.provisioner';

/** The slice of a Pub/Sub Topic the publisher uses; a real `Topic` satisfies it. */
export interface PubSubTopicHandle {
  publishMessage(message: { data: Buffer; attributes: Record<string, string> }): Promise<string>;
  flush(): Promise<void>;
}

/** The slice of the Pub/Sub client the publisher uses; a real `PubSub` satisfies it. */
export interface PubSubClient {
  topic(name: string): PubSubTopicHandle;
  close(): Promise<void>;
}

export interface PubSubPublisherOptions {
  projectId: string;
  /** A configured client; when given, the caller owns it and close() only flushes. */
  pubsub?: PubSub | PubSubClient;
  /** host:port of a Pub/Sub emulator to publish to instead of Google's endpoint. */
  emulatorHost?: string;
  /** The request's correlation id, stamped on messages whose caller did not set one. */
  currentCorrelationId?: () => string | undefined;
}

export const CORRELATION_ID_ATTRIBUTE = 'correlation_id';
export const SCHEMA_VERSION_ATTRIBUTE = 'schema_version';

export class PubSubPublisher implements MessagePublisher {
  readonly kind = 'pubsub' as const;
  private readonly pubsub: PubSubClient;
  private readonly ownsClient: boolean;
  private readonly topics = new Map<TopicName, PubSubTopicHandle>();
  private closed = false;

  constructor(private readonly options: PubSubPublisherOptions) {
    if (!options.projectId) throw new Error('pubsub publisher: projectId is required');
    this.ownsClient = options.pubsub === undefined;
    this.pubsub =
      options.pubsub ??
      // The client library is loaded only when a Pub/Sub publisher is made: the local relay never pays for it.
      (options.emulatorHost ? emulatorPubSubClient(options.projectId, options.emulatorHost) : new (require('@google-cloud/pubsub') as typeof import('@google-cloud/pubsub')).PubSub({ projectId: options.projectId }));
  }

  async publish(topic: TopicName, payload: object, attributes: MessageAttributes = {}): Promise<PublishedMessage> {
    if (this.closed) throw new Error(`pubsub publisher: publish to ${topic} after close()`);
    if (!findTopic(topic)) {
      throw new Error(
        `pubsub publisher: topic ${JSON.stringify(topic)} is not declared in TOPOLOGY (libs/messaging/src/topology/topology.ts); ` +
          `declared topics: ${TOPOLOGY.map((definition) => definition.name).join(', ')}`,
      );
    }
    const data = serialise(topic, payload);
    const messageAttributes = this.attributesFor(topic, payload, attributes);
    let messageId: string;
    try {
      messageId = await this.topicHandle(topic).publishMessage({ data, attributes: messageAttributes });
    } catch (error) {
      throw new Error(`pubsub publisher: publish to ${topic} (project ${this.options.projectId}) failed: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return { topic, messageId };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const flushes = [...this.topics.entries()].map(async ([name, handle]) => {
      try {
        await handle.flush();
      } catch (error) {
        throw new Error(`pubsub publisher: flushing ${name} on close failed: ${messageOf(error)}`, { cause: error });
      }
    });
    const results = await Promise.allSettled(flushes);
    this.topics.clear();
    if (this.ownsClient) await this.pubsub.close();
    const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length === 1) throw failures[0].reason;
    if (failures.length > 1) {
      throw new AggregateError(
        failures.map((failure) => failure.reason),
        `pubsub publisher: ${failures.length} topics failed to flush on close`,
      );
    }
  }

  private topicHandle(topic: TopicName): PubSubTopicHandle {
    let handle = this.topics.get(topic);
    if (!handle) {
      handle = this.pubsub.topic(topic);
      this.topics.set(topic, handle);
    }
    return handle;
  }

  private attributesFor(topic: TopicName, payload: object, callerAttributes: MessageAttributes): Record<string, string> {
    const attributes: Record<string, string> = { ...callerAttributes };
    if (attributes[CORRELATION_ID_ATTRIBUTE] === undefined) {
      const correlationId = this.options.currentCorrelationId?.();
      if (correlationId) attributes[CORRELATION_ID_ATTRIBUTE] = correlationId;
    }
    const schemaVersion = schemaVersionOf(topic, payload);
    if (schemaVersion !== undefined) {
      const given = attributes[SCHEMA_VERSION_ATTRIBUTE];
      if (given !== undefined && given !== schemaVersion) {
        throw new Error(
          `pubsub publisher: publish to ${topic}: attribute schema_version=${JSON.stringify(given)} contradicts payload.schema_version=${JSON.stringify(schemaVersion)}`,
        );
      }
      attributes[SCHEMA_VERSION_ATTRIBUTE] = schemaVersion;
    }
    return attributes;
  }
}

function serialise(topic: TopicName, payload: object): Buffer {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new Error(`pubsub publisher: payload for ${topic} is not JSON-serialisable: ${messageOf(error)}`, { cause: error });
  }
  if (json === undefined) throw new Error(`pubsub publisher: payload for ${topic} serialised to nothing`);
  return Buffer.from(json, 'utf8');
}

function schemaVersionOf(topic: TopicName, payload: object): string | undefined {
  if (!('schema_version' in payload)) return undefined;
  const value = (payload as { schema_version: unknown }).schema_version;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Error(`pubsub publisher: payload for ${topic} has schema_version of type ${typeof value}; expected a string or number`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
