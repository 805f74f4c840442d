import { addDays, daysBetween } from '@lib/messaging';
import { trainingEndFor } from './training-calendar';

describe('trainingEndFor', () => {
  it('gives every date of a block the same training end, the day before the block starts', () => {
    // blocks of 7 days from 2025-08-01: ..., 10-24..10-30, 10-31..11-06, ...
    expect(trainingEndFor('2025-10-31', 7)).toBe('2025-10-30');
    expect(trainingEndFor('2025-11-03', 7)).toBe('2025-10-30');
    expect(trainingEndFor('2025-11-06', 7)).toBe('2025-10-30');
    expect(trainingEndFor('2025-11-07', 7)).toBe('2025-11-06');
  });

  it('is always before the date and at most retrainAfterDays behind it, across a season boundary too', () => {
    for (const step of [1, 3, 7, 10]) {
      for (let offset = 0; offset < 400; offset += 1) {
        const date = addDays('2025-07-20', offset);
        const end = trainingEndFor(date, step);
        const behind = daysBetween(end, date);
        expect(behind).toBeGreaterThanOrEqual(1);
        expect(behind).toBeLessThanOrEqual(step);
      }
    }
  });

  it('trains through the day before with a one-day block', () => {
    expect(trainingEndFor('2026-01-19', 1)).toBe('2026-01-18');
  });

  it('refuses a block that is not a whole positive number of days', () => {
    expect(() => trainingEndFor('2025-11-03', 0)).toThrow(/retrainAfterDays/);
    expect(() => trainingEndFor('2025-11-03', 2.5)).toThrow(/retrainAfterDays/);
  });
});
