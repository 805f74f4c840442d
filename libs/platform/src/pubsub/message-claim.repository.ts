import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { messageClaimsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';

export type ClaimAttempt = { claimed: true; claimId: string } | { claimed: false; heldSince: string };

interface PendingRelease {
  subscription: string;
  messageId: string;
  claimId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface ClaimRow extends Record<string, unknown> {
  claim_id: string;
  claimed_at: string;
}

/**
 * Owns nba_orchestration.message_claims: which delivery of a message id is working on it. The claim
 * is taken atomically (the first writer of the key wins), so racing deliveries of one id run once.
 */
@Injectable()
export class MessageClaimRepository {
  private readonly releasesWaiting: PendingRelease[] = [];
  private releasing: Promise<void> | null = null;

  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /**
   * Claims the id for this delivery. A claim older than `staleBefore` belonged to an instance that died
   * mid-run: it is removed (only that claim, by its id, so two takers cannot both win) and claimed anew.
   */
  async claim(entry: { subscription: string; messageId: string; service: string; now: Date; staleBefore: Date }): Promise<ClaimAttempt> {
    const claimId = randomUUID();
    const row = { subscription: entry.subscription, message_id: entry.messageId, claim_id: claimId, service: entry.service, claimed_at: entry.now.toISOString() };
    if ((await this.warehouse.insertIfAbsent(messageClaimsTable, row)).inserted) return { claimed: true, claimId };
    const [held] = await this.warehouse.query<ClaimRow>(
      `SELECT claim_id, claimed_at FROM nba_orchestration.message_claims WHERE subscription = @subscription AND message_id = @messageId`,
      { subscription: entry.subscription, messageId: entry.messageId },
    );
    if (!held) return (await this.warehouse.insertIfAbsent(messageClaimsTable, row)).inserted ? { claimed: true, claimId } : { claimed: false, heldSince: entry.now.toISOString() };
    if (new Date(held.claimed_at).getTime() >= entry.staleBefore.getTime()) return { claimed: false, heldSince: new Date(held.claimed_at).toISOString() };
    await this.release(entry.subscription, entry.messageId, held.claim_id);
    return (await this.warehouse.insertIfAbsent(messageClaimsTable, row)).inserted ? { claimed: true, claimId } : { claimed: false, heldSince: entry.now.toISOString() };
  }

  /**
   * Gives the claim up (its run failed, or the id is now recorded as processed). Releases asked for
   * while one DELETE is on its way go together in the next one: the deliveries of a busy date end
   * side by side, and each DELETE waits its turn for the warehouse's writer.
   */
  release(subscription: string, messageId: string, claimId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.releasesWaiting.push({ subscription, messageId, claimId, resolve, reject });
      if (!this.releasing) this.releaseWaiting();
    });
  }

  private releaseWaiting(): void {
    const batch = this.releasesWaiting.splice(0);
    const params: Record<string, string> = {};
    const claimsReleased = batch.map((release, index) => {
      Object.assign(params, { [`subscription${index}`]: release.subscription, [`messageId${index}`]: release.messageId, [`claimId${index}`]: release.claimId });
      return `(subscription = @subscription${index} AND message_id = @messageId${index} AND claim_id = @claimId${index})`;
    });
    this.releasing = this.warehouse
      .query(`DELETE FROM nba_orchestration.message_claims WHERE ${claimsReleased.join(' OR ')}`, params)
      .then(
        () => batch.forEach((release) => release.resolve()),
        (error: unknown) => batch.forEach((release) => release.reject(error)),
      )
      .finally(() => {
        this.releasing = null;
        if (this.releasesWaiting.length > 0) this.releaseWaiting();
      });
  }

  /**
   * Releases every claim. Only for a warehouse one process owns (DuckDB locks its file): at that
   * process's start, every claim was left by a process that is gone, and its redelivery must run.
   */
  async releaseAll(): Promise<number> {
    const [row] = await this.warehouse.query<{ held: number }>(`SELECT COUNT(*) AS held FROM nba_orchestration.message_claims`);
    if (Number(row?.held ?? 0) > 0) await this.warehouse.query(`DELETE FROM nba_orchestration.message_claims WHERE TRUE`);
    return Number(row?.held ?? 0);
  }
}
