import { Inject, Injectable } from '@nestjs/common';
import { processedMessagesTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

/** Processed ids this process remembers (oldest forgotten first); a forgotten one is read from the table again. */
const REMEMBERED_PROCESSED_IDS = 50_000;

/**
 * Owns nba_orchestration.processed_messages: which push deliveries were already handled. A row is
 * never removed, so an id this process saw processed (it wrote or read the row) stays processed:
 * redeliveries of it are answered from memory; every other id is looked up in the table, which other
 * instances write too.
 */
@Injectable()
export class ProcessedMessageRepository {
  private readonly remembered = new Set<string>();

  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** Whether this process saw the id processed; false says nothing (ask wasProcessed). */
  remembersProcessed(subscription: string, messageId: string): boolean {
    return this.remembered.has(rememberedKey(subscription, messageId));
  }

  async wasProcessed(subscription: string, messageId: string): Promise<boolean> {
    if (this.remembersProcessed(subscription, messageId)) return true;
    const rows = await this.warehouse.query(
      `SELECT message_id FROM nba_orchestration.processed_messages
        WHERE subscription = @subscription AND message_id = @messageId`,
      { subscription, messageId },
    );
    if (rows.length > 0) this.remember(subscription, messageId);
    return rows.length > 0;
  }

  async markProcessed(entry: {
    subscription: string;
    messageId: string;
    service: string;
    topic: string;
    gameDate: string;
    correlationId: string;
  }): Promise<void> {
    await this.warehouse.insertIfAbsent(processedMessagesTable, {
      subscription: entry.subscription,
      message_id: entry.messageId,
      service: entry.service,
      topic: entry.topic,
      game_date: entry.gameDate,
      correlation_id: entry.correlationId,
      processed_at: new Date().toISOString(),
    });
    this.remember(entry.subscription, entry.messageId);
  }

  private remember(subscription: string, messageId: string): void {
    if (this.remembered.size >= REMEMBERED_PROCESSED_IDS) this.remembered.delete(this.remembered.values().next().value as string);
    this.remembered.add(rememberedKey(subscription, messageId));
  }
}

function rememberedKey(subscription: string, messageId: string): string {
  return `${subscription}\u0000${messageId}`;
}
