import { ENSEMBLE_SYSTEM_ID, FeatureValues, MarketContext, PredictionSystem } from './prediction-system';

/** The mean of its members' predictions. */
export class EnsembleSystem implements PredictionSystem {
  readonly modelVersion: string;
  readonly featureVersion: string;
  readonly trainingEndDate: string | null;

  constructor(
    private readonly members: readonly PredictionSystem[],
    readonly systemId: string = ENSEMBLE_SYSTEM_ID,
  ) {
    if (members.length < 2) throw new Error('an ensemble needs at least two systems');
    this.modelVersion = `${systemId}(${members.map((member) => member.modelVersion).join('+')})`;
    this.featureVersion = members[0].featureVersion;
    this.trainingEndDate = members.map((member) => member.trainingEndDate).filter((date): date is string => date !== null).sort().pop() ?? null;
  }

  predict(features: FeatureValues, market?: MarketContext | null): number {
    return this.members.reduce((sum, member) => sum + member.predict(features, market), 0) / this.members.length;
  }
}
