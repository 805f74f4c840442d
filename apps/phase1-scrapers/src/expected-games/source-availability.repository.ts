import { Inject, Injectable } from '@nestjs/common';
import { scraperRetryQueueTable, sourceAvailabilityTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

interface AvailabilityRow {
  source: string;
  scraper: string;
  game_id: string;
  game_date: string;
  was_available: boolean;
  attempts: number;
  first_checked_at: string;
  first_seen_at: string | null;
  last_checked_at: string;
}

/** Owns nba_orchestration.source_availability and nba_orchestration.scraper_retry_queue. */
@Injectable()
export class SourceAvailabilityRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** Records one check of a source for each game: was_available is this check's answer, attempts grow, first_seen_at is kept once set. */
  async recordCheck(source: string, scraper: string, gameDate: string, games: Array<{ gameId: string; available: boolean }>): Promise<void> {
    if (games.length === 0) return;
    const previous = await this.warehouse.query<AvailabilityRow & Record<string, unknown>>(
      `SELECT * FROM nba_orchestration.source_availability WHERE game_date = @gameDate AND source = @source`,
      { gameDate, source },
    );
    const byGame = new Map(previous.map((row) => [row.game_id, row]));
    const now = new Date().toISOString();
    await this.warehouse.upsert(
      sourceAvailabilityTable,
      games.map(({ gameId, available }) => {
        const before = byGame.get(gameId);
        return {
          source,
          scraper,
          game_id: gameId,
          game_date: gameDate,
          was_available: available,
          attempts: (before?.attempts ?? 0) + 1,
          first_checked_at: before?.first_checked_at ?? now,
          first_seen_at: before?.first_seen_at ?? (available ? now : null),
          last_checked_at: now,
        };
      }),
    );
  }

  async forDate(gameDate: string): Promise<AvailabilityRow[]> {
    return this.warehouse.query<AvailabilityRow & Record<string, unknown>>(
      `SELECT * FROM nba_orchestration.source_availability WHERE game_date = @gameDate ORDER BY source, game_id`,
      { gameDate },
    );
  }

  /** Queues work still owed; a target already queued keeps its history and counts another attempt. */
  async enqueueRetry(entry: { scraper: string; gameDate: string; target: string; reason: string; correlationId: string }): Promise<void> {
    const [existing] = await this.warehouse.query<{ attempts: number; queued_at: string }>(
      `SELECT attempts, queued_at FROM nba_orchestration.scraper_retry_queue
        WHERE game_date = @gameDate AND scraper = @scraper AND target = @target`,
      { gameDate: entry.gameDate, scraper: entry.scraper, target: entry.target },
    );
    const now = new Date().toISOString();
    await this.warehouse.upsert(scraperRetryQueueTable, [
      {
        scraper: entry.scraper,
        game_date: entry.gameDate,
        target: entry.target,
        status: 'pending',
        reason: entry.reason,
        attempts: (existing?.attempts ?? 0) + 1,
        correlation_id: entry.correlationId,
        queued_at: existing?.queued_at ?? now,
        updated_at: now,
      },
    ]);
  }

  /** Closes a queued retry (no-op when none was queued): done when the data came, abandoned when it never will. */
  async resolveRetry(scraper: string, gameDate: string, target: string, reason: string, status: 'done' | 'abandoned' = 'done'): Promise<void> {
    await this.resolveRetries(scraper, gameDate, [target], reason, status);
  }

  /** Closes the queued retries of several targets of one scraper and date: one read, and one write only when any of them was queued. */
  async resolveRetries(scraper: string, gameDate: string, targets: readonly string[], reason: string, status: 'done' | 'abandoned' = 'done'): Promise<void> {
    if (targets.length === 0) return;
    const wanted = new Set(targets);
    const queued = await this.warehouse.query<{ target: string; attempts: number; queued_at: string; correlation_id: string | null }>(
      `SELECT target, attempts, queued_at, correlation_id FROM nba_orchestration.scraper_retry_queue
        WHERE game_date = @gameDate AND scraper = @scraper`,
      { gameDate, scraper },
    );
    const updatedAt = new Date().toISOString();
    const closed = queued
      .filter((existing) => wanted.has(existing.target))
      .map((existing) => ({
        scraper,
        game_date: gameDate,
        target: existing.target,
        status,
        reason,
        attempts: existing.attempts,
        correlation_id: existing.correlation_id,
        queued_at: existing.queued_at,
        updated_at: updatedAt,
      }));
    if (closed.length > 0) await this.warehouse.upsert(scraperRetryQueueTable, closed);
  }

  /** Closes every queued cursor of a scraper and date once a run fetched all pages. */
  async resolveCursorRetries(scraper: string, gameDate: string, reason: string): Promise<void> {
    const pending = await this.pendingRetries(gameDate);
    for (const item of pending.filter((candidate) => candidate.scraper === scraper && candidate.target.startsWith('cursor:'))) {
      await this.resolveRetry(scraper, gameDate, item.target, reason);
    }
  }

  /** Dates from `since` on that still owe work, oldest first. */
  async datesWithPendingRetries(since: string): Promise<string[]> {
    const rows = await this.warehouse.query<{ game_date: string }>(
      `SELECT DISTINCT game_date FROM nba_orchestration.scraper_retry_queue
        WHERE game_date >= @since AND status = 'pending' ORDER BY game_date`,
      { since },
    );
    return rows.map((row) => row.game_date);
  }

  async pendingRetries(gameDate: string): Promise<Array<{ scraper: string; target: string; reason: string; attempts: number }>> {
    return this.warehouse.query(
      `SELECT scraper, target, reason, attempts FROM nba_orchestration.scraper_retry_queue
        WHERE game_date = @gameDate AND status = 'pending' ORDER BY scraper, target`,
      { gameDate },
    );
  }
}
