import { MarketBlend, marketPrediction } from './market.model';
import { FeatureValues, MARKET_SYSTEM_ID, MarketContext, PredictionSystem } from './prediction-system';

/**
 * The primary: the consensus line moved toward a model by a fitted weight, plus the skew its prices
 * imply. Without a line it is the model alone (there is nothing to start from).
 */
export class MarketAwareSystem implements PredictionSystem {
  readonly systemId = MARKET_SYSTEM_ID;
  readonly modelVersion: string;
  readonly featureVersion: string;
  readonly trainingEndDate: string | null;

  readonly probabilitySource: PredictionSystem;

  constructor(
    private readonly model: PredictionSystem,
    private readonly blend: MarketBlend,
  ) {
    this.probabilitySource = model;
    const weights = `w-${blend.modelWeight.toFixed(4)}-c-${blend.skewWeight.toFixed(4)}`;
    this.modelVersion = `${MARKET_SYSTEM_ID}(${model.modelVersion})-${blend.fittedThrough === null ? 'unfitted-the-line' : `${weights}-through-${blend.fittedThrough}`}`;
    this.featureVersion = model.featureVersion;
    this.trainingEndDate = [blend.fittedThrough, model.trainingEndDate].filter((date): date is string => date !== null).sort().pop() ?? null;
  }

  predict(features: FeatureValues, market?: MarketContext | null): number {
    const model = this.model.predict(features);
    if (!market) return model;
    return marketPrediction(this.blend, model, market.line, market.noVigProbabilityOver);
  }
}
