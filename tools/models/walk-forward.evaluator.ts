import { addDays, seasonStartOf } from '@lib/messaging';
import { FEATURE_VERSION, Row, Warehouse } from '@lib/warehouse';
import { buildFeatureVector, FeatureVectorRow } from '../../apps/phase4-precompute/src/feature-store/feature-vector.builder';
import { buildFormAndAvailability, InjuryReportEntry, ListedPlayer } from '../../apps/phase4-precompute/src/feature-store/form-and-availability.builder';
import {
  buildPlayerDailyCache,
  GameSubject,
  PlayerGameHistory,
  TeamGameHistory,
} from '../../apps/phase4-precompute/src/player-daily-cache/player-daily-cache.builder';
import { PrecomputeRepository } from '../../apps/phase4-precompute/src/precompute/precompute.repository';
import { PRIOR_SEASON_TOTALS } from '../../apps/phase4-precompute/src/prior-season/season-2024-25.priors';
import { PropLine } from '../../apps/phase5-predictions/src/predictions/line-consensus';
import { buildPredictions } from '../../apps/phase5-predictions/src/predictions/prediction.builder';
import { gradeOutcome, profitUnits } from '../../apps/phase5-predictions/src/grading/grading';
import { fitMarketBlend, fitOverCalibration, MarketBlend, MarketHistoryRow, OverCalibration, UNFITTED_MARKET_BLEND } from '../../apps/phase5-predictions/src/systems/market.model';
import { ArtifactOf, GradientBoostingArtifact, TrainedSystemId } from '../../apps/phase5-predictions/src/systems/model-artifact.store';
import { examplesNeeded, SYSTEM_TRAINING, SystemTraining } from '../../apps/phase5-predictions/src/systems/model-trainer.service';
import { RidgeArtifact, TrainingExample } from '../../apps/phase5-predictions/src/systems/ridge.model';
import { FeatureValues, GBM_SYSTEM_ID, MARKET_SYSTEM_ID, MINUTES_AVAILABILITY_SYSTEM_ID, PredictionSystem, RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID, SYSTEM_IDS } from '../../apps/phase5-predictions/src/systems/prediction-system';
import { trainingEndFor } from '../../apps/phase5-predictions/src/systems/training-calendar';
import { fitStackWeights, StackWeights } from '../../apps/phase5-predictions/src/systems/stacking.model';
import { MARKET_BASE_SYSTEM_ID, STACK_MEMBER_SYSTEM_IDS, systemLineup } from '../../apps/phase5-predictions/src/systems/system-lineup';
import { AvailabilityExponent, availabilityExponentOf, MinutesAvailabilityArtifact } from '../../apps/phase5-predictions/src/systems/team-minutes.model';
import { ScoredRow, SystemMetrics, systemMetrics } from './prop-metrics';

type SeasonRow = PlayerGameHistory & GameSubject;

export interface EvaluationInput {
  players: SeasonRow[];
  teams: TeamGameHistory[];
  /** The season's lines through the last date (earlier dates feed the missing-line feature and the fits). */
  lines: Array<PropLine & { game_date: string }>;
  injuryReports: Array<InjuryReportEntry & { game_date: string }>;
}

export interface EvaluationOptions {
  minProbabilityMargin: number;
  staleInputDays: number;
  /** Phase 5's MODEL_RETRAIN_AFTER_DAYS: the ridges and gbm_v1 are retrained on its training calendar, as phase 5 retrains them. */
  retrainAfterDays: number;
  /** One line per scored date, for a long evaluation to show where it is. */
  progress?: (line: string) => void;
}

export interface EvaluationReport {
  from: string;
  to: string;
  dates_evaluated: number;
  /** Dates in range left out, and why (every system must be able to predict a scored date). */
  dates_skipped: Array<{ date: string; reason: string }>;
  /** The market blend, stacked_v1's weights, minutes_rate_v2's exponent and the primary's calibration as fitted for the last scored date with lines. */
  last_fits: { date: string; blend: MarketBlend; stack: StackWeights | null; availability: AvailabilityExponent; primary_calibration: OverCalibration | null } | null;
  metrics: SystemMetrics[];
}

