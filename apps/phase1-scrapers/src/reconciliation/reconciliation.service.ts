import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  MESSAGE_PUBLISHER,
  MESSAGE_SCHEMA_VERSION,
  MessagePublisher,
  PhaseTriggerMessage,
  ScraperCompletionMessage,
  ScraperSource,
  TOPICS,
} from '@lib/messaging';
import { AlertService, Clock, CLOCK, currentContext, PlatformConfig } from '@lib/platform';
import { ScrapeDateHandler } from '../scrape-date/scrape-date.handler';
import { ReconciliationRepository, ReconciliationRow, SelfHealAction } from './reconciliation.repository';
import { Boundary, reconcileDate, Verdict } from './reconciliation.verdicts';

/** Self-heal acts on a date's boundary at most this many times; after that it is a person's problem, and says so. */
export const MAX_SELF_HEAL_ATTEMPTS = 3;

export interface DateReconciliation {
  game_date: string;
  verdicts: Verdict[];
}

/**
 * Reconciles dates across every phase boundary, records each verdict in
 * nba_orchestration.reconciliation_results and alerts on each date with a gap. Self-heal acts on the
 * gaps: republishes payloads phase 2 never loaded, re-scrapes the games built from a partial box
 * score (balldontlie again, and the fallback sources), triggers phase 3 for missing analytics and phase 4
 * (then 5) for missing features or predictions, leaves box scores no source had to the retry queue,
 * and stops after MAX_SELF_HEAL_ATTEMPTS per date and boundary. Every action is recorded.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(
    private readonly repository: ReconciliationRepository,
    private readonly alerts: AlertService,
    private readonly config: PlatformConfig,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly scraping: ScrapeDateHandler,
  ) {}

  async reconcile(dates: readonly string[]): Promise<DateReconciliation[]> {
    const results: DateReconciliation[] = [];
    const correlationId = currentContext()?.correlationId ?? null;
    for (const gameDate of dates) {
      const counts = await this.repository.countsFor(gameDate, this.config.PREDICTION_PRIMARY_SYSTEM, this.config.ANALYTICS_MIN_PLAYERS_PER_TEAM, this.loadingSince());
      const verdicts = reconcileDate(counts, this.clock.now());
      const checkedAt = this.clock.now().toISOString();
      const rows: ReconciliationRow[] = verdicts.map((verdict) => ({
        game_date: gameDate,
        boundary: verdict.boundary,
        expected: verdict.expected,
        actual: verdict.actual,
        status: verdict.status,
        detail: verdict.detail,
        checked_at: checkedAt,
        correlation_id: correlationId,
      }));
      await this.repository.saveResults(rows);
      const gaps = verdicts.filter((verdict) => verdict.status === 'gap');
      if (gaps.length > 0) {
        await this.alerts.raise({
          gameDate,
          severity: 'ERROR',
          category: 'reconciliation_gap',
          message: gaps.map((gap) => `${gap.boundary}: ${gap.detail}`).join('; '),
          details: { gaps: gaps.map(({ boundary, expected, actual }) => ({ boundary, expected, actual })) },
        });
      }
      results.push({ game_date: gameDate, verdicts });
    }
    return results;
  }

  /** Acts on the recorded gaps of the dates from..to (run the reconciliation first). */
  async selfHeal(from: string, to: string): Promise<SelfHealAction[]> {
    const actions: SelfHealAction[] = [];
    const handledTriggers = new Set<string>();
    for (const gap of await this.repository.gaps(from, to)) {
      const boundary = gap.boundary as Boundary;
      const taken = await this.repository.actionsTaken(gap.game_date, boundary);
      if (taken >= MAX_SELF_HEAL_ATTEMPTS) {
        actions.push(await this.record(gap.game_date, boundary, 'gave_up', null, null, `already acted ${taken} times on ${boundary} of ${gap.game_date}; ${gap.detail}: needs a person`));
        continue;
      }
      if (boundary === 'box_scores') {
        actions.push(await this.record(gap.game_date, boundary, 'left_to_retry_queue', null, null, `${gap.detail}; POST /retries/run scrapes them again`));
      } else if (boundary === 'raw_loads') {
        actions.push(...(await this.republishUnloaded(gap.game_date)));
      } else if (boundary === 'analytics' && (await this.rescrapeIncomplete(gap, actions))) {
        // built from a partial box score: the fallback's load re-runs phase 3 for the date
      } else {
        const topic = boundary === 'analytics' ? TOPICS.phase3Trigger : TOPICS.phase4Trigger;
        if (handledTriggers.has(`${gap.game_date}|${topic}`)) continue;
        handledTriggers.add(`${gap.game_date}|${topic}`);
        const published = await this.publisher.publish(topic, this.trigger(gap.game_date), { game_date: gap.game_date, schema_version: String(MESSAGE_SCHEMA_VERSION) });
        actions.push(await this.record(gap.game_date, boundary, boundary === 'analytics' ? 'trigger_phase3' : 'trigger_phase4', topic, published.messageId, gap.detail));
      }
    }
    return actions;
  }

  /** Re-scrapes the date's games built incomplete, from the primary and the fallback sources; false when there are none. */
  private async rescrapeIncomplete(gap: ReconciliationRow, actions: SelfHealAction[]): Promise<boolean> {
    const incomplete = await this.repository.incompleteGames(gap.game_date, this.config.ANALYTICS_MIN_PLAYERS_PER_TEAM);
    if (incomplete.length === 0) return false;
    const correlationId = currentContext()?.correlationId ?? `self-heal-${gap.game_date}`;
    const said = await this.scraping.rescrapeIncompleteBoxScores({ gameDate: gap.game_date, backfillMode: false, trigger: 'scheduler', correlationId }, incomplete);
    actions.push(await this.record(gap.game_date, 'analytics', 'rescrape_box_scores', incomplete.join(','), null, `${gap.detail}; re-scraped: ${said.join('; ')}`));
    return true;
  }

  /**
   * A payload scraped within RUN_STUCK_AFTER_MINUTES and not loaded yet is on its way (a push being
   * delivered or retried, a load under way), not lost. Wall clock: the scraper log is stamped with it.
   */
  private loadingSince(): Date {
    return new Date(Date.now() - this.config.RUN_STUCK_AFTER_MINUTES * 60_000);
  }

  private async republishUnloaded(gameDate: string): Promise<SelfHealAction[]> {
    const actions: SelfHealAction[] = [];
    for (const payload of await this.repository.unloadedPayloads(gameDate, this.loadingSince())) {
      const params = payload.params ?? {};
      const message: ScraperCompletionMessage = {
        ...this.trigger(gameDate),
        phase: 1,
        service: 'phase1-scrapers',
        run_id: payload.run_id,
        status: payload.status as ScraperCompletionMessage['status'],
        records: payload.records ?? 0,
        degraded: payload.status === 'partial',
        scraper: payload.scraper,
        source: payload.source as ScraperSource,
        endpoint: payload.endpoint,
        path: payload.payload_path,
        attempts: Math.max(1, payload.attempts ?? 1),
        missing: [],
        ...(typeof params.game_id === 'string' ? { game_id: params.game_id } : {}),
        ...(typeof params.fallback_for === 'string' ? { fallback_for: params.fallback_for } : {}),
        detail: 'republished by self-heal: phase 2 never loaded this payload',
      };
      const published = await this.publisher.publish(TOPICS.phase1Complete, message, { game_date: gameDate, scraper: payload.scraper, schema_version: String(MESSAGE_SCHEMA_VERSION) });
      actions.push(await this.record(gameDate, 'raw_loads', 'republish_payload', payload.payload_path, published.messageId, `${payload.scraper} payload was stored and never loaded`));
    }
    return actions;
  }

  private trigger(gameDate: string): PhaseTriggerMessage {
    return { schema_version: MESSAGE_SCHEMA_VERSION, game_date: gameDate, backfill_mode: false, correlation_id: currentContext()?.correlationId };
  }

  private async record(gameDate: string, boundary: Boundary, action: string, target: string | null, messageId: string | null, detail: string): Promise<SelfHealAction> {
    const entry: SelfHealAction = {
      action_id: randomUUID(),
      game_date: gameDate,
      boundary,
      action,
      target,
      message_id: messageId,
      detail,
      correlation_id: currentContext()?.correlationId ?? null,
      acted_at: this.clock.now().toISOString(),
    };
    await this.repository.saveAction(entry);
    this.logger.log(`self-heal ${gameDate} ${boundary}: ${action}${target ? ` (${target})` : ''}: ${detail}`);
    return entry;
  }
}
