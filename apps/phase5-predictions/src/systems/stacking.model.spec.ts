import { FEATURE_NAMES, FEATURE_VERSION } from '@lib/warehouse';
import { MarketHistoryRow, MIN_MARKET_ROWS } from './market.model';
import { FeatureValues, PredictionSystem } from './prediction-system';
import { fitStackWeights, StackedSystem, unfittedStackWeights } from './stacking.model';

/**
 * Three members' earlier predictions of the same player-games, from a known process with a
 * deterministic generator: the truth is 0.7 × the first member + 0.3 × the second; the third is noise.
 */
function memberHistories(count: number): MarketHistoryRow[][] {
  let state = 11;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const members: MarketHistoryRow[][] = [[], [], []];
  for (let index = 0; index < count; index += 1) {
    const first = 5 + random() * 25;
    const second = 5 + random() * 25;
    const third = 5 + random() * 25;
    // symmetric noise: the median is the truth
    const actual = 0.7 * first + 0.3 * second + (random() - 0.5) * 6;
    const base = { game_date: `2025-11-${String(1 + (index % 20)).padStart(2, '0')}`, game_id: `g${index % 40}`, player_lookup: `p${index}`, line: 15.5, noVigProbabilityOver: 0.5, actual };
    members[0].push({ ...base, predicted: first });
    members[1].push({ ...base, predicted: second });
    members[2].push({ ...base, predicted: third });
  }
  return members;
}

class FixedSystem implements PredictionSystem {
  readonly featureVersion = FEATURE_VERSION;
  readonly trainingEndDate: string | null;
  readonly modelVersion: string;
  constructor(readonly systemId: string, private readonly value: number, trainedThrough: string | null) {
    this.modelVersion = `${systemId}-fixed`;
    this.trainingEndDate = trainedThrough;
  }
  predict(): number {
    return this.value;
  }
}

describe('stacked_v1', () => {
  it('recovers the weights of a known process by least absolute deviations, keeping every weight non-negative', () => {
    const stack = fitStackWeights(memberHistories(1_200))!;
    expect(stack.weights[0]).toBeCloseTo(0.7, 1);
    expect(stack.weights[1]).toBeCloseTo(0.3, 1);
    expect(stack.weights[2]).toBeGreaterThanOrEqual(0);
    expect(stack.weights[2]).toBeLessThan(0.05);
    expect(stack).toMatchObject({ rows: 1_200, fittedThrough: '2025-11-20' });
    expect(fitStackWeights(memberHistories(1_200))).toEqual(stack);
  });

  it('a member that only hurts gets weight zero, not a negative weight that bets against it', () => {
    const [first, second] = memberHistories(1_000);
    const contrarian = first.map((row) => ({ ...row, predicted: 40 - row.predicted }));
    const stack = fitStackWeights([first, second, contrarian])!;
    expect(stack.weights[2]).toBe(0);
  });

  it('fits only on player-games every member predicted, and not at all below the minimum', () => {
    const [first, second, third] = memberHistories(MIN_MARKET_ROWS + 50);
    expect(fitStackWeights([first, second, third.slice(0, MIN_MARKET_ROWS - 1)])).toBeNull();
    expect(fitStackWeights([first, second, third.slice(0, MIN_MARKET_ROWS + 10)])!.rows).toBe(MIN_MARKET_ROWS + 10);
  });

  it('predicts the weighted sum of its members and says what it was fitted on; unfitted, it is their mean', () => {
    const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as FeatureValues;
    const members = [new FixedSystem('a', 10, null), new FixedSystem('b', 20, '2025-11-09'), new FixedSystem('c', 30, '2025-11-08')];
    const fitted = new StackedSystem(members, { weights: [0.5, 0.25, 0], rows: 400, fittedThrough: '2025-11-10' });
    expect(fitted.predict(features)).toBeCloseTo(10, 10);
    expect(fitted.trainingEndDate).toBe('2025-11-10');
    expect(fitted.modelVersion).toBe('stacked_v1(0.5000×a-fixed+0.2500×b-fixed+0.0000×c-fixed)-through-2025-11-10');
    const unfitted = new StackedSystem(members, unfittedStackWeights(3));
    expect(unfitted.predict(features)).toBeCloseTo(20, 10);
    expect(unfitted.modelVersion).toMatch(/-unfitted-equal-weights$/);
    expect(() => new StackedSystem(members, unfittedStackWeights(2))).toThrow(/3 members and 2 weights/);
  });
});
