import { MarketHistoryShape } from './market-history.repository';
import { fitMarketBlend, fitOverCalibration, MarketBlend, MarketHistoryRow, OverCalibration } from './market.model';
import { fitStackWeights, StackWeights } from './stacking.model';
import { MARKET_BASE_SYSTEM_ID, STACK_MEMBER_SYSTEM_IDS } from './system-lineup';

/**
 * What phase 5 fits on the season's earlier lined predictions: the market blend on the base
 * system's, stacked_v1's weights on its members', and each system's probability calibration on its
 * own (fitted when first asked for). Every fit is a pure function of the rows it is given, so the
 * fits of one history serve any date whose history holds the same rows.
 */
export class MarketLayerFits {
  readonly blend: MarketBlend | null;
  readonly baseRows: number;
  readonly stack: StackWeights | null;
  /** The history's size and last date, as MarketHistoryRepository.shapeBefore reads them. */
  readonly shape: MarketHistoryShape;
  private readonly calibrations = new Map<string, OverCalibration | null>();

  constructor(private readonly history: ReadonlyMap<string, readonly MarketHistoryRow[]>) {
    const baseHistory = history.get(MARKET_BASE_SYSTEM_ID) ?? [];
    this.baseRows = baseHistory.length;
    this.blend = fitMarketBlend(baseHistory);
    this.stack = fitStackWeights(STACK_MEMBER_SYSTEM_IDS.map((systemId) => history.get(systemId) ?? []));
    const rows = [...history.values()].flat();
    this.shape = { rows: rows.length, lastDate: rows.reduce<string | null>((last, row) => (last === null || row.game_date > last ? row.game_date : last), null) };
  }

  calibrationOf(systemId: string): OverCalibration | null {
    if (!this.calibrations.has(systemId)) this.calibrations.set(systemId, fitOverCalibration(this.history.get(systemId) ?? []));
    return this.calibrations.get(systemId)!;
  }
}
