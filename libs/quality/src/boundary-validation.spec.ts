import { DEFAULT_BOUNDARY_THRESHOLDS, judgeBoundary, validateThresholds } from './boundary-validation';

const measurement = (minutesCoveragePct: number | null, nullRates: Record<string, number>) => ({ inputDate: '2025-11-05', rows: 240, minutesCoveragePct, nullRates });

describe('judgeBoundary', () => {
  it('passes complete input', () => {
    expect(judgeBoundary(measurement(99.5, { points: 0 }), DEFAULT_BOUNDARY_THRESHOLDS)).toMatchObject({ status: 'passed', completenessPct: 99.5 });
  });

  it('warns between the thresholds, naming the numbers', () => {
    const verdict = judgeBoundary(measurement(100, { points: 0, usage_rate: 12 }), DEFAULT_BOUNDARY_THRESHOLDS);
    expect(verdict).toMatchObject({ status: 'warned', completenessPct: 88 });
    expect(verdict.reason).toMatch(/worst null rate usage_rate 12%/);
  });

  it('blocks below the lower threshold, on minutes coverage as on nulls', () => {
    expect(judgeBoundary(measurement(79.9, {}), DEFAULT_BOUNDARY_THRESHOLDS).status).toBe('blocked');
    expect(judgeBoundary(measurement(100, { minutes: 20.1 }), DEFAULT_BOUNDARY_THRESHOLDS).status).toBe('blocked');
    expect(judgeBoundary(measurement(80, {}), DEFAULT_BOUNDARY_THRESHOLDS).status).toBe('warned');
  });

  it('passes when there is nothing yet to measure, and says so', () => {
    expect(judgeBoundary({ inputDate: null, rows: 0, minutesCoveragePct: null, nullRates: {} }, DEFAULT_BOUNDARY_THRESHOLDS)).toMatchObject({
      status: 'passed',
      reason: 'no input rows yet (nothing before this date to measure)',
    });
  });

  it('refuses thresholds in the wrong order', () => {
    expect(() => validateThresholds({ alertBelowPercent: 70, blockBelowPercent: 80 })).toThrow('blockBelowPercent (80) must not exceed alertBelowPercent (70)');
  });
});
