import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DATE_SCOPE, MESSAGE_PUBLISHER, MESSAGE_SCHEMA_VERSION, MessagePublisher, ScrapedDateMessage, TOPICS } from '@lib/messaging';
import { AlertService, Clock, CLOCK, PhaseHandler, PhaseRunRequest, PhaseWorkResult, PlatformConfig } from '@lib/platform';
import { mapWithConcurrency } from '@lib/resilience';
import { compareWithSchedule } from '../expected-games/expected-versus-got';
import { SourceAvailabilityRepository } from '../expected-games/source-availability.repository';
import { ListedGame, Scraper } from '../scraping/scraper';
import { ScraperRunner, ScraperRunOutcome, ScraperRunRequest } from '../scraping/scraper.runner';
import { Phase1Scrapers } from '../sources/phase1-scrapers';
import { DateOrderGate } from './date-order.gate';

/** The whole of what phase 1 fetched for a date, in words and numbers, for the phase log and the operator. */
interface DateScrapeSummary {
  scheduleSource: string;
  scheduled: number;
  awaitingResults: number;
  boxScores: Record<'balldontlie' | 'nbacom' | 'espn', { checked: number; got: number }>;
  stillMissing: string[];
  oddsEvents: number;
  /** Line scrapes that failed: the events list (then no player lines were asked for) or a game's player points. */
  linesFailed: string[];
  playByPlay: { bigdataball: number; nbacomFallback: number; waiting: number };
  /** How each game-day report run ended, e.g. 'success (9 rows)'. */
  gameDayReports: Partial<Record<GameDayReport, string>>;
}

/** The retry-queue target of a date-wide scraper run that failed as a whole. */
const WHOLE_RUN_TARGET = 'whole_run';

/** NBA.com's injury report, referee assignments and current player list: enrichments of a game day, never required. */
export const GAME_DAY_REPORTS = ['injury_report', 'referee_assignments', 'player_list'] as const;
export type GameDayReport = (typeof GAME_DAY_REPORTS)[number];

/** 'injury report: success (9 rows), referee assignments: no_data' */
export function describeGameDayReports(reports: Partial<Record<GameDayReport, string>>): string {
  return GAME_DAY_REPORTS.filter((report) => reports[report] !== undefined)
    .map((report) => `${report.replaceAll('_', ' ')}: ${reports[report]}`)
    .join(', ');
}

/**
 * Phase 1 for one date. The schedule says what to expect (NBA.com, falling back to the NBA.com
 * scoreboard, then ESPN). Box scores come from balldontlie; every final game it lacks is fetched from
 * NBA.com, then ESPN, each check recorded per source; what no source has is queued for retry and the
 * run is partial. Lines come from The Odds API. Play-by-play comes from BigDataBall, or from NBA.com
 * (marked as a fallback) once BigDataBall's last release window has passed. NBA.com's injury report and
 * referee assignments are fetched last, as optional enrichments.
 */
@Injectable()
export class ScrapeDateHandler implements PhaseHandler {
  readonly publishesOwnCompletions = true;

