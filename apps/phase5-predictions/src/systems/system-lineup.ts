import { EnsembleSystem } from './ensemble.system';
import { GradientBoostingModel, GradientBoostingSystem } from './gradient-boosting.model';
import { MarketAwareSystem } from './market-aware.system';
import { MarketBlend } from './market.model';
import { MinutesRateSystem } from './minutes-rate.system';
import {
  ENSEMBLE_SYSTEM_ID,
  ENSEMBLE_V2_SYSTEM_ID,
  GBM_SYSTEM_ID,
  MINUTES_AVAILABILITY_SYSTEM_ID,
  MINUTES_RATE_SYSTEM_ID,
  PredictionSystem,
  RIDGE_SYSTEM_ID,
  RIDGE_V2_SYSTEM_ID,
  STACKED_SYSTEM_ID,
} from './prediction-system';
import { RidgeArtifact, RidgeSystem } from './ridge.model';
import { RollingAverageSystem } from './rolling-average.system';
import { StackedSystem, StackWeights, unfittedStackWeights } from './stacking.model';
import { AvailabilityExponent, MinutesAvailabilitySystem } from './team-minutes.model';

/** The model the market-aware primary moves the line toward. */
export const MARKET_BASE_SYSTEM_ID = MINUTES_RATE_SYSTEM_ID;
/**
 * The members of stacked_v1, in the order of its weights: ensemble_v2's and every later point model
 * that does not read the line (minutes_rate_v2; ensemble_v2 stays the plain mean of minutes_rate_v1, gbm_v1, ridge_v2). The stack's fitted non-negative weights decide how
 * much each counts, so a new model joins it rather than replacing one by choice.
 */
export const STACK_MEMBER_SYSTEM_IDS = [MINUTES_RATE_SYSTEM_ID, MINUTES_AVAILABILITY_SYSTEM_ID, GBM_SYSTEM_ID, RIDGE_V2_SYSTEM_ID] as const;

export interface LineupParts {
  ridgeV1: RidgeArtifact | null;
  ridgeV2: RidgeArtifact | null;
  gbm: GradientBoostingModel | null;
  /** The market blend fitted on the base system's earlier predictions (UNFITTED_MARKET_BLEND when there were too few). */
  blend: MarketBlend;
  /** stacked_v1's weights fitted on its members' earlier predictions; null when there were too few (equal weights). */
  stack: StackWeights | null;
  /** minutes_rate_v2's exponent fitted on the season's earlier player-games (0 while there are too few). */
  availability: AvailabilityExponent;
  /** Why each missing part is missing. */
  notes: Partial<Record<'ridgeV1' | 'ridgeV2' | 'gbm', string>>;
}

export interface Lineup {
  systems: PredictionSystem[];
  unavailable: Array<{ systemId: string; reason: string }>;
}

/**
 * Every system that can predict with these parts, side by side: the two that learn nothing and
 * minutes_rate_v2 (minutes_rate_v1 itself until its exponent is fitted) always,
 * the ridges and their ensembles once a model trained before the date exists, and the market-aware
 * primary (the line itself until its blend can be fitted).
 */
export function systemLineup(parts: LineupParts): Lineup {
  const rolling = new RollingAverageSystem();
  const minutesRate = new MinutesRateSystem();
  const minutesAvailability = new MinutesAvailabilitySystem(parts.availability);
  const systems: PredictionSystem[] = [rolling, minutesRate, minutesAvailability];
  const unavailable: Lineup['unavailable'] = [];
  if (parts.ridgeV1) {
    const ridge = new RidgeSystem(parts.ridgeV1);
    systems.push(ridge, new EnsembleSystem([rolling, ridge], ENSEMBLE_SYSTEM_ID));
  } else {
    const reason = parts.notes.ridgeV1 ?? 'no ridge_v1 model';
    unavailable.push({ systemId: RIDGE_SYSTEM_ID, reason }, { systemId: ENSEMBLE_SYSTEM_ID, reason });
  }
  const gbm = parts.gbm ? new GradientBoostingSystem(parts.gbm) : null;
  if (gbm) systems.push(gbm);
  else unavailable.push({ systemId: GBM_SYSTEM_ID, reason: parts.notes.gbm ?? 'no gbm_v1 model' });
  const ridgeV2 = parts.ridgeV2 ? new RidgeSystem(parts.ridgeV2) : null;
  if (ridgeV2) systems.push(ridgeV2);
  else unavailable.push({ systemId: RIDGE_V2_SYSTEM_ID, reason: parts.notes.ridgeV2 ?? 'no ridge_v2 model' });
  if (gbm && ridgeV2) {
    const stackMembers = [minutesRate, minutesAvailability, gbm, ridgeV2];
    systems.push(new EnsembleSystem([minutesRate, gbm, ridgeV2], ENSEMBLE_V2_SYSTEM_ID), new StackedSystem(stackMembers, parts.stack ?? unfittedStackWeights(stackMembers.length)));
  } else {
    unavailable.push({ systemId: ENSEMBLE_V2_SYSTEM_ID, reason: 'needs gbm_v1 and ridge_v2' }, { systemId: STACKED_SYSTEM_ID, reason: 'needs gbm_v1 and ridge_v2' });
  }
  // the base learns nothing, so every earlier prediction the blend is fitted on was out of sample
  systems.push(new MarketAwareSystem(minutesRate, parts.blend));
  return { systems, unavailable };
}
