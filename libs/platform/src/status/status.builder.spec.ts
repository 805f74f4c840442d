import { calibration, cellOf, dailyQuality, hitRate } from './status.builder';
import type { GradedPredictionRow, PhaseRunRow } from './status.repository';

const run = (overrides: Partial<PhaseRunRow>): PhaseRunRow => ({
  run_id: Math.random().toString(36),
  phase: 'phase3',
  service: 'phase3-analytics',
  game_date: '2025-11-05',
  status: 'success',
  degraded: false,
  trigger: 'pubsub',
  backfill_mode: false,
  records: 240,
  detail: 'built',
  error: null,
  correlation_id: 'c',
  started_at: '2025-11-05T12:00:00.000Z',
  finished_at: '2025-11-05T12:01:00.000Z',
  ...overrides,
});
const now = Date.parse('2025-11-05T13:00:00Z');
const stuckAfter = () => 45 * 60;

describe('the status grid', () => {
  it('takes a phase\'s last run: a failure redelivered into a success is a success', () => {
    const runs = [run({ status: 'failed', error: 'boom' }), run({ started_at: '2025-11-05T12:05:00.000Z' })];
    expect(cellOf('2025-11-05', 'phase3-analytics', runs, now, stuckAfter)).toMatchObject({ state: 'success', runs: 2, detail: 'built' });
  });

  it.each([
    [{ status: 'success', degraded: true }, 'degraded'],
    [{ status: 'partial' }, 'degraded'],
    [{ status: 'skipped', detail: 'boundary blocked: completeness 42%' }, 'blocked'],
    [{ status: 'failed' }, 'failed'],
    [{ status: 'no_data' }, 'no_data'],
    [{ status: 'running', started_at: '2025-11-05T12:30:00.000Z' }, 'running'],
    [{ status: 'running', started_at: '2025-11-05T12:10:00.000Z' }, 'running_too_long'],
  ] as const)('%p is %s', (overrides, state) => {
    expect(cellOf('2025-11-05', 'phase3-analytics', [run(overrides)], now, stuckAfter).state).toBe(state);
  });

  it('a phase whose gate holds the date is blocked, even when the run around the gated step ended as a degraded success', () => {
    const graded = run({ service: 'phase5-predictions', status: 'success', degraded: true, detail: 'predict: skipped (0) boundary blocked; grade: success' });
    expect(cellOf('2025-11-05', 'phase5-predictions', [graded], now, stuckAfter, 'phase5 held: completeness 43% is below 80%')).toMatchObject({ state: 'blocked', detail: 'phase5 held: completeness 43% is below 80%' });
    expect(cellOf('2025-11-05', 'phase5-predictions', [{ ...graded, status: 'failed' }], now, stuckAfter, 'phase5 held').state).toBe('failed');
  });

  it('a phase that never ran for the date is missing; phase 2 sums its runs and shows the worst', () => {
    expect(cellOf('2025-11-06', 'phase3-analytics', [run({})], now, stuckAfter)).toMatchObject({ state: 'missing', runs: 0 });
    const loads = [run({ service: 'phase2-raw' }), run({ service: 'phase2-raw', status: 'failed' }), run({ service: 'phase2-raw', status: 'no_data' })];
    expect(cellOf('2025-11-05', 'phase2-raw', loads, now, stuckAfter)).toMatchObject({ state: 'failed', detail: '3 phase 2 runs: 1 success, 0 degraded, 1 no_data, 1 failed' });
    const byDate = run({ service: 'phase2-raw', detail: 'loaded 17 of 17 payloads (nbac_schedule 11)' });
    expect(cellOf('2025-11-05', 'phase2-raw', [byDate], now, stuckAfter)).toMatchObject({ state: 'success', runs: 1, detail: '1 phase 2 run: 1 success, 0 degraded, 0 no_data, 0 failed; loaded 17 of 17 payloads (nbac_schedule 11)' });
  });
});

describe('prediction quality', () => {
  const graded = (gameDate: string, outcome: string, confidence: number, absoluteError: number, lineError: number | null): GradedPredictionRow => ({
    game_date: gameDate,
    outcome,
    confidence_score: confidence,
    absolute_error: absoluteError,
    line_absolute_error: lineError,
  });

  it('hit rate is wins over wins and losses, with the binomial standard error', () => {
    const rows = [graded('2025-11-05', 'win', 60, 1, 2), graded('2025-11-05', 'win', 60, 1, 2), graded('2025-11-05', 'win', 60, 1, 2), graded('2025-11-05', 'loss', 60, 1, 2), graded('2025-11-05', 'push', 60, 1, 2), graded('2025-11-05', 'no_bet', 60, 1, null)];
    expect(hitRate(rows)).toEqual({ wins: 3, losses: 1, pushes: 1, rate: 0.75, standardError: Math.sqrt((0.75 * 0.25) / 4) });
  });

  it('calibration puts each OVER/UNDER call in its confidence bucket with the observed win rate', () => {
    const rows = [graded('d', 'win', 55, 1, 1), graded('d', 'loss', 58, 1, 1), graded('d', 'win', 72, 1, 1), graded('d', 'no_bet', 90, 1, null), graded('d', 'win', 100, 1, 1)];
    expect(calibration(rows)).toEqual([
      { fromPercent: 50, toPercent: 60, bets: 2, wins: 1, meanConfidence: 56.5, observedWinRate: 50 },
      { fromPercent: 70, toPercent: 80, bets: 1, wins: 1, meanConfidence: 72, observedWinRate: 100 },
      { fromPercent: 90, toPercent: 100, bets: 1, wins: 1, meanConfidence: 100, observedWinRate: 100 },
    ]);
  });

  it('the rolling MAE pools the player-games with a line over the last 7 graded dates, against the line\'s own MAE on them', () => {
    const days = dailyQuality([graded('2025-11-04', 'win', 60, 4, 5), graded('2025-11-05', 'loss', 60, 6, 4), graded('2025-11-05', 'no_bet', 60, 10, null)]);
    expect(days[1]).toMatchObject({ gameDate: '2025-11-05', graded: 2, mae: 8, withLine: 1, modelMaeWithLine: 6, lineMae: 4, rollingMae: 5, rollingLineMae: 4.5 });
  });
});