  constructor(
    private readonly runner: ScraperRunner,
    private readonly scrapers: Phase1Scrapers,
    private readonly availability: SourceAvailabilityRepository,
    private readonly alerts: AlertService,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MESSAGE_PUBLISHER) private readonly publisher: MessagePublisher,
    private readonly dateOrder: DateOrderGate,
  ) {}

  /**
   * A backfilled date (BACKFILL_LOADS_BY_DATE) is announced once, after all its scrapes (run side by
   * side after the schedule) and once phase 3 has handled the run's previous date, with every payload
   * stored; a live date's scraper runs each announce their own, one after the other. The date message
   * goes out whether the date's scrapes succeeded or not, as each run's would have.
   */
  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    if (!request.backfillMode || !this.config.BACKFILL_LOADS_BY_DATE) return this.scrapeDate(request, [], false);
    const outcomes: ScraperRunOutcome[] = [];
    let scraped: { result: PhaseWorkResult } | { error: unknown } = await this.scrapeDate(request, outcomes, true).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    // Every run's execution log rows are in before phase 2 hears of the date; a run that could not be
    // logged fails the date, as it failed the scrape when each run waited for its own rows.
    const unlogged = (await Promise.all(outcomes.map((outcome) => outcome.logged))).filter((error) => error !== undefined);
    if (unlogged.length > 0 && 'result' in scraped) {
      scraped = { error: new AggregateError(unlogged, `${unlogged.length} scraper runs of ${request.gameDate} could not be logged: ${(unlogged[0] as Error).message}`) };
    }
    try {
      await this.dateOrder.awaitPreviousDate(request.gameDate, request.correlationId);
      await this.announceDate(request, outcomes, 'result' in scraped ? scraped.result : undefined);
    } catch (announceError) {
      if ('error' in scraped) {
        const said = `scraping ${request.gameDate} failed (${(scraped.error as Error).message}) and so did announcing it (${(announceError as Error).message})`;
        throw new AggregateError([scraped.error, announceError], said, { cause: announceError });
      }
      throw announceError;
    }
    if ('error' in scraped) throw scraped.error;
    return scraped.result;
  }

  private async announceDate(request: PhaseRunRequest, outcomes: readonly ScraperRunOutcome[], result: PhaseWorkResult | undefined): Promise<void> {
    const status = result?.status ?? 'failed';
    const message: ScrapedDateMessage = {
      schema_version: MESSAGE_SCHEMA_VERSION,
      phase: 1,
      service: 'phase1-scrapers',
      run_id: randomUUID(),
      game_date: request.gameDate,
      status,
      records: total(outcomes),
      degraded: result ? result.degraded === true : true,
      detail: result?.detail ?? `phase 1 failed part-way through ${request.gameDate}; ${outcomes.length} scraper runs ended before it`,
      backfill_mode: request.backfillMode,
      correlation_id: request.correlationId,
      scope: DATE_SCOPE,
      payloads: outcomes.flatMap((outcome) => (outcome.path ? [{ scraper: outcome.scraper, path: outcome.path }] : [])),
    };
    await this.publisher.publish(TOPICS.phase1Complete, message, {
      game_date: request.gameDate,
      scope: DATE_SCOPE,
      schema_version: String(MESSAGE_SCHEMA_VERSION),
    });
  }

  private async scrapeDate(request: PhaseRunRequest, outcomes: ScraperRunOutcome[], announcedByDate: boolean): Promise<PhaseWorkResult> {
    const run = this.runScrapersFor(request, outcomes, announcedByDate);

    const schedule = await this.expectedGames(run, request.gameDate);
    const finals = schedule.games.filter((game) => game.isFinal);
    const summary = emptySummary(schedule.scraper, schedule.games);
    if (schedule.games.length === 0) {
      return { status: 'no_data', records: total(outcomes), detail: `no games scheduled on ${request.gameDate} (schedule from ${schedule.scraper})` };
    }

    if (announcedByDate) {
      await this.scrapeBranchesSideBySide(request, outcomes, finals, schedule.games, summary);
    } else {
      // the player list first: phase 3 takes NBA.com ids from it for the box scores that follow
      const playerList = await this.runGameDayReports(run, ['player_list']);
      await this.scrapeBoxScores(run, request, finals, summary);
      await this.scrapeLines(run, schedule.games, summary);
      await this.scrapePlayByPlay(run, request, finals, summary);
      summary.gameDayReports = { ...playerList, ...(await this.runGameDayReports(run, ['injury_report', 'referee_assignments'])) };
    }

    const detail = describe(summary);
    if (finals.length > 0 && summary.stillMissing.length === finals.length) {
      throw new Error(`no source has a box score for any of the ${finals.length} final games of ${request.gameDate}: ${detail}`);
    }
    const enrichmentScrapers = this.enrichmentScraperNames();
    const failedScrapers = outcomes.filter(
      (outcome) => (outcome.status === 'failed' || outcome.status === 'partial') && !enrichmentScrapers.includes(outcome.scraper),
    );
    const partial = summary.stillMissing.length > 0 || failedScrapers.length > 0;
    return {
      status: partial ? 'partial' : 'success',
      records: total(outcomes),
      degraded: partial,
      detail: failedScrapers.length > 0 ? `${detail}; scrapers not complete: ${failedScrapers.map((outcome) => `${outcome.scraper} ${outcome.status}`).join(', ')}` : detail,
    };
  }

  /**
   * A date announced once (backfill): nothing reaches phase 2 before the whole date, so the box
   * scores, lines, play-by-play and each game-day report need not wait for each other; each provider's rate
   * limiter still paces its requests. Each branch keeps its own order, and the date's payloads are
   * listed in the order the live path runs them (a raw table fed by two scrapers keeps the later one's
   * rows). Every branch is let finish before the first failure is thrown, so the date message names
   * every payload stored.
   */
  private async scrapeBranchesSideBySide(
    request: PhaseRunRequest,
    outcomes: ScraperRunOutcome[],
    finals: ListedGame[],
    scheduled: ListedGame[],
    summary: DateScrapeSummary,
  ): Promise<void> {
    const branch = <T>(work: (run: ReturnType<ScrapeDateHandler['runScrapersFor']>) => Promise<T>) => {
      const own: ScraperRunOutcome[] = [];
      return { outcomes: own, done: work(this.runScrapersFor(request, own, true)) };
    };
    const playerList = branch((run) => this.runGameDayReports(run, ['player_list']));
    const boxScores = branch((run) => this.scrapeBoxScores(run, request, finals, summary));
    const lines = branch((run) => this.scrapeLines(run, scheduled, summary));
    const playByPlay = branch((run) => this.scrapePlayByPlay(run, request, finals, summary));
    const injuryReport = branch((run) => this.runGameDayReports(run, ['injury_report']));
    const refereeAssignments = branch((run) => this.runGameDayReports(run, ['referee_assignments']));
    const branches = [playerList, boxScores, lines, playByPlay, injuryReport, refereeAssignments];
    const settled = await Promise.allSettled(branches.map((each) => each.done));
    for (const each of branches) outcomes.push(...each.outcomes);
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    summary.gameDayReports = { ...(await playerList.done), ...(await injuryReport.done), ...(await refereeAssignments.done) };
  }

  /**
   * Play-by-play and the game-day reports are enrichments: their gaps and failures are reported in the
   * detail (and in the execution log and api_errors), never a reason to call the date partial or owed.
   */
  private enrichmentScraperNames(): string[] {
    return [
      this.scrapers.bdbPlayByPlay.name,
      this.scrapers.nbacPlayByPlay.name,
      this.scrapers.nbacInjuryReport.name,
      this.scrapers.nbacRefereeAssignments.name,
      this.scrapers.nbacPlayerList.name,
    ];
  }

  /** The betting-lines workflow: events and player points of the date, nothing else. */
  async scrapeLinesForDate(request: PhaseRunRequest): Promise<{ events: number; records: number; playerLines: number; failed: string[] }> {
    const outcomes: ScraperRunOutcome[] = [];
    const run = this.runScrapersFor(request, outcomes);
    const schedule = await this.expectedGames(run, request.gameDate);
    const summary = emptySummary(schedule.scraper, schedule.games);
    await this.scrapeLines(run, schedule.games, summary);
    const sum = (scraped: ScraperRunOutcome[]) => scraped.reduce((total, outcome) => total + outcome.records, 0);
    return {
      events: summary.oddsEvents,
      records: sum(outcomes.filter((outcome) => outcome.source === 'odds_api')),
      playerLines: sum(outcomes.filter((outcome) => outcome.scraper === this.scrapers.oddsPlayerPoints.name && outcome.status !== 'failed')),
      failed: summary.linesFailed,
    };
  }

  /**
   * The game-day reports of a date on their own (the morning and pre-game workflows). Never throws for
   * a report that failed: its run is logged and published like any other; the outcome says how it ended.
   */
  async scrapeGameDayReports(request: PhaseRunRequest, reports: readonly GameDayReport[]): Promise<Partial<Record<GameDayReport, string>>> {
    return this.runGameDayReports(this.runScrapersFor(request, []), reports);
  }

  /** The late play-by-play workflow: BigDataBall again, NBA.com for what its last window left owed. */
  async recoverPlayByPlay(request: PhaseRunRequest): Promise<{ fromBigDataBall: number; fromNbaComFallback: number; stillOwed: number }> {
    const run = this.runScrapersFor(request, []);
    const schedule = await this.expectedGames(run, request.gameDate);
    const finals = schedule.games.filter((game) => game.isFinal);
    const summary = emptySummary(schedule.scraper, schedule.games);
    await this.scrapePlayByPlay(run, request, finals, summary);
    return { fromBigDataBall: summary.playByPlay.bigdataball, fromNbaComFallback: summary.playByPlay.nbacomFallback, stillOwed: summary.playByPlay.waiting };
  }

  /**
   * Self-heal's answer to games built from a partial box score: fetch the date's balldontlie games and box scores
   * again (the primary: a fault that cut the game short may have passed, and then the game is gold as
   * a clean run makes it), and the games from the fallback sources (NBA.com's box score, then ESPN's
   * summary, each marked as standing in for balldontlie), so phase 2 loads them and phase 3 re-runs the
   * date with a complete source. Says what each source gave.
   */
  async rescrapeIncompleteBoxScores(request: PhaseRunRequest, gameIds: readonly string[]): Promise<string[]> {
    const run = this.runScrapersFor(request, []);
    const said: string[] = [];
    const schedule = await this.expectedGames(run, request.gameDate);
    for (const scraper of [this.scrapers.bdlGames, this.scrapers.bdlPlayerStats, this.scrapers.bdlBoxScores]) {
      const outcome = await run(scraper);
      said.push(`${scraper.name} ${outcome.status} (${outcome.records} rows)`);
    }
    const games = schedule.games.filter((game) => game.nbaGameId && gameIds.includes(game.nbaGameId));
    const scoreboard = await run(this.scrapers.espnScoreboard);
    const espnEvents = new Map((scoreboard.result?.games ?? []).map((game) => [game.matchupKey, game.upstreamGameId]));
    for (const game of games) {
      const nbaCom = await run(this.scrapers.nbacBoxscore, { gameId: game.nbaGameId, fallbackFor: 'balldontlie' });
      const eventId = espnEvents.get(game.matchupKey);
      const espn = eventId ? await run(this.scrapers.espnGameSummary, { gameId: game.nbaGameId, upstreamGameId: eventId, fallbackFor: 'balldontlie' }) : undefined;
      said.push(`${game.nbaGameId}: nbacom ${nbaCom.status} (${nbaCom.records} rows), espn ${espn ? `${espn.status} (${espn.records} rows)` : 'no event on its scoreboard'}`);
    }
    const unknown = gameIds.filter((gameId) => !games.some((game) => game.nbaGameId === gameId));
    if (unknown.length > 0) said.push(`not on the ${schedule.scraper} schedule of ${request.gameDate}: ${unknown.join(', ')}`);
    return said;
  }

  private runScrapersFor(request: PhaseRunRequest, outcomes: ScraperRunOutcome[], announcedByDate = false) {
    const base: ScraperRunRequest = { gameDate: request.gameDate, correlationId: request.correlationId, backfillMode: request.backfillMode, announcedByDate };
    return async (scraper: Scraper, extra: Partial<ScraperRunRequest> = {}): Promise<ScraperRunOutcome> => {
      const outcome = await this.runner.run(scraper, { ...base, ...extra });
      outcomes.push(outcome);
      // A date-wide scraper that failed after all its retries (say balldontlie's box scores under a
      // run of 5xx) is owed: POST /retries/run scrapes the date again and closes it once one succeeds.
      if (extra.gameId === undefined && !this.enrichmentScraperNames().includes(scraper.name)) {
        if (outcome.status === 'failed') {
          await this.availability.enqueueRetry({
            scraper: scraper.name,
            gameDate: request.gameDate,
            target: WHOLE_RUN_TARGET,
            reason: `${scraper.name} failed: ${outcome.error ?? outcome.detail ?? 'no detail'}`,
            correlationId: request.correlationId,
          });
        } else {
          await this.availability.resolveRetry(scraper.name, request.gameDate, WHOLE_RUN_TARGET, `a later ${scraper.name} run ended ${outcome.status}`);
        }
      }
      // What a partial run could not fetch (the cursor to resume from) is owed, not forgotten.
      if (outcome.status === 'partial') {
        for (const target of outcome.missing) {
          await this.availability.enqueueRetry({
            scraper: scraper.name,
            gameDate: request.gameDate,
            target,
            reason: `${scraper.name} stopped part-way: ${outcome.detail ?? 'no detail'}`,
            correlationId: request.correlationId,
          });
        }
      }
      return outcome;
    };
  }

  /** The games scheduled on the date, from the first schedule source that answers. */
  private async expectedGames(run: (scraper: Scraper) => Promise<ScraperRunOutcome>, gameDate: string): Promise<{ scraper: string; games: ListedGame[] }> {
    const failures: string[] = [];
    for (const scraper of [this.scrapers.nbacSchedule, this.scrapers.nbacScoreboard, this.scrapers.espnScoreboard]) {
      const outcome = await run(scraper);
      if (outcome.status !== 'failed') return { scraper: scraper.name, games: outcome.result?.games ?? [] };
      failures.push(`${scraper.name}: ${outcome.error}`);
    }
    throw new Error(`no schedule source answered for ${gameDate}: ${failures.join('; ')}`);
  }

  private async scrapeBoxScores(
    run: (scraper: Scraper, extra?: Partial<ScraperRunRequest>) => Promise<ScraperRunOutcome>,
    request: PhaseRunRequest,
    finals: ListedGame[],
    summary: DateScrapeSummary,
  ): Promise<void> {
    await run(this.scrapers.bdlGames);
    const stats = await run(this.scrapers.bdlPlayerStats);
    const boxScores = await run(this.scrapers.bdlBoxScores);
    const fromBalldontlie = [...(boxScores.result?.games ?? []), ...(stats.result?.games ?? [])];
    let missing = await this.check('balldontlie', this.scrapers.bdlBoxScores.name, request, finals, fromBalldontlie, summary);

    if (missing.length > 0) {
      const fromNbaCom: ListedGame[] = [];
      const outcomes = await this.perGame(missing, (game) => run(this.scrapers.nbacBoxscore, { gameId: game.nbaGameId, fallbackFor: 'balldontlie' }));
      for (const outcome of outcomes) fromNbaCom.push(...(outcome.result?.games ?? []));
      missing = await this.check('nbacom', this.scrapers.nbacBoxscore.name, request, missing, fromNbaCom, summary);
    }

    if (missing.length > 0) {
      const scoreboard = await run(this.scrapers.espnScoreboard);
      const espnEvents = new Map((scoreboard.result?.games ?? []).map((game) => [game.matchupKey, game.upstreamGameId]));
      const fromEspn: ListedGame[] = [];
      for (const game of missing) {
        const eventId = espnEvents.get(game.matchupKey);
        if (!eventId) continue;
        const outcome = await run(this.scrapers.espnGameSummary, { gameId: game.nbaGameId, upstreamGameId: eventId, fallbackFor: 'balldontlie' });
        fromEspn.push(...(outcome.result?.games ?? []));
      }
      missing = await this.check('espn', this.scrapers.espnGameSummary.name, request, missing, fromEspn, summary);
    }

    summary.stillMissing = missing.map((game) => game.nbaGameId ?? game.matchupKey);
    const stillMissing = new Set(summary.stillMissing);
    const arrived = finals.map((game) => game.nbaGameId ?? game.matchupKey).filter((target) => !stillMissing.has(target));
    await this.availability.resolveRetries(this.scrapers.bdlBoxScores.name, request.gameDate, arrived, 'a box score arrived');
    if (stats.status === 'success' || stats.status === 'no_data') {
      await this.availability.resolveCursorRetries(this.scrapers.bdlPlayerStats.name, request.gameDate, 'a later run fetched every page');
    }
    for (const game of missing) {
      await this.availability.enqueueRetry({
        scraper: this.scrapers.bdlBoxScores.name,
        gameDate: request.gameDate,
        target: game.nbaGameId ?? game.matchupKey,
        reason: `box score of ${game.matchupKey} missing from balldontlie, NBA.com and ESPN`,
        correlationId: request.correlationId,
      });
    }
  }

  /** Records which expected games a source had, alerts on low coverage of the primary, returns the rest. */
  private async check(
    source: 'balldontlie' | 'nbacom' | 'espn',
    scraperName: string,
    request: PhaseRunRequest,
    expected: ListedGame[],
    got: ListedGame[],
    summary: DateScrapeSummary,
  ): Promise<ListedGame[]> {
    const comparison = compareWithSchedule(expected, got);
    summary.boxScores[source] = { checked: expected.length, got: comparison.present.length };
    const present = new Set(comparison.present.map((game) => game.matchupKey));
    await this.availability.recordCheck(
      source,
      scraperName,
      request.gameDate,
      expected.map((game) => ({ gameId: game.nbaGameId ?? game.matchupKey, available: present.has(game.matchupKey) })),
    );
    const threshold = this.config.SOURCE_COVERAGE_ALERT_PERCENT / 100;
    if (source === 'balldontlie' && expected.length > 0 && comparison.coverage < threshold && !request.backfillMode) {
      await this.alerts.raise({
        gameDate: request.gameDate,
        severity: 'ERROR',
        category: 'source_coverage',
        message: `balldontlie has ${comparison.present.length} of ${expected.length} final games (${Math.round(comparison.coverage * 100)} % < ${this.config.SOURCE_COVERAGE_ALERT_PERCENT} %); missing ${comparison.missing.map((game) => game.nbaGameId ?? game.matchupKey).join(', ')}`,
        details: { source, expected: expected.length, got: comparison.present.length, missing: comparison.missing.map((game) => game.matchupKey) },
      });
    }
    return comparison.missing;
  }

  private async scrapeLines(run: (scraper: Scraper, extra?: Partial<ScraperRunRequest>) => Promise<ScraperRunOutcome>, scheduled: ListedGame[], summary: DateScrapeSummary): Promise<void> {
    const events = await run(this.scrapers.oddsEvents);
    if (events.status === 'failed') {
      summary.linesFailed.push(`${this.scrapers.oddsEvents.name} failed (${events.error ?? events.detail ?? 'no detail'}), so no player lines were asked for`);
      return;
    }
    const byMatchup = new Map(scheduled.map((game) => [game.matchupKey, game]));
    const scheduledEvents = (events.result?.games ?? []).flatMap((event) => {
      const game = byMatchup.get(event.matchupKey);
      return game ? [{ game, event }] : [];
    });
    summary.oddsEvents += scheduledEvents.length;
    const lines = await this.perGame(scheduledEvents, ({ game, event }) => run(this.scrapers.oddsPlayerPoints, { gameId: game.nbaGameId, upstreamGameId: event.upstreamGameId }));
    lines.forEach((outcome, index) => {
      if (outcome.status === 'failed') summary.linesFailed.push(`${this.scrapers.oddsPlayerPoints.name} failed for ${scheduledEvents[index].game.nbaGameId ?? scheduledEvents[index].game.matchupKey} (${outcome.error ?? outcome.detail ?? 'no detail'})`);
    });
  }

  private async runGameDayReports(
    run: (scraper: Scraper, extra?: Partial<ScraperRunRequest>) => Promise<ScraperRunOutcome>,
    reports: readonly GameDayReport[],
  ): Promise<Partial<Record<GameDayReport, string>>> {
    const scrapers: Record<GameDayReport, Scraper> = {
      injury_report: this.scrapers.nbacInjuryReport,
      referee_assignments: this.scrapers.nbacRefereeAssignments,
      player_list: this.scrapers.nbacPlayerList,
    };
    const ended: Partial<Record<GameDayReport, string>> = {};
    for (const report of reports) {
      const outcome = await run(scrapers[report]);
      ended[report] = outcome.status === 'success' ? `success (${outcome.records} rows)` : outcome.status;
    }
    return ended;
  }

  private async scrapePlayByPlay(
    run: (scraper: Scraper, extra?: Partial<ScraperRunRequest>) => Promise<ScraperRunOutcome>,
    request: PhaseRunRequest,
    finals: ListedGame[],
    summary: DateScrapeSummary,
  ): Promise<void> {
    if (finals.length === 0) return;
    const released = await run(this.scrapers.bdbPlayByPlay);
    const withFile = new Set((released.result?.games ?? []).map((game) => game.nbaGameId));
    const lacking = finals.filter((game) => !withFile.has(game.nbaGameId));
    summary.playByPlay.bigdataball = finals.length - lacking.length;
    const releasedGames = finals.filter((candidate) => withFile.has(candidate.nbaGameId)).map((game) => game.nbaGameId ?? game.matchupKey);
    await this.availability.resolveRetries(this.scrapers.bdbPlayByPlay.name, request.gameDate, releasedGames, 'bigdataball released the file');
    if (lacking.length === 0) return;
    const lastTipoff = Math.max(...finals.map((game) => Date.parse(game.tipoffUtc ?? `${request.gameDate}T23:00:00Z`)));
    const windowCloses = lastTipoff + this.config.BIGDATABALL_FINAL_WINDOW_HOURS * 3_600_000;
    if (this.clock.now().getTime() < windowCloses) {
      summary.playByPlay.waiting = lacking.length;
      for (const game of lacking) {
        await this.availability.enqueueRetry({
          scraper: this.scrapers.bdbPlayByPlay.name,
          gameDate: request.gameDate,
          target: game.nbaGameId ?? game.matchupKey,
          reason: `BigDataBall has not released play-by-play yet; last window closes ${new Date(windowCloses).toISOString()}`,
          correlationId: request.correlationId,
        });
      }
      return;
    }
    await this.perGame(lacking, async (game) => {
      const outcome = await run(this.scrapers.nbacPlayByPlay, { gameId: game.nbaGameId, fallbackFor: 'bigdataball' });
      if (outcome.status === 'success') summary.playByPlay.nbacomFallback += 1;
      await this.availability.resolveRetry(
        this.scrapers.bdbPlayByPlay.name,
        request.gameDate,
        game.nbaGameId ?? game.matchupKey,
        outcome.status === 'success' ? 'used NBA.com play-by-play after the last BigDataBall window' : `BigDataBall never released it and NBA.com answered ${outcome.status}`,
        outcome.status === 'success' ? 'done' : 'abandoned',
      );
    });
  }

  /** One provider's per-game scrapes of the date, SCRAPES_IN_FLIGHT_PER_PROVIDER at a time (its rate limiter still paces them). */
  private perGame<T, R>(items: readonly T[], scrape: (item: T) => Promise<R>): Promise<R[]> {
    return mapWithConcurrency(items, this.config.SCRAPES_IN_FLIGHT_PER_PROVIDER, scrape);
  }
}

