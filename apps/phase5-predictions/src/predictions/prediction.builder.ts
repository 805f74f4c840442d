import { createHash } from 'node:crypto';
import { QualityTier, tierFromFeatureQuality, worstTier } from '@lib/quality';
import { OverCalibration, probabilityOver } from '../systems/market.model';
import { FeatureValues, MarketContext, PredictionSystem } from '../systems/prediction-system';
import { consensusLine, PropLine } from './line-consensus';
import { recommend, Recommendation } from './recommendation';

/** A row of nba_precompute.ml_feature_store, as phase 5 reads it. */
export interface FeatureVectorInput {
  game_date: string;
  game_id: string;
  player_lookup: string;
  player_id: number | null;
  team_code: string;
  opponent_code: string;
  feature_version: string;
  features: FeatureValues;
  feature_quality_score: number;
  upstream_tier: QualityTier;
  quality_flags: string[];
  data_through_date: string | null;
}

export interface PredictionRow {
  prediction_id: string;
  game_id: string;
  game_date: string;
  player_id: number | null;
  player_lookup: string;
  team_code: string;
  opponent_code: string;
  system_id: string;
  is_primary: boolean;
  predicted_points: number;
  line_value: number | null;
  bookmaker: string | null;
  recommendation: Recommendation;
  edge: number | null;
  confidence_score: number;
  probability_over: number | null;
  market_probability_over: number | null;
  bet_price: number | null;
  quality_tier: QualityTier;
  quality_flags: string[];
  feature_quality_score: number;
  feature_version: string;
  model_version: string;
  training_end_date: string | null;
  data_through_date: string | null;
}

export interface PredictionOptions {
  primarySystemId: string;
  /** Win probability above the price's break-even needed to take a side. */
  minProbabilityMargin: number;
  /** Each system's probability-of-OVER calibration, fitted on earlier dates; a system without one always PASSes. */
  calibrations: ReadonlyMap<string, OverCalibration>;
}

/** Same inputs, same prediction, same id: a rerun that changes nothing writes nothing new. */
function predictionId(row: Omit<PredictionRow, 'prediction_id'>): string {
  const identity = [
    row.game_id, row.player_lookup, row.system_id, row.model_version, row.feature_version, row.predicted_points, row.line_value,
    row.bookmaker, row.recommendation, row.edge, row.confidence_score, row.quality_tier, [...row.quality_flags].sort(), row.feature_quality_score,
    row.data_through_date, row.probability_over, row.market_probability_over, row.bet_price,
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 32);
}

/** Every system's prediction for every feature vector, held against the consensus line where one exists. */
export function buildPredictions(
  vectors: readonly FeatureVectorInput[],
  lines: readonly PropLine[],
  systems: readonly PredictionSystem[],
  options: PredictionOptions,
): PredictionRow[] {
  const linesByPlayer = new Map<string, PropLine[]>();
  for (const line of lines) {
    const key = `${line.game_id}|${line.player_lookup}`;
    linesByPlayer.set(key, [...(linesByPlayer.get(key) ?? []), line]);
  }
  const rows: PredictionRow[] = [];
  for (const vector of vectors) {
    const consensus = consensusLine(linesByPlayer.get(`${vector.game_id}|${vector.player_lookup}`) ?? []);
    const tier = worstTier(vector.upstream_tier, tierFromFeatureQuality(vector.feature_quality_score));
    const market: MarketContext | null = consensus ? { line: consensus.line, noVigProbabilityOver: consensus.noVigProbabilityOver } : null;
    const marketProbability = consensus?.noVigProbabilityOver ?? null;
    for (const system of systems) {
      if (system.featureVersion !== vector.feature_version) {
        throw new Error(`system ${system.systemId} reads features ${system.featureVersion}, the vector of ${vector.player_lookup} is ${vector.feature_version}`);
      }
      const predicted = Math.round(system.predict(vector.features, market) * 100) / 100;
      const source = system.probabilitySource ?? system;
      const calibration = options.calibrations.get(source.systemId);
      const sourcePredicted = source === system ? predicted : Math.round(source.predict(vector.features, market) * 100) / 100;
      const probability =
        consensus && marketProbability !== null && calibration ? Math.round(probabilityOver(calibration, sourcePredicted, consensus.line, marketProbability) * 10000) / 10000 : null;
      const advice = recommend({
        predictedPoints: predicted,
        line: consensus?.line ?? null,
        tier,
        probabilityOver: probability,
        bestOverPrice: consensus?.bestOverPrice ?? null,
        bestUnderPrice: consensus?.bestUnderPrice ?? null,
        minProbabilityMargin: options.minProbabilityMargin,
      });
      const reasons = advice.reasons.includes('no_probability') && consensus ? [...advice.reasons, calibration ? 'no_market_prices' : 'no_calibration'] : advice.reasons;
      const row: Omit<PredictionRow, 'prediction_id'> = {
        game_id: vector.game_id,
        game_date: vector.game_date,
        player_id: vector.player_id,
        player_lookup: vector.player_lookup,
        team_code: vector.team_code,
        opponent_code: vector.opponent_code,
        system_id: system.systemId,
        is_primary: system.systemId === options.primarySystemId,
        predicted_points: predicted,
        line_value: consensus?.line ?? null,
        bookmaker: consensus?.bookmaker ?? null,
        recommendation: advice.recommendation,
        edge: advice.edge,
        confidence_score: advice.confidence,
        probability_over: probability,
        market_probability_over: marketProbability === null ? null : Math.round(marketProbability * 10000) / 10000,
        bet_price: advice.price,
        quality_tier: tier,
        quality_flags: [...new Set([...vector.quality_flags, ...reasons])],
        feature_quality_score: vector.feature_quality_score,
        feature_version: vector.feature_version,
        model_version: system.modelVersion,
        training_end_date: system.trainingEndDate,
        data_through_date: vector.data_through_date,
      };
      rows.push({ prediction_id: predictionId(row), ...row });
    }
  }
  return rows;
}
