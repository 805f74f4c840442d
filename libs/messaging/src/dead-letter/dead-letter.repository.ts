import { deadLetterTable, Warehouse } from '@lib/warehouse';

export type DeadLetterStage = 'envelope' | 'payload' | 'content' | 'delivery';

export interface DeadLetterEntry {
  messageId: string;
  subscription: string;
  topic?: string;
  service?: string;
  reason: string;
  stage: DeadLetterStage;
  attempts?: number;
  rawData?: string;
  attributes?: Record<string, string>;
  correlationId?: string;
}

export interface DeadLetterRecord {
  message_id: string;
  subscription: string;
  topic: string | null;
  service: string | null;
  reason: string;
  stage: DeadLetterStage;
  attempts: number | null;
  correlation_id: string | null;
  dead_lettered_at: string;
}

/** Owns nba_orchestration.dead_letter: messages acknowledged without processing, and why. */
export class DeadLetterRepository {
  constructor(
    private readonly warehouse: Warehouse,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(entry: DeadLetterEntry): Promise<void> {
    const at = this.now();
    await this.warehouse.upsert(deadLetterTable, [
      {
        message_id: entry.messageId,
        subscription: entry.subscription,
        topic: entry.topic ?? null,
        service: entry.service ?? null,
        reason: entry.reason.slice(0, 4000),
        stage: entry.stage,
        attempts: entry.attempts ?? null,
        raw_data: entry.rawData ?? null,
        attributes: entry.attributes ? JSON.stringify(entry.attributes) : null,
        correlation_id: entry.correlationId ?? null,
        dead_lettered_at: at.toISOString(),
        dead_lettered_date: at.toISOString().slice(0, 10),
      },
    ]);
  }

  /** Dead letters of one correlation id between two dates (the table is partitioned by day). */
  async findByCorrelationId(correlationId: string, fromDate: string, toDate: string): Promise<DeadLetterRecord[]> {
    return this.warehouse.query<DeadLetterRecord & Record<string, unknown>>(
      `SELECT message_id, subscription, topic, service, reason, stage, attempts, correlation_id, dead_lettered_at
         FROM nba_orchestration.dead_letter
        WHERE dead_lettered_date BETWEEN @fromDate AND @toDate AND correlation_id = @correlationId
        ORDER BY dead_lettered_at`,
      { fromDate, toDate, correlationId },
    );
  }
}