function emptySummary(scheduleSource: string, scheduled: ListedGame[]): DateScrapeSummary {
  return {
    scheduleSource,
    scheduled: scheduled.length,
    awaitingResults: scheduled.filter((game) => !game.isFinal).length,
    boxScores: { balldontlie: { checked: 0, got: 0 }, nbacom: { checked: 0, got: 0 }, espn: { checked: 0, got: 0 } },
    stillMissing: [],
    oddsEvents: 0,
    linesFailed: [],
    playByPlay: { bigdataball: 0, nbacomFallback: 0, waiting: 0 },
    gameDayReports: {},
  };
}

function total(outcomes: readonly ScraperRunOutcome[]): number {
  return outcomes.reduce((sum, outcome) => sum + outcome.records, 0);
}

function describe(summary: DateScrapeSummary): string {
  const box = summary.boxScores;
  return [
    `schedule: ${summary.scheduled} games (${summary.scheduleSource}), ${summary.awaitingResults} awaiting results`,
    `box scores: balldontlie ${box.balldontlie.got}/${box.balldontlie.checked}, nbacom ${box.nbacom.got}/${box.nbacom.checked}, espn ${box.espn.got}/${box.espn.checked}`,
    summary.stillMissing.length > 0 ? `missing everywhere: ${summary.stillMissing.join(', ')}` : 'missing everywhere: none',
    summary.linesFailed.length > 0 ? `odds events: ${summary.oddsEvents}, line scrapes failed: ${summary.linesFailed.join('; ')}` : `odds events: ${summary.oddsEvents}`,
    `play-by-play: bigdataball ${summary.playByPlay.bigdataball}, nbacom fallback ${summary.playByPlay.nbacomFallback}, waiting for release ${summary.playByPlay.waiting}`,
    describeGameDayReports(summary.gameDayReports),
  ].join('; ');
}
