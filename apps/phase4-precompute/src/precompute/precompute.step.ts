import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CLOCK, Clock, PhaseRunRequest, PhaseStep, PhaseWorkResult, PlatformConfig, pollUntil } from '@lib/platform';
import { BoundaryGate, BoundaryMeasurement } from '@lib/quality';
import { buildFeatureVector } from '../feature-store/feature-vector.builder';
import { buildFormAndAvailability } from '../feature-store/form-and-availability.builder';
import { PRIOR_SEASON_TOTALS } from '../prior-season/season-2024-25.priors';
import { buildPlayerDailyCache } from '../player-daily-cache/player-daily-cache.builder';
import { PrecomputeRepository } from './precompute.repository';

/** Minutes a team plays in regulation (5 players × 48): the denominator of minutes coverage. */
const TEAM_REGULATION_MINUTES = 240;

/**
 * How often phase 4 looks again whether the date's lines are all in: often at first (on a live day
 * phase 1's last scrapes usually end within seconds of phase 3, and a 2 s poll was most of phase 4's
 * time), then every 2 s.
 */
const LINES_FIRST_POLL_MS = 250;
const LINES_FIRST_POLLS = 20;
const LINES_POLL_MS = 2_000;

/**
 * Phase 4 for a date: wait for the date's lines (who plays depends on them: a player with only a line
 * must not come and go with timing), check the input at the boundary, then build the player daily
 * cache and the feature vectors for everyone playing that date, from games strictly before it.
 */
@Injectable()
export class PrecomputeStep implements PhaseStep {
  readonly name = 'precompute';

  constructor(
    private readonly repository: PrecomputeRepository,
    private readonly gate: BoundaryGate,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const gameDate = request.gameDate;
    const lines = await this.awaitLines(gameDate);
    const gateOutcome = await this.gate.check('phase4', gameDate, await this.measureInput(gameDate), { raiseAlerts: !request.backfillMode });
    if (!gateOutcome.proceed) return { status: 'skipped', records: 0, degraded: true, detail: `boundary blocked: ${gateOutcome.reason}` };

    const subjects = await this.repository.subjectsOn(gameDate);
    if (subjects.length === 0) {
      return { status: 'no_data', records: 0, detail: `no player has a box score or a line on ${gameDate} (results and lines not in yet)` };
    }
    const [players, teams] = await Promise.all([this.repository.playerHistoryBefore(gameDate), this.repository.teamHistoryBefore(gameDate)]);
    const cache = buildPlayerDailyCache(gameDate, subjects, players, teams);
    const [injuryReports, listedBefore, listedToday] = await Promise.all([
      this.repository.injuryReportsBetween(gameDate, gameDate),
      this.repository.listedBefore(gameDate),
      this.repository.listedOn(gameDate),
    ]);
    const form = buildFormAndAvailability(gameDate, subjects, players, teams, { priors: PRIOR_SEASON_TOTALS, injuryReports, listedBefore, listedToday });
    const vectors = cache.map((row) =>
      buildFeatureVector(row, { staleInputDays: this.config.STALE_INPUT_DAYS, boundaryFlags: gateOutcome.flags }, form.get(`${row.game_id}|${row.player_lookup}`)!),
    );
    const runId = randomUUID();
    const processedAt = this.clock.now().toISOString();
    await this.repository.saveCache(cache, runId, processedAt);
    await this.repository.saveFeatures(vectors, runId, processedAt);

    const stale = vectors.filter((vector) => vector.quality_flags.some((flag) => flag.startsWith('stale_history'))).length;
    const tiers = ['gold', 'silver', 'bronze'].map((tier) => `${tier} ${vectors.filter((vector) => vector.upstream_tier === tier).length}`).join(', ');
    const degraded = gateOutcome.flags.length > 0 || stale > 0 || lines !== null;
    return {
      status: 'success',
      records: cache.length + vectors.length,
      degraded,
      detail: `${vectors.length} players (${tiers}); boundary ${gateOutcome.status}${stale > 0 ? `; ${stale} vectors from stale history` : ''}${lines ? `; ${lines}` : ''}`,
    };
  }

  /**
   * Waits until no phase 1 run of the date is still going and every payload it stored that phase 4
   * reads (lines, injury report, player list) is loaded,
   * or PRECOMPUTE_LINES_WAIT_SECONDS (the pauses between looks, added up, so a test clock cannot stall it). Returns null
   * when the lines are in, else what was still missing when it gave up (the run then goes ahead, degraded).
   */
  private async awaitLines(gameDate: string): Promise<string | null> {
    const schedule = { firstPollMs: LINES_FIRST_POLL_MS, firstPolls: LINES_FIRST_POLLS, pollMs: LINES_POLL_MS, maxWaitMs: this.config.PRECOMPUTE_LINES_WAIT_SECONDS * 1000 };
    const { seen: pending, done } = await pollUntil(
      this.clock,
      schedule,
      // phase 1's run rows carry the wall clock
      () => this.repository.inputsPending(gameDate, new Date(Date.now() - this.config.RUN_STUCK_AFTER_MINUTES * 60_000)),
      (inputs) => inputs.phase1_running === 0 && inputs.payloads_unloaded === 0,
    );
    if (done) return null;
    return `lines, injury report or player list may be incomplete: after ${this.config.PRECOMPUTE_LINES_WAIT_SECONDS} s, ${pending.phase1_running} phase 1 runs still going and ${pending.payloads_unloaded} of their payloads not loaded`;
  }

  /** The latest analytics date before this one: how much of its minutes its rows hold, and their nulls. */
  private async measureInput(gameDate: string): Promise<BoundaryMeasurement> {
    const inputDate = await this.repository.latestInputDateBefore(gameDate);
    if (inputDate === null) return { inputDate: null, rows: 0, minutesCoveragePct: null, nullRates: {} };
    const [teams, nulls] = await Promise.all([this.repository.teamMinutesOn(inputDate), this.repository.nullCountsOn(inputDate)]);
    // Added up in one fixed order, then divided once: a floating-point sum's last digits follow the
    // order of its terms, DuckDB returns the rows in no set order, and those digits can move the rounded percent.
    const capped = [...teams]
      .sort((left, right) => left.game_id.localeCompare(right.game_id) || left.team_code.localeCompare(right.team_code))
      .map((team) => Math.min(TEAM_REGULATION_MINUTES, Number(team.player_minutes ?? 0)));
    const coverage = teams.length === 0 ? null : (100 * capped.reduce((sum, minutes) => sum + minutes, 0)) / (TEAM_REGULATION_MINUTES * teams.length);
    const percent = (count: number) => (nulls.rows === 0 ? 0 : (100 * count) / nulls.rows);
    return {
      inputDate,
      rows: nulls.rows,
      minutesCoveragePct: coverage,
      nullRates: { minutes: percent(nulls.minutes_null), points: percent(nulls.points_null), usage_rate: percent(nulls.usage_null) },
    };
  }
}
