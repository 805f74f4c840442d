import { Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  CORRELATION_ATTRIBUTE_NAME,
  DeadLetterRepository,
  findSubscription,
  contractFor,
  PhaseTriggerMessage,
  PushEnvelope,
  shortSubscriptionName,
  TopicName,
} from '@lib/messaging';
import { Clock, CLOCK } from '../clock/clock';
import { PlatformConfig } from '../config/platform-config';
import { currentContext, isUsableCorrelationId, mintCorrelationId, runWithContext } from '../context/request-context';
import { PHASE_HANDLER, PhaseHandler } from '../phase/phase-handler';
import { PhaseRunFailedError, PhaseRunner, PhaseRunSummary } from '../phase/phase-runner.service';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { parseJsonWithinLimits } from '../validation/json-limits';
import { describeValidationErrors } from '../validation/validation-errors';
import { MessageClaimRepository } from './message-claim.repository';
import { ProcessedMessageRepository } from './processed-message.repository';

export type PushOutcome =
  | { outcome: 'processed'; message_id: string; run: PhaseRunSummary }
  | { outcome: 'not_run'; message_id: string; reason: string }
  | { outcome: 'duplicate'; message_id: string; in_progress_since?: string }
  | { outcome: 'dead_lettered'; message_id: string; reason: string };

/**
 * Handles one push delivery: a malformed envelope or invalid payload is dead-lettered and
 * acknowledged; a message id seen before, or being worked on by a racing delivery (its claim is
 * held), is acknowledged without work; anything else claims the id, runs the phase, and a failed run
 * releases the claim and propagates so the endpoint answers 5xx and Pub/Sub's redelivery can claim it.
 */
@Injectable()
export class PushDeliveryService {
  private readonly logger = new Logger(PushDeliveryService.name);

  constructor(
    private readonly runner: PhaseRunner,
    private readonly processed: ProcessedMessageRepository,
    private readonly claims: MessageClaimRepository,
    private readonly deadLetters: DeadLetterRepository,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PHASE_HANDLER) private readonly handler: PhaseHandler,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  /**
   * The subscription and id of a push body when this process already saw that id processed, read from
   * memory without validating anything; undefined for everything else (handle() then looks further).
   */
  knownDuplicate(body: unknown): DeliveryKey | undefined {
    const delivery = deliveryKeyOf(body);
    return delivery && this.processed.remembersProcessed(delivery.subscription, delivery.messageId) ? delivery : undefined;
  }

  async handle(body: unknown): Promise<PushOutcome> {
    // A redelivery of a processed id is answered before any validation: its first delivery passed it,
    // and Pub/Sub redelivers a message id with the same body. Anything else takes the full path below.
    const delivery = deliveryKeyOf(body);
    if (delivery && (await this.processed.wasProcessed(delivery.subscription, delivery.messageId))) {
      return this.alreadyProcessed(delivery.subscription, delivery.messageId);
    }
    const envelope = plainToInstance(PushEnvelope, body ?? {});
    const envelopeErrors = typeof body === 'object' && body !== null ? validateSync(envelope) : [];
    const messageId = typeof envelope.message?.messageId === 'string' ? envelope.message.messageId : `unidentified-${mintCorrelationId()}`;
    const subscription = typeof envelope.subscription === 'string' ? shortSubscriptionName(envelope.subscription) : 'unknown';
    const attributes = envelope.message?.attributes ?? {};
    if (typeof body !== 'object' || body === null || envelopeErrors.length > 0) {
      const reason = `malformed push envelope: ${typeof body !== 'object' || body === null ? 'body is not a JSON object' : describeValidationErrors(envelopeErrors).join('; ')}`;
      return this.deadLetter({ messageId, subscription, reason, stage: 'envelope', rawData: envelope.message?.data, attributes });
    }

    const route = findSubscription(subscription);
    if (!route || route.subscription.service !== this.identity.name) {
      const reason = `subscription ${subscription} is not routed to ${this.identity.name} in the topology`;
      return this.deadLetter({ messageId, subscription, reason, stage: 'envelope', rawData: envelope.message.data, attributes });
    }
    const topic = route.topic.name as TopicName;

    let payload: unknown;
    try {
      // Depth and prototype keys are checked on the text, before class-transformer walks it recursively.
      payload = parseJsonWithinLimits(Buffer.from(envelope.message.data, 'base64').toString('utf8'), this.config.REQUEST_JSON_MAX_DEPTH, 'message data');
    } catch (error) {
      const reason = `message data is not base64 JSON within the limits: ${(error as Error).message}`;
      return this.deadLetter({ messageId, subscription, topic, reason, stage: 'payload', rawData: envelope.message.data, attributes });
    }
    const message = plainToInstance(contractFor(topic, payload), payload);
    const payloadErrors = typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? validateSync(message) : [];
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payloadErrors.length > 0) {
      const problems = payloadErrors.length > 0 ? describeValidationErrors(payloadErrors).join('; ') : 'payload is not a JSON object';
      const reason = `payload fails the ${topic} contract: ${problems}`;
      return this.deadLetter({ messageId, subscription, topic, reason, stage: 'payload', rawData: envelope.message.data, attributes });
    }

