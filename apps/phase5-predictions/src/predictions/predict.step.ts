import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { PhaseCompletionMessage } from '@lib/messaging';
import { CIRCUIT_BREAKER_GATE, CLOCK, Clock, PhaseRunRequest, PhaseStep, PhaseWorkResult, PlatformConfig } from '@lib/platform';
import { BoundaryGate, BoundaryMeasurement, CIRCUIT_BREAKER_PHASE, circuitBreakerMeasurement, hasDataProblems } from '@lib/quality';
import { FEATURE_VERSION } from '@lib/warehouse';
import { PicksExporter } from '../picks/picks.exporter';
import { PredictionSystemsProvider } from '../systems/prediction-systems.provider';
import { GameProblemsRepository } from './game-problems.repository';
import { buildPredictions } from './prediction.builder';
import { freezeStartedGames } from './pregame-freeze';
import { PredictionsRepository } from './predictions.repository';

/**
 * Phase 5 for a date: check the feature store at the boundary, predict every player with every
 * available system, supersede what changed, and export the primary system's picks. Predictions made
 * before their game's tip-off stay in force once it has tipped off (pregame-freeze.ts): a later run
 * adds predictions only for players who had none, and says how many it kept.
 */
@Injectable()
export class PredictStep implements PhaseStep {
  readonly name = 'predict';

  constructor(
    private readonly repository: PredictionsRepository,
    private readonly systems: PredictionSystemsProvider,
    private readonly picks: PicksExporter,
    private readonly gate: BoundaryGate,
    private readonly config: PlatformConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(CIRCUIT_BREAKER_GATE) private readonly circuitBreaker?: BoundaryGate,
    @Optional() private readonly gameProblems?: GameProblemsRepository,
  ) {}

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const gameDate = request.gameDate;
    const upstream = request.upstream as Partial<PhaseCompletionMessage> | undefined;
    if (upstream?.status === 'skipped') {
      // phase 4 was blocked: the feature store may hold an older build for the date, which must not be predicted on
      return { status: 'skipped', records: 0, degraded: true, detail: `phase 4 did not run for ${gameDate}: ${upstream.detail ?? 'skipped'}` };
    }
    const gateOutcome = await this.gate.check('phase5', gameDate, await this.measureInput(gameDate), { raiseAlerts: !request.backfillMode });
    if (!gateOutcome.proceed) return { status: 'skipped', records: 0, degraded: true, detail: `boundary blocked: ${gateOutcome.reason}` };
    const breaker = await this.checkCircuitBreaker(gameDate, request.backfillMode);
    if (breaker && !breaker.outcome.proceed) {
      return { status: 'skipped', records: 0, degraded: true, detail: `circuit breaker held: ${breaker.problemGames.length} of ${breaker.games} games have data problems (${breaker.problemGames.join(', ')}); ${breaker.outcome.reason}` };
    }

    const vectors = await this.repository.featuresOn(gameDate, FEATURE_VERSION);
    if (vectors.length === 0) return { status: 'no_data', records: 0, detail: `no feature vectors for ${gameDate} (phase 4 found no players with results or lines)` };
    const withGateFlags = vectors.map((vector) => ({ ...vector, quality_flags: [...new Set([...vector.quality_flags, ...gateOutcome.flags, ...(breaker?.outcome.flags ?? [])])] }));
    const { systems, unavailable, modelNote, calibrations } = await this.systems.forDate(gameDate, FEATURE_VERSION);
    const primary = this.config.PREDICTION_PRIMARY_SYSTEM;
    const rows = buildPredictions(withGateFlags, await this.repository.linesOn(gameDate), systems, {
      primarySystemId: primary,
      minProbabilityMargin: this.config.PREDICTION_MIN_WIN_PROBABILITY_MARGIN,
      calibrations,
    });
    const clockNow = this.clock.now();
    const now = clockNow.toISOString();
    const held = freezeStartedGames(rows, await this.repository.activeOn(gameDate), await this.repository.tipoffsOn(gameDate), clockNow);
    const written = await this.repository.supersede(gameDate, held.writable, randomUUID(), now);

    const primaryMissing = unavailable.find((system) => system.systemId === primary)?.reason ?? null;
    const document = this.picks.build(gameDate, primary, held.inForce, now, primaryMissing, this.config.STALE_INPUT_DAYS);
    const stored = await this.picks.write(document);

    const notes = [
      `${vectors.length} players × ${systems.length} systems: ${written.inserted} new, ${written.superseded} superseded, ${written.unchanged} unchanged`,
      ...(held.frozen > 0 ? [`${held.frozen} predictions made before their game's tip-off kept in force (${held.withheld} of this run's left unwritten)`] : []),
      `${document.counts.picks} picks (${primary}) at ${stored.path}`,
      modelNote,
      ...unavailable.map((system) => `${system.systemId} unavailable: ${system.reason}`),
      ...(document.freshness.stale ? [`features stale: data through ${document.freshness.data_through_date}`] : []),
    ];
    return {
      status: primaryMissing ? 'partial' : 'success',
      records: written.inserted + written.superseded,
      changed: written.inserted + written.superseded,
      degraded: primaryMissing !== null || gateOutcome.flags.length > 0 || (breaker?.outcome.flags.length ?? 0) > 0 || document.freshness.stale,
      detail: notes.join('; '),
    };
  }

  /** The pipeline circuit breaker: more than half the date's games with data problems holds the date (recorded, alerted, releasable). */
  private async checkCircuitBreaker(gameDate: string, backfillMode: boolean) {
    if (!this.circuitBreaker || !this.gameProblems) return undefined;
    const games = await this.gameProblems.gamesOn(gameDate, FEATURE_VERSION);
    const outcome = await this.circuitBreaker.check(CIRCUIT_BREAKER_PHASE, gameDate, circuitBreakerMeasurement(gameDate, games), { raiseAlerts: !backfillMode });
    return { outcome, games: games.length, problemGames: games.filter(hasDataProblems).map((game) => game.game_id) };
  }

  /** How much of the date's feature vectors rest on real history: minutes coverage and missing rates. */
  private async measureInput(gameDate: string): Promise<BoundaryMeasurement> {
    const { rows, missing } = await this.repository.featureMissingRates(gameDate, FEATURE_VERSION);
    const percent = (name: string) => (rows === 0 ? 0 : (100 * (missing[name] ?? 0)) / rows);
    return {
      inputDate: gameDate,
      rows,
      minutesCoveragePct: rows === 0 ? null : 100 - percent('minutes_avg_last_10'),
      nullRates: { points_avg_last_10: percent('points_avg_last_10'), team_pace: percent('team_pace'), opponent_points_allowed: percent('opponent_points_allowed') },
    };
  }
}