/** A naive baseline: one feature taken as the prediction. */
class FeatureBaseline implements PredictionSystem {
  readonly featureVersion = FEATURE_VERSION;
  readonly trainingEndDate = null;
  readonly modelVersion: string;
  constructor(readonly systemId: string, private readonly feature: keyof FeatureValues) {
    this.modelVersion = systemId;
  }
  predict(features: FeatureValues): number {
    return features[this.feature];
  }
}

/** Reads what the evaluation needs from the analytics and raw tables, once. */
export async function loadEvaluationInput(warehouse: Warehouse, from: string, to: string): Promise<EvaluationInput> {
  const seasonStart = seasonStartOf(from);
  const players = await warehouse.query<SeasonRow & Row>(
    `SELECT game_id, game_date, player_lookup, player_id, player_name, team_code, opponent_code, is_home,
            minutes, points, fga, fta, usage_rate, quality_tier
       FROM nba_analytics.player_game_summary
      WHERE game_date BETWEEN @seasonStart AND @to AND played
      ORDER BY game_date`,
    { seasonStart, to },
  );
  const teams = await warehouse.query<TeamGameHistory & Row>(
    `SELECT game_date, team_code, pace, opponent_points FROM nba_analytics.team_game_summary
      WHERE game_date BETWEEN @seasonStart AND @to ORDER BY game_date`,
    { seasonStart, to },
  );
  const lines = await warehouse.query<PropLine & { game_date: string } & Row>(
    `SELECT game_date, player_lookup, game_id, bookmaker, line, over_price, under_price
       FROM nba_raw.odds_api_player_points_props
      WHERE game_date BETWEEN @seasonStart AND @to AND player_lookup IS NOT NULL AND game_id IS NOT NULL AND line IS NOT NULL`,
    { seasonStart, to },
  );
  const injuryReports = await new PrecomputeRepository(warehouse).injuryReportsBetween(seasonStart, to);
  return { players, teams, lines, injuryReports };
}

/** Phase 4's own code, date by date, from games strictly before each date. */
function featureVectorsByDate(input: EvaluationInput, dates: readonly string[], staleInputDays: number): Map<string, FeatureVectorRow[]> {
  const listed: ListedPlayer[] = [...new Set(input.lines.map((line) => `${line.game_date}|${line.player_lookup}`))]
    .map((key) => ({ game_date: key.slice(0, 10), player_lookup: key.slice(11) }))
    .sort((a, b) => (a.game_date < b.game_date ? -1 : a.game_date > b.game_date ? 1 : 0));
  const vectorsByDate = new Map<string, FeatureVectorRow[]>();
  let playerCursor = 0;
  let teamCursor = 0;
  let listedCursor = 0;
  for (const date of dates) {
    while (playerCursor < input.players.length && input.players[playerCursor].game_date < date) playerCursor += 1;
    while (teamCursor < input.teams.length && input.teams[teamCursor].game_date < date) teamCursor += 1;
    while (listedCursor < listed.length && listed[listedCursor].game_date < date) listedCursor += 1;
    const subjects = input.players.filter((row) => row.game_date === date);
    const players = input.players.slice(0, playerCursor);
    const teams = input.teams.slice(0, teamCursor);
    const cache = buildPlayerDailyCache(date, subjects, players, teams);
    const form = buildFormAndAvailability(date, subjects, players, teams, {
      priors: PRIOR_SEASON_TOTALS,
      injuryReports: input.injuryReports.filter((row) => row.game_date === date),
      listedBefore: listed.slice(0, listedCursor),
      listedToday: listed.filter((row) => row.game_date === date).map((row) => row.player_lookup),
    });
    vectorsByDate.set(date, cache.map((row) => buildFeatureVector(row, { staleInputDays, boundaryFlags: [] }, form.get(`${row.game_id}|${row.player_lookup}`)!)));
  }
  return vectorsByDate;
}

