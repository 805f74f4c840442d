import { Inject, Injectable } from '@nestjs/common';
import { processedMessagesTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

/** Owns nba_orchestration.processed_messages: which push deliveries were already handled. */
@Injectable()
export class ProcessedMessageRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async wasProcessed(subscription: string, messageId: string): Promise<boolean> {
    const rows = await this.warehouse.query(
      `SELECT message_id FROM nba_orchestration.processed_messages
        WHERE subscription = @subscription AND message_id = @messageId`,
      { subscription, messageId },
    );
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
  }
}
