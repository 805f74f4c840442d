import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeadLetterRepository } from '../dead-letter/dead-letter.repository';
import { CORRELATION_ATTRIBUTE_NAME, MessageAttributes, MessagePublisher, PublishedMessage } from '../publisher.interface';
import { ServiceName } from '../topology/services';
import { findTopic, SubscriptionDefinition, TopicDefinition, TopicName } from '../topology/topology';
import { seededRandom } from './seeded-random';

export interface LocalPushRelayOptions {
  /** Base URL of each service's HTTP server, e.g. http://127.0.0.1:8082. */
  endpoints: Partial<Record<ServiceName, string>>;
  deadLetters: DeadLetterRepository;
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Per-attempt HTTP timeout. */
  requestTimeoutMs?: number;
  projectId?: string;
  currentCorrelationId?: () => string | undefined;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Where each delivery waits on disk until it is acknowledged or dead-lettered, like Pub/Sub's own
   * storage: a crash loses nothing, and `resumePending()` delivers what the last process left.
   */
  queueDirectory?: string;
  /**
   * Pub/Sub's at-least-once, unordered delivery made visible on purpose (the chaos run): each delivery
   * waits a seeded random 0..maxJitterMs first (so later messages overtake earlier ones), and a share
   * is POSTed twice at once (a racing duplicate of the same message id).
   */
  unreliable?: { duplicateRate: number; maxJitterMs: number; seed: number };
}

type RelayMessage = { data: string; attributes: MessageAttributes; messageId: string; publishTime: string };

/** One delivery as it waits on disk. */
interface QueuedDelivery {
  topic: TopicName;
  subscription: string;
  message: RelayMessage;
}

export interface RelayStatus {
  published: number;
  pendingDeliveries: number;
  delivered: number;
  deadLettered: number;
  /** Deliveries POSTed twice on purpose (`unreliable`). */
  duplicated: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Pub/Sub push delivery on one machine: publish() writes each subscription's delivery to the queue
 * directory (when one is given) and returns, then each subscription of the topic gets the exact push
 * envelope POSTed to its service over real HTTP, retried with exponential backoff on a non-2xx
 * answer, and dead-lettered after maxAttempts; only then is its file removed.
 */
export class LocalPushRelay implements MessagePublisher {
  readonly kind = 'local-relay' as const;
  private readonly logger = new Logger(LocalPushRelay.name);
  private readonly pending = new Set<Promise<void>>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly counts = { published: 0, delivered: 0, deadLettered: 0, duplicated: 0 };
  private closed = false;
  private readonly random: () => number;

  constructor(private readonly options: LocalPushRelayOptions) {
    this.random = seededRandom(options.unreliable?.seed ?? 1);
  }

  async publish(topicName: TopicName, payload: object, attributes: MessageAttributes = {}): Promise<PublishedMessage> {
    if (this.closed) throw new Error(`local relay is closed; cannot publish to ${topicName}`);
    const topic = findTopic(topicName);
    if (!topic) throw new Error(`topic ${topicName} is not declared in the topology`);
    const correlationId = attributes[CORRELATION_ATTRIBUTE_NAME] ?? this.options.currentCorrelationId?.();
    const fullAttributes: MessageAttributes = { ...attributes, ...(correlationId ? { [CORRELATION_ATTRIBUTE_NAME]: correlationId } : {}) };
    const messageId = randomUUID();
    const publishTime = new Date().toISOString();
    const message = {
      data: Buffer.from(JSON.stringify(payload)).toString('base64'),
      attributes: fullAttributes,
      messageId,
      message_id: messageId,
      publishTime,
      publish_time: publishTime,
    };
    this.counts.published += 1;
    for (const subscription of topic.subscriptions) {
      const queued = this.persist({ topic: topic.name as TopicName, subscription: subscription.name, message });
      this.track(this.deliver(topic, subscription, message).then((settled) => this.forget(settled ? queued : undefined)));
    }
    return { topic: topicName, messageId };
  }

  /**
   * Delivers every delivery a previous process left in the queue directory (it crashed, or was killed,
   * before they were acknowledged), in publish order. Returns how many were resumed.
   */
  resumePending(): number {
    const directory = this.options.queueDirectory;
    if (!directory || !fs.existsSync(directory)) return 0;
    let resumed = 0;
    for (const file of fs.readdirSync(directory).filter((name) => name.endsWith('.json')).sort()) {
      const filePath = path.join(directory, file);
      let queued: QueuedDelivery;
      try {
        queued = JSON.parse(fs.readFileSync(filePath, 'utf8')) as QueuedDelivery;
      } catch (error) {
        fs.renameSync(filePath, `${filePath}.unreadable`);
        this.logger.error(`relay queue file ${filePath} is unreadable (${(error as Error).message}); kept as ${file}.unreadable for a person`);
        continue;
      }
      const topic = findTopic(queued.topic);
      const subscription = topic?.subscriptions.find((candidate) => candidate.name === queued.subscription);
      if (!topic || !subscription) {
        fs.renameSync(filePath, `${filePath}.unroutable`);
        this.logger.error(`relay queue file ${filePath} names ${queued.topic}/${queued.subscription}, not in the topology; kept as ${file}.unroutable`);
        continue;
      }
      resumed += 1;
      this.track(this.deliver(topic, subscription, queued.message).then((settled) => this.forget(settled ? filePath : undefined)));
    }
    if (resumed > 0) this.logger.warn(`resuming ${resumed} deliveries a previous process left unacknowledged in ${directory}`);
    return resumed;
  }

