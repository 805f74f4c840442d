import { easternToUtc, injuryReportFileName, injuryReportTimes } from './injury-report.times';

const WHOLE_DAY = { firstHourEt: 0, lastHourEt: 23 };
const LONG_AFTER = new Date('2027-01-01T00:00:00Z');

describe('injury report publication times', () => {
  it('names reports by the hour until 2025-12-22 and with the minutes from 2025-12-23', () => {
    expect(injuryReportFileName('2025-11-05', 17, 0)).toBe('Injury-Report_2025-11-05_05PM.pdf');
    expect(injuryReportFileName('2025-12-22', 0, 0)).toBe('Injury-Report_2025-12-22_12AM.pdf');
    expect(injuryReportFileName('2025-12-23', 17, 30)).toBe('Injury-Report_2025-12-23_05_30PM.pdf');
    expect(injuryReportFileName('2025-12-23', 12, 0)).toBe('Injury-Report_2025-12-23_12_00PM.pdf');
  });

  it('lists one time an hour before the change and four after it, newest first', () => {
    const hourly = injuryReportTimes('2025-11-05', WHOLE_DAY, LONG_AFTER);
    expect(hourly).toHaveLength(24);
    expect(hourly.slice(0, 2).map((time) => time.fileName)).toEqual(['Injury-Report_2025-11-05_11PM.pdf', 'Injury-Report_2025-11-05_10PM.pdf']);
    const quarterly = injuryReportTimes('2025-12-23', { firstHourEt: 17, lastHourEt: 18 }, LONG_AFTER);
    expect(quarterly.map((time) => time.fileName)).toEqual([
      'Injury-Report_2025-12-23_06_45PM.pdf',
      'Injury-Report_2025-12-23_06_30PM.pdf',
      'Injury-Report_2025-12-23_06_15PM.pdf',
      'Injury-Report_2025-12-23_06_00PM.pdf',
      'Injury-Report_2025-12-23_05_45PM.pdf',
      'Injury-Report_2025-12-23_05_30PM.pdf',
      'Injury-Report_2025-12-23_05_15PM.pdf',
      'Injury-Report_2025-12-23_05_00PM.pdf',
    ]);
  });

  it('leaves out the times still to come', () => {
    // 14:10 ET on 2025-11-05 (EST, UTC-5)
    const times = injuryReportTimes('2025-11-05', WHOLE_DAY, new Date('2025-11-05T19:10:00Z'));
    expect(times[0]).toMatchObject({ fileName: 'Injury-Report_2025-11-05_02PM.pdf', eastern: '2025-11-05T14:00' });
    expect(times[0].utc.toISOString()).toBe('2025-11-05T19:00:00.000Z');
  });

  it('converts Eastern wall-clock time to UTC on both sides of daylight saving time', () => {
    expect(easternToUtc('2025-10-21', 19, 30).toISOString()).toBe('2025-10-21T23:30:00.000Z');
    expect(easternToUtc('2025-11-05', 19, 30).toISOString()).toBe('2025-11-06T00:30:00.000Z');
  });

  it('refuses a window that ends before it starts, naming both settings', () => {
    expect(() => injuryReportTimes('2025-11-05', { firstHourEt: 18, lastHourEt: 9 }, LONG_AFTER)).toThrow(
      /INJURY_REPORT_FIRST_HOUR_ET \(18\) must not be after INJURY_REPORT_LAST_HOUR_ET \(9\)/,
    );
  });
});
