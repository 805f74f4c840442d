import { Inject, Injectable } from '@nestjs/common';
import { addDays, seasonStartOf } from '@lib/messaging';
import { PlatformConfig } from '@lib/platform';
import { FEATURE_NAMES, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { GradientBoostingModel, trainGradientBoosting } from './gradient-boosting.model';
import { MarketHistoryRepository } from './market-history.repository';
import { fitMarketBlend, fitOverCalibration, MIN_MARKET_ROWS, OverCalibration, UNFITTED_MARKET_BLEND } from './market.model';
import { ModelTrainer } from './model-trainer.service';
import { PredictionSystem, RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from './prediction-system';
import { fitStackWeights } from './stacking.model';
import { MARKET_BASE_SYSTEM_ID, STACK_MEMBER_SYSTEM_IDS, systemLineup } from './system-lineup';
import { AvailabilityExponent, fitAvailabilityExponent } from './team-minutes.model';
import { loadTrainingExamples } from './training-examples.repository';

export interface SystemsForDate {
  systems: PredictionSystem[];
  /** Systems that cannot predict this date, and why. */
  unavailable: Array<{ systemId: string; reason: string }>;
  /** Which models the learned systems use, whether they were trained for this run, and what the market layer was fitted on. */
  modelNote: string;
  /** Each system's probability-of-OVER calibration, fitted on its own earlier predictions. */
  calibrations: Map<string, OverCalibration>;
}

/**
 * The systems that may predict a date: the two that learn nothing always; the ridges and their
 * ensembles once a model trained on earlier games exists (trained here when missing or stale); the
 * market-aware primary once its base has enough earlier lined predictions to fit the blend on.
 */
@Injectable()
export class PredictionSystemsProvider {
  constructor(
    private readonly trainer: ModelTrainer,
    private readonly history: MarketHistoryRepository,
    private readonly config: PlatformConfig,
    @Inject(WAREHOUSE) private readonly warehouse: Warehouse,
  ) {}

  /** gbm_v1 trains in well under a second, so it is fitted on every run on the season through the day before. */
  private async gradientBoosting(gameDate: string, featureVersion: string): Promise<{ model: GradientBoostingModel | null; note: string }> {
    const through = addDays(gameDate, -1);
    const examples = await loadTrainingExamples(this.warehouse, seasonStartOf(through), through, featureVersion);
    const needed = FEATURE_NAMES.length * 10;
    if (examples.length < needed) return { model: null, note: `only ${examples.length} player-games with history through ${through}; gbm_v1 needs ${needed}` };
    const model = trainGradientBoosting(examples, { featureNames: FEATURE_NAMES, featureVersion, predictFrom: gameDate });
    const validation = model.tree_count_validation;
    const treeCount = validation ? `${validation.chosen_trees} trees, the count with the least error on ${validation.held_out_rows} held-out player-games from ${validation.held_out_from}` : `${model.trees.length} trees (too few player-games to hold any out)`;
    return { model, note: `trained gbm_v1 through ${model.training_end_date} on ${model.training_rows} player-games, ${treeCount}` };
  }

  /** minutes_rate_v2's exponent, fitted on every run on the season's player-games through the day before. */
  private async availabilityExponent(gameDate: string, featureVersion: string): Promise<{ fit: AvailabilityExponent; note: string }> {
    const through = addDays(gameDate, -1);
    const fit = fitAvailabilityExponent(await loadTrainingExamples(this.warehouse, seasonStartOf(through), through, featureVersion));
    const note = fit.fittedThrough
      ? `minutes_rate_v2 exponent ${fit.exponent.toFixed(2)} on ${fit.rows} player-games through ${fit.fittedThrough}`
      : `minutes_rate_v2 is minutes_rate_v1 (exponent 0): only ${fit.rows} player-games with history through ${through}`;
    return { fit, note };
  }

  async forDate(gameDate: string, featureVersion: string): Promise<SystemsForDate> {
    const ridgeV1 = await this.trainer.modelFor(gameDate, featureVersion, this.config.MODEL_RETRAIN_AFTER_DAYS, RIDGE_SYSTEM_ID);
    const ridgeV2 = await this.trainer.modelFor(gameDate, featureVersion, this.config.MODEL_RETRAIN_AFTER_DAYS, RIDGE_V2_SYSTEM_ID);
    const gbm = await this.gradientBoosting(gameDate, featureVersion);
    const availability = await this.availabilityExponent(gameDate, featureVersion);
    const history = await this.history.before(gameDate);
    const baseHistory = history.get(MARKET_BASE_SYSTEM_ID) ?? [];
    const fitted = fitMarketBlend(baseHistory);
    const blendNote = fitted
      ? `market_v1 blend w ${fitted.modelWeight.toFixed(3)}, c ${fitted.skewWeight.toFixed(3)} on ${fitted.rows} earlier lined predictions of ${MARKET_BASE_SYSTEM_ID} through ${fitted.fittedThrough}`
      : `market_v1 is the consensus line itself: only ${baseHistory.length} earlier lined predictions of ${MARKET_BASE_SYSTEM_ID} before ${gameDate}, the market blend needs ${MIN_MARKET_ROWS}`;
    const stack = fitStackWeights(STACK_MEMBER_SYSTEM_IDS.map((systemId) => history.get(systemId) ?? []));
    const stackNote = stack
      ? `stacked_v1 weights ${stack.weights.map((weight, index) => `${STACK_MEMBER_SYSTEM_IDS[index]} ${weight.toFixed(3)}`).join(', ')} on ${stack.rows} earlier lined player-games through ${stack.fittedThrough}`
      : `stacked_v1 has equal weights: fewer than ${MIN_MARKET_ROWS} earlier lined player-games predicted by all of ${STACK_MEMBER_SYSTEM_IDS.join(', ')} before ${gameDate}`;
    const lineup = systemLineup({
      ridgeV1: ridgeV1.artifact,
      ridgeV2: ridgeV2.artifact,
      gbm: gbm.model,
      blend: fitted ?? UNFITTED_MARKET_BLEND,
      stack,
      availability: availability.fit,
      notes: {
        ridgeV1: `no ridge_v1 model on features ${featureVersion} trained before ${gameDate}: ${ridgeV1.note}`,
        ridgeV2: `no ridge_v2 model on features ${featureVersion} trained before ${gameDate}: ${ridgeV2.note}`,
        gbm: gbm.note,
      },
    });
    const calibrations = new Map<string, OverCalibration>();
    const uncalibrated: string[] = [];
    for (const system of lineup.systems) {
      const calibration = fitOverCalibration(history.get(system.systemId) ?? []);
      if (calibration) calibrations.set(system.systemId, calibration);
      else uncalibrated.push(system.systemId);
    }
    const notes = [ridgeV1.note, ridgeV2.note, gbm.note, availability.note, blendNote, stackNote];
    if (uncalibrated.length > 0) notes.push(`no probability calibration yet (fewer than ${MIN_MARKET_ROWS} earlier lined predictions, so every pick is a PASS) for ${uncalibrated.join(', ')}`);
    return { systems: lineup.systems, unavailable: lineup.unavailable, modelNote: notes.join('; '), calibrations };
  }
}