/** The system's model trained through `through`; like phase 5, the older one while there are too few examples for it. */
function retrained<S extends TrainedSystemId>(systemId: S, older: ArtifactOf<S> | null, examples: readonly TrainingExample[], through: string): ArtifactOf<S> | null {
  const training = SYSTEM_TRAINING[systemId] as SystemTraining<S>;
  if (examples.length < examplesNeeded(training)) return older;
  return training.train(examples, { featureVersion: FEATURE_VERSION, through, trainedAt: `${addDays(through, 1)}T00:00:00Z` }).artifact;
}

/**
 * Walk-forward, the way phase 5 runs day by day: for each date, the ridges, gbm_v1 and minutes_rate_v2's exponent are the models
 * phase 5 would use, trained on the feature vectors through the date's training end on the retrain
 * calendar (training-calendar.ts), the market blend and each system's probability calibration are
 * fitted on the predictions the systems made on earlier dates (each out of sample when it was made),
 * then every system predicts the date. Dates in [from, to] where every system could predict are
 * scored against what happened, next to naive baselines and the line. Only player-games with at least
 * one earlier game are predicted (a debut has no history to predict from).
 */
export function evaluateWalkForward(input: EvaluationInput, from: string, to: string, options: EvaluationOptions): EvaluationReport {
  const dates = [...new Set(input.players.map((row) => row.game_date))].filter((date) => date <= to).sort();
  const vectorsByDate = featureVectorsByDate(input, dates, options.staleInputDays);
  const actual = new Map(input.players.map((row) => [`${row.game_date}|${row.game_id}|${row.player_lookup}`, Number(row.points)]));
  const naive = [new FeatureBaseline('naive_season_avg', 'points_avg_season'), new FeatureBaseline('naive_last10_avg', 'points_avg_last_10')];

  const history = new Map<string, MarketHistoryRow[]>();
  const calibrationCache = new Map<string, { rows: number; calibration: OverCalibration | null }>();
  const calibrationFor = (systemId: string) => {
    const rows = history.get(systemId) ?? [];
    const cached = calibrationCache.get(systemId);
    if (cached && cached.rows === rows.length) return cached.calibration;
    const calibration = fitOverCalibration(rows);
    calibrationCache.set(systemId, { rows: rows.length, calibration });
    return calibration;
  };
  const scored = new Map<string, ScoredRow[]>();
  const skipped: EvaluationReport['dates_skipped'] = [];
  let lastFits: EvaluationReport['last_fits'] = null;
  const examples: Array<{ game_date: string; features: FeatureValues; actual_points: number }> = [];
  let blend: MarketBlend = UNFITTED_MARKET_BLEND;
  let blendRows = -1;
  let stack: StackWeights | null = null;
  let stackRows = -1;
  let ridgeV1: RidgeArtifact | null = null;
  let ridgeV2: RidgeArtifact | null = null;
  let gbm: GradientBoostingArtifact | null = null;
  let availabilityModel: MinutesAvailabilityArtifact | null = null;
  let modelsThrough: string | null = null;

  const toScore = dates.filter((day) => day >= from).length;
  let reached = 0;
  for (const date of dates) {
    if (date >= from) options.progress?.(`evaluate: ${date} (${(reached += 1)}/${toScore}): training on earlier dates, predicting with every system`);
    const vectors = vectorsByDate.get(date)!.filter((vector) => vector.features.games_played >= 1);
    const through = trainingEndFor(date, options.retrainAfterDays);
    if (through !== modelsThrough) {
      let trainable = 0;
      while (trainable < examples.length && examples[trainable].game_date <= through) trainable += 1;
      const upToThrough = examples.slice(0, trainable);
      ridgeV1 = retrained(RIDGE_SYSTEM_ID, ridgeV1, upToThrough, through);
      ridgeV2 = retrained(RIDGE_V2_SYSTEM_ID, ridgeV2, upToThrough, through);
      gbm = retrained(GBM_SYSTEM_ID, gbm, upToThrough, through);
      availabilityModel = retrained(MINUTES_AVAILABILITY_SYSTEM_ID, availabilityModel, upToThrough, through);
      modelsThrough = through;
    }
    const baseHistory = history.get(MARKET_BASE_SYSTEM_ID) ?? [];
    if (baseHistory.length !== blendRows) {
      blend = fitMarketBlend(baseHistory) ?? UNFITTED_MARKET_BLEND;
      blendRows = baseHistory.length;
    }
    const memberHistories = STACK_MEMBER_SYSTEM_IDS.map((systemId) => history.get(systemId) ?? []);
    const memberRows = memberHistories.reduce((sum, rows) => sum + rows.length, 0);
    if (memberRows !== stackRows) {
      stack = fitStackWeights(memberHistories);
      stackRows = memberRows;
    }
    const availability = availabilityExponentOf(availabilityModel);
    const lineup = systemLineup({
      ridgeV1,
      ridgeV2,
      gbm,
      blend,
      stack,
      availability,
      notes: {},
    });
    const systems = [...lineup.systems, ...naive];
    const calibrations = new Map<string, OverCalibration>();
    for (const system of systems) {
      const calibration = calibrationFor(system.systemId);
      if (calibration) calibrations.set(system.systemId, calibration);
    }
    const lines = input.lines.filter((line) => line.game_date === date);
    const rows = buildPredictions(vectors, lines, systems, { primarySystemId: MARKET_SYSTEM_ID, minProbabilityMargin: options.minProbabilityMargin, calibrations });
    const inRange = date >= from;
    if (inRange && lineup.unavailable.length > 0) skipped.push({ date, reason: lineup.unavailable.map((system) => `${system.systemId}: ${system.reason}`).join('; ') });
    const scoring = inRange && lineup.unavailable.length === 0;
    if (scoring && lines.length > 0) lastFits = { date, blend, stack, availability, primary_calibration: calibrations.get(MARKET_BASE_SYSTEM_ID) ?? null };
    for (const row of rows) {
      const points = actual.get(`${date}|${row.game_id}|${row.player_lookup}`)!;
      if (row.line_value !== null && row.market_probability_over !== null) {
        appendTo(history, row.system_id, { game_date: date, game_id: row.game_id, player_lookup: row.player_lookup, predicted: row.predicted_points, line: row.line_value, noVigProbabilityOver: row.market_probability_over, actual: points });
      }
      if (!scoring) continue;
      const outcome = gradeOutcome(row.recommendation, row.line_value, points);
      appendTo(scored, row.system_id, {
        system: row.system_id,
        game_id: row.game_id,
        predicted: row.predicted_points,
        line: row.line_value,
        actual: points,
        probability_over: row.probability_over,
        market_probability_over: row.market_probability_over,
        outcome,
        bet_price: row.bet_price,
        profit_units: profitUnits(outcome, row.bet_price),
      });
    }
    for (const vector of vectors) {
      examples.push({ game_date: vector.game_date, features: vector.features, actual_points: actual.get(`${vector.game_date}|${vector.game_id}|${vector.player_lookup}`)! });
    }
  }
  const order: string[] = [...SYSTEM_IDS, ...naive.map((system) => system.systemId)];
  const metrics = [...scored.keys()]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((system) => systemMetrics(system, scored.get(system)!));
  const evaluated = new Set<string>();
  for (const date of dates) if (date >= from && !skipped.some((skip) => skip.date === date)) evaluated.add(date);
  return { from, to, dates_evaluated: evaluated.size, dates_skipped: skipped, last_fits: lastFits, metrics };
}

/** Appends in place: copying a system's whole history for every row made the evaluation quadratic. */
function appendTo<T>(lists: Map<string, T[]>, key: string, item: T): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}
