import { TopicName } from './topology/topology';

/** The attribute every published message carries its correlation id in. */
export const CORRELATION_ATTRIBUTE_NAME = 'correlation_id';

export type MessageAttributes = Record<string, string>;

export interface PublishedMessage {
  topic: TopicName;
  messageId: string;
}

/**
 * Publishes a JSON payload to a topic. Adapters add the current correlation id as the
 * `correlation_id` attribute when the caller did not set one.
 */
export interface MessagePublisher {
  readonly kind: 'pubsub' | 'local-relay';
  publish(topic: TopicName, payload: object, attributes?: MessageAttributes): Promise<PublishedMessage>;
  close(): Promise<void>;
}

export const MESSAGE_PUBLISHER = Symbol('MESSAGE_PUBLISHER');
