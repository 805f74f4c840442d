import { Injectable } from '@nestjs/common';
import { PlatformConfig } from '@lib/platform';
import { MarketHistoryRepository } from './market-history.repository';
import { MarketLayerFits } from './market-layer.fits';
import { MIN_MARKET_ROWS, OverCalibration, UNFITTED_MARKET_BLEND } from './market.model';
import { ModelTrainer } from './model-trainer.service';
import { GBM_SYSTEM_ID, MINUTES_AVAILABILITY_SYSTEM_ID, PredictionSystem, RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID } from './prediction-system';
import { MARKET_BASE_SYSTEM_ID, STACK_MEMBER_SYSTEM_IDS, systemLineup } from './system-lineup';
import { availabilityExponentOf } from './team-minutes.model';

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
 * The systems that may predict a date: the two that learn nothing always, and minutes_rate_v2 with
 * its exponent from the retrain calendar (0 until fitted); the ridges, gbm_v1 and
 * their ensembles once a model trained on earlier games exists (trained here on the retrain calendar
 * when missing or stale); the market-aware primary once its base has enough earlier lined
 * predictions to fit the blend on.
 *
 * The market layer's fits are kept for the last history they were fitted on, keyed by the digest
 * the warehouse computes of its rows: once the season's lines end, every later date reads the same
 * earlier lined predictions, and the fits of those rows are the ones a fresh fit would make.
 */
@Injectable()
export class PredictionSystemsProvider {
  private lastFits: { digest: string | null; fits: MarketLayerFits } | null = null;

  constructor(
    private readonly trainer: ModelTrainer,
    private readonly history: MarketHistoryRepository,
    private readonly config: PlatformConfig,
  ) {}

  async forDate(gameDate: string, featureVersion: string): Promise<SystemsForDate> {
    const models = await this.trainer.modelsFor(gameDate, featureVersion, this.config.MODEL_RETRAIN_AFTER_DAYS, [RIDGE_SYSTEM_ID, RIDGE_V2_SYSTEM_ID, GBM_SYSTEM_ID, MINUTES_AVAILABILITY_SYSTEM_ID]);
    const { [RIDGE_SYSTEM_ID]: ridgeV1, [RIDGE_V2_SYSTEM_ID]: ridgeV2, [GBM_SYSTEM_ID]: gbm, [MINUTES_AVAILABILITY_SYSTEM_ID]: availabilityModel } = models;
    const availability = availabilityExponentOf(availabilityModel.artifact);
    const availabilityNote = availability.fittedThrough ? availabilityModel.note : `minutes_rate_v2 is minutes_rate_v1 (exponent 0): ${availabilityModel.note}`;
    const fits = await this.marketLayerFits(gameDate);
    const fitted = fits.blend;
    const blendNote = fitted
      ? `market_v1 blend w ${fitted.modelWeight.toFixed(3)}, c ${fitted.skewWeight.toFixed(3)} on ${fitted.rows} earlier lined predictions of ${MARKET_BASE_SYSTEM_ID} through ${fitted.fittedThrough}`
      : `market_v1 is the consensus line itself: only ${fits.baseRows} earlier lined predictions of ${MARKET_BASE_SYSTEM_ID} before ${gameDate}, the market blend needs ${MIN_MARKET_ROWS}`;
    const stack = fits.stack;
    const stackNote = stack
      ? `stacked_v1 weights ${stack.weights.map((weight, index) => `${STACK_MEMBER_SYSTEM_IDS[index]} ${weight.toFixed(3)}`).join(', ')} on ${stack.rows} earlier lined player-games through ${stack.fittedThrough}`
      : `stacked_v1 has equal weights: fewer than ${MIN_MARKET_ROWS} earlier lined player-games predicted by all of ${STACK_MEMBER_SYSTEM_IDS.join(', ')} before ${gameDate}`;
    const lineup = systemLineup({
      ridgeV1: ridgeV1.artifact,
      ridgeV2: ridgeV2.artifact,
      gbm: gbm.artifact,
      blend: fitted ?? UNFITTED_MARKET_BLEND,
      stack,
      availability,
      notes: {
        ridgeV1: `no ridge_v1 model on features ${featureVersion} trained before ${gameDate}: ${ridgeV1.note}`,
        ridgeV2: `no ridge_v2 model on features ${featureVersion} trained before ${gameDate}: ${ridgeV2.note}`,
        gbm: `no gbm_v1 model on features ${featureVersion} trained before ${gameDate}: ${gbm.note}`,
      },
    });
    const calibrations = new Map<string, OverCalibration>();
    const uncalibrated: string[] = [];
    for (const system of lineup.systems) {
      const calibration = fits.calibrationOf(system.systemId);
      if (calibration) calibrations.set(system.systemId, calibration);
      else uncalibrated.push(system.systemId);
    }
    const notes = [ridgeV1.note, ridgeV2.note, gbm.note, availabilityNote, blendNote, stackNote];
    if (uncalibrated.length > 0) notes.push(`no probability calibration yet (fewer than ${MIN_MARKET_ROWS} earlier lined predictions, so every pick is a PASS) for ${uncalibrated.join(', ')}`);
    return { systems: lineup.systems, unavailable: lineup.unavailable, modelNote: notes.join('; '), calibrations };
  }

  /**
   * The fits of the date's history. When it has as many rows through the same last date as the
   * history of the last fits, it is most likely the same, which only its digest can say: the last
   * fits are used when the warehouse's digest of the rows is theirs, else it sends the rows and they
   * are fitted anew. A history that grew since (every date while lines come in) is read plainly.
   */
  private async marketLayerFits(gameDate: string): Promise<MarketLayerFits> {
    const known = this.lastFits;
    const shape = await this.history.shapeBefore(gameDate);
    if (known && known.fits.shape.rows === shape.rows && known.fits.shape.lastDate === shape.lastDate) {
      const read = await this.history.beforeUnlessDigest(gameDate, known.digest);
      if (read.history === null) return known.fits;
      return this.keep(read.digest, new MarketLayerFits(read.history));
    }
    return this.keep(null, new MarketLayerFits(await this.history.before(gameDate)));
  }

  /** Keeps the fits for the next date; without a digest they are only a guess of which history comes next, never reused as they are. */
  private keep(digest: string | null, fits: MarketLayerFits): MarketLayerFits {
    this.lastFits = { digest, fits };
    return fits;
  }
}
