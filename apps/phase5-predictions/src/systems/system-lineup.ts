import { EnsembleSystem } from './ensemble.system';
import { MarketAwareSystem } from './market-aware.system';
import { MarketBlend } from './market.model';
import { MinutesRateSystem } from './minutes-rate.system';
import {
  ENSEMBLE_SYSTEM_ID,
  ENSEMBLE_V2_SYSTEM_ID,
  MARKET_SYSTEM_ID,
  PredictionSystem,
  RIDGE_SYSTEM_ID,
  RIDGE_V2_SYSTEM_ID,
} from './prediction-system';
import { RidgeArtifact, RidgeSystem } from './ridge.model';
import { RollingAverageSystem } from './rolling-average.system';

/** The model the market-aware primary moves the line toward. */
export const MARKET_BASE_SYSTEM_ID = ENSEMBLE_V2_SYSTEM_ID;

export interface LineupParts {
  ridgeV1: RidgeArtifact | null;
  ridgeV2: RidgeArtifact | null;
  /** The market blend fitted on the base system's earlier predictions; null when there were too few. */
  blend: MarketBlend | null;
  /** Why each missing part is missing. */
  notes: Partial<Record<'ridgeV1' | 'ridgeV2' | 'blend', string>>;
}

export interface Lineup {
  systems: PredictionSystem[];
  unavailable: Array<{ systemId: string; reason: string }>;
}

/**
 * Every system that can predict with these parts, side by side: the two that learn nothing always,
 * the ridges and their ensembles once a model trained before the date exists, and the market-aware
 * primary once its base exists and its blend was fitted.
 */
export function systemLineup(parts: LineupParts): Lineup {
  const rolling = new RollingAverageSystem();
  const minutesRate = new MinutesRateSystem();
  const systems: PredictionSystem[] = [rolling, minutesRate];
  const unavailable: Lineup['unavailable'] = [];
  if (parts.ridgeV1) {
    const ridge = new RidgeSystem(parts.ridgeV1);
    systems.push(ridge, new EnsembleSystem([rolling, ridge], ENSEMBLE_SYSTEM_ID));
  } else {
    const reason = parts.notes.ridgeV1 ?? 'no ridge_v1 model';
    unavailable.push({ systemId: RIDGE_SYSTEM_ID, reason }, { systemId: ENSEMBLE_SYSTEM_ID, reason });
  }
  let base: PredictionSystem | null = null;
  if (parts.ridgeV2) {
    const ridge = new RidgeSystem(parts.ridgeV2);
    base = new EnsembleSystem([minutesRate, ridge], ENSEMBLE_V2_SYSTEM_ID);
    systems.push(ridge, base);
  } else {
    const reason = parts.notes.ridgeV2 ?? 'no ridge_v2 model';
    unavailable.push({ systemId: RIDGE_V2_SYSTEM_ID, reason }, { systemId: ENSEMBLE_V2_SYSTEM_ID, reason });
  }
  if (base && parts.blend) systems.push(new MarketAwareSystem(base, parts.blend));
  else unavailable.push({ systemId: MARKET_SYSTEM_ID, reason: base ? (parts.notes.blend ?? 'no market blend fitted') : `its base ${MARKET_BASE_SYSTEM_ID} is unavailable` });
  return { systems, unavailable };
}