    const fromMessage = [attributes[CORRELATION_ATTRIBUTE_NAME], message.correlation_id].find(isUsableCorrelationId);
    const correlationId = fromMessage ?? currentContext()?.correlationId ?? mintCorrelationId();
    // Looked up above when the id was readable; the look after the claim still catches a racing delivery.
    const lookedUp = delivery?.subscription === subscription && delivery.messageId === messageId;
    return runWithContext({ ...currentContext(), correlationId, service: this.identity.name }, () =>
      this.process(subscription, topic, messageId, message, correlationId, lookedUp),
    );
  }

  private async process(
    subscription: string,
    topic: TopicName,
    messageId: string,
    message: PhaseTriggerMessage,
    correlationId: string,
    lookedUp: boolean,
  ): Promise<PushOutcome> {
    if (!lookedUp && (await this.processed.wasProcessed(subscription, messageId))) return this.alreadyProcessed(subscription, messageId);
    const now = this.clock.now();
    const claim = await this.claims.claim({
      subscription,
      messageId,
      service: this.identity.name,
      now,
      staleBefore: new Date(now.getTime() - this.config.RUN_STUCK_AFTER_MINUTES * 60_000),
    });
    if (!claim.claimed) {
      this.logger.log(`message ${messageId} on ${subscription} is being processed by another delivery since ${claim.heldSince}; acknowledging without work`);
      return { outcome: 'duplicate', message_id: messageId, in_progress_since: claim.heldSince };
    }
    const release = () => this.claims.release(subscription, messageId, claim.claimId);
    try {
      // A racing delivery may have finished between the first look and the claim.
      if (await this.processed.wasProcessed(subscription, messageId)) return this.alreadyProcessed(subscription, messageId);
      return await this.processClaimed(subscription, topic, messageId, message, correlationId);
    } finally {
      // Processed: the processed row now answers redeliveries. Failed: a redelivery must be able to claim it.
      await release();
    }
  }

  alreadyProcessed(subscription: string, messageId: string): PushOutcome {
    this.logger.log(`message ${messageId} on ${subscription} was already processed; acknowledging without work`);
    return { outcome: 'duplicate', message_id: messageId };
  }

  private async processClaimed(
    subscription: string,
    topic: TopicName,
    messageId: string,
    message: PhaseTriggerMessage,
    correlationId: string,
  ): Promise<PushOutcome> {
    const decision = this.handler.decide ? await this.handler.decide(message) : { run: true as const };
    const markProcessed = () =>
      this.processed.markProcessed({ subscription, messageId, service: this.identity.name, topic, gameDate: message.game_date, correlationId });
    if (!decision.run) {
      await markProcessed();
      this.logger.log(`message ${messageId} for ${message.game_date} does not start a run: ${decision.reason}`);
      return { outcome: 'not_run', message_id: messageId, reason: decision.reason };
    }
    let run: PhaseRunSummary;
    try {
      run = await this.runner.runDate({
        gameDate: message.game_date,
        backfillMode: message.backfill_mode,
        trigger: 'pubsub',
        correlationId,
        upstream: message,
      });
    } catch (error) {
      if (!(error instanceof PhaseRunFailedError) || !error.summary.unprocessable) throw error;
      const reason = `run ${error.summary.run_id} cannot process this message: ${error.summary.error}`;
      const rawData = Buffer.from(JSON.stringify(message)).toString('base64');
      const outcome = await this.deadLetter({ messageId, subscription, topic, reason, stage: 'content', rawData, attributes: {} });
      await markProcessed();
      return outcome;
    }
    await markProcessed();
    return { outcome: 'processed', message_id: messageId, run };
  }

  private async deadLetter(entry: {
    messageId: string;
    subscription: string;
    topic?: string;
    reason: string;
    stage: 'envelope' | 'payload' | 'content';
    rawData?: string;
    attributes: Record<string, string>;
  }): Promise<PushOutcome> {
    this.logger.warn(`dead-lettering message ${entry.messageId} from ${entry.subscription}: ${entry.reason}`);
    await this.deadLetters.record({
      ...entry,
      service: this.identity.name,
      attempts: 1,
      correlationId: isUsableCorrelationId(entry.attributes[CORRELATION_ATTRIBUTE_NAME]) ? entry.attributes[CORRELATION_ATTRIBUTE_NAME] : currentContext()?.correlationId,
    });
    return { outcome: 'dead_lettered', message_id: entry.messageId, reason: entry.reason };
  }
}

export interface DeliveryKey {
  /** The short name, as processed_messages keys it. */
  subscription: string;
  messageId: string;
}

/**
 * The subscription and message id of a push body, read without validating anything else; undefined
 * when the body does not even name them as non-empty strings (the full validation then says why).
 */
export function deliveryKeyOf(body: unknown): DeliveryKey | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { message, subscription } = body as { message?: unknown; subscription?: unknown };
  if (typeof subscription !== 'string' || subscription.length === 0 || typeof message !== 'object' || message === null) return undefined;
  const { messageId } = message as { messageId?: unknown };
  if (typeof messageId !== 'string' || messageId.length === 0) return undefined;
  return { subscription: shortSubscriptionName(subscription), messageId };
}
