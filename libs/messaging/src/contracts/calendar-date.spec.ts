import { datesBetween, isCalendarDate, seasonEndOf, seasonLabelOf, seasonStartOf } from './calendar-date';

describe('calendar dates', () => {
  it.each(['2025-11-05', '2024-02-29', '2026-01-01'])('accepts the real day %s', (value) => {
    expect(isCalendarDate(value)).toBe(true);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-11-31', '2025-1-05', '20251105', '', 'tomorrow', 20251105])(
    'rejects %p',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
    },
  );

  it('lists every date of a range across a month end, inclusive', () => {
    expect(datesBetween('2025-10-30', '2025-11-02')).toEqual(['2025-10-30', '2025-10-31', '2025-11-01', '2025-11-02']);
  });

  it('refuses an inverted range', () => {
    expect(() => datesBetween('2025-11-02', '2025-11-01')).toThrow('inverted');
  });
});

describe('NBA seasons (August to July)', () => {
  it.each([
    ['2025-10-21', '2025-08-01', '2026-07-31', '2025-26'],
    ['2026-01-10', '2025-08-01', '2026-07-31', '2025-26'],
    ['2026-07-31', '2025-08-01', '2026-07-31', '2025-26'],
    ['2026-08-01', '2026-08-01', '2027-07-31', '2026-27'],
    ['2099-11-01', '2099-08-01', '2100-07-31', '2099-00'],
  ])('%s belongs to the season %s .. %s (%s)', (date, start, end, label) => {
    expect([seasonStartOf(date), seasonEndOf(date), seasonLabelOf(date)]).toEqual([start, end, label]);
  });
});