  private persist(delivery: QueuedDelivery): string | undefined {
    const directory = this.options.queueDirectory;
    if (!directory) return undefined;
    fs.mkdirSync(directory, { recursive: true });
    // Sortable by publish time, unique per subscription; written whole, then renamed into place.
    const file = path.join(directory, `${Date.now().toString().padStart(15, '0')}-${delivery.message.messageId}-${delivery.subscription}.json`);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(delivery));
    fs.renameSync(`${file}.tmp`, file);
    return file;
  }

  private forget(file: string | undefined): void {
    if (!file) return;
    try {
      fs.rmSync(file, { force: true });
    } catch (error) {
      this.logger.error(`could not remove relay queue file ${file} after its delivery ended: ${(error as Error).message}; it will be delivered again on restart (an idempotent duplicate)`);
    }
  }

  status(): RelayStatus {
    return { ...this.counts, pendingDeliveries: this.pending.size };
  }

  /** Resolves once no delivery is in flight or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.whenIdle();
  }

  private track(delivery: Promise<void>): void {
    this.pending.add(delivery);
    void delivery.finally(() => {
      this.pending.delete(delivery);
      if (this.pending.size === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  }

  private async deliver(
    topic: TopicDefinition,
    subscription: SubscriptionDefinition,
    message: RelayMessage,
  ): Promise<boolean> {
    const baseUrl = this.options.endpoints[subscription.service];
    const fullSubscription = `projects/${this.options.projectId ?? 'local'}/subscriptions/${subscription.name}`;
    const sleep = this.options.sleep ?? realSleep;
    let lastFailure = `no endpoint configured for service ${subscription.service}`;
    let attempt = 0;
    const unreliable = this.options.unreliable;
    if (unreliable && unreliable.maxJitterMs > 0) await sleep(Math.floor(this.random() * unreliable.maxJitterMs));
    while (baseUrl && attempt < this.options.maxAttempts) {
      attempt += 1;
      // Pub/Sub's own envelope carries both spellings of the id; so does this one.
      const envelope = { message, subscription: fullSubscription };
      const post = () =>
        fetch(`${baseUrl}${subscription.pushPath}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? subscription.ackDeadlineSeconds * 1000),
        });
      if (unreliable && attempt === 1 && this.random() < unreliable.duplicateRate) {
        this.counts.duplicated += 1;
        post().then(
          (response) => response.text(),
          (error: Error) => this.logger.warn(`duplicate delivery of ${message.messageId} to ${subscription.name} failed: ${error.message} (the original decides)`),
        );
      }
      try {
        const response = await post();
        if (response.ok) {
          this.counts.delivered += 1;
          return true;
        }
        lastFailure = `HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`;
      } catch (error) {
        lastFailure = `request failed: ${(error as Error).message}`;
      }
      if (attempt < this.options.maxAttempts) {
        const backoffMs = Math.min(this.options.initialBackoffMs * 2 ** (attempt - 1), this.options.maxBackoffMs);
        this.logger.warn(
          `delivery of ${message.messageId} to ${subscription.name} failed (attempt ${attempt}/${this.options.maxAttempts}): ${lastFailure}; retrying in ${backoffMs} ms`,
        );
        await sleep(backoffMs);
      }
    }
    this.logger.error(
      `giving up on ${message.messageId} for ${subscription.name} after ${attempt} attempts: ${lastFailure}; writing it to the dead-letter table`,
    );
    return this.options.deadLetters
      .record({
        messageId: message.messageId,
        subscription: subscription.name,
        topic: topic.name,
        service: subscription.service,
        reason: lastFailure,
        stage: 'delivery',
        attempts: attempt,
        rawData: message.data,
        attributes: message.attributes,
        correlationId: message.attributes[CORRELATION_ATTRIBUTE_NAME],
      })
      .then(() => {
        this.counts.deadLettered += 1;
        return true;
      })
      .catch((error: Error) => {
        // Without a queue directory nothing else holds this message now: make the loss loud rather than silent.
        const kept = this.options.queueDirectory ? `kept in ${this.options.queueDirectory} for the next start` : `LOST; data=${message.data}`;
        this.logger.error(`message ${message.messageId} for ${subscription.name}: dead-letter write failed: ${error.message}; ${kept}`);
        return false;
      });
  }
}