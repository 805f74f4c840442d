/**
 * When NBA.com publishes its injury report and what the file of each publication is called.
 * Until 2025-12-22 one report an hour, named by the hour (`Injury-Report_2025-11-05_05PM.pdf`);
 * from 2025-12-23 one every 15 minutes, named with the minutes (`Injury-Report_2025-12-23_05_30PM.pdf`).
 * Times are US Eastern.
 */
export const MINUTES_IN_FILE_NAMES_SINCE = '2025-12-23';

export interface InjuryReportWindow {
  /** US Eastern hours, inclusive. */
  firstHourEt: number;
  lastHourEt: number;
}

export interface InjuryReportTime {
  fileName: string;
  /** The US Eastern wall-clock time the name stands for, 'YYYY-MM-DDTHH:MM'. */
  eastern: string;
  /** The same instant in UTC. */
  utc: Date;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** 'Injury-Report_2025-11-05_05PM.pdf' or, from 2025-12-23, 'Injury-Report_2025-12-23_05_30PM.pdf'. */
export function injuryReportFileName(date: string, hour: number, minute: number): string {
  const twelveHour = hour % 12 === 0 ? 12 : hour % 12;
  const meridiem = hour < 12 ? 'AM' : 'PM';
  const time = date >= MINUTES_IN_FILE_NAMES_SINCE ? `${pad(twelveHour)}_${pad(minute)}${meridiem}` : `${pad(twelveHour)}${meridiem}`;
  return `Injury-Report_${date}_${time}.pdf`;
}

const EASTERN_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function easternWallClock(instant: Date): string {
  const parts = Object.fromEntries(EASTERN_PARTS.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The UTC instant of a US Eastern wall-clock time (EST is UTC-5, EDT UTC-4). */
export function easternToUtc(date: string, hour: number, minute: number): Date {
  const wall = `${date}T${pad(hour)}:${pad(minute)}`;
  for (const offsetHours of [5, 4]) {
    const candidate = new Date(`${wall}:00.000Z`);
    candidate.setUTCHours(candidate.getUTCHours() + offsetHours);
    if (easternWallClock(candidate) === wall) return candidate;
  }
  // The hour skipped when clocks go forward (02:xx on the March change day) does not exist in Eastern time.
  const skipped = new Date(`${wall}:00.000Z`);
  skipped.setUTCHours(skipped.getUTCHours() + 5);
  return skipped;
}

export function validateInjuryReportWindow(window: InjuryReportWindow): void {
  if (window.firstHourEt > window.lastHourEt) {
    throw new Error(
      `INJURY_REPORT_FIRST_HOUR_ET (${window.firstHourEt}) must not be after INJURY_REPORT_LAST_HOUR_ET (${window.lastHourEt})`,
    );
  }
}

/**
 * Every publication time of the date inside the window, newest first, leaving out those still in
 * the future at `now` (a report cannot be published before its time).
 */
export function injuryReportTimes(date: string, window: InjuryReportWindow, now: Date): InjuryReportTime[] {
  validateInjuryReportWindow(window);
  const minutes = date >= MINUTES_IN_FILE_NAMES_SINCE ? [45, 30, 15, 0] : [0];
  const times: InjuryReportTime[] = [];
  for (let hour = window.lastHourEt; hour >= window.firstHourEt; hour -= 1) {
    for (const minute of minutes) {
      const utc = easternToUtc(date, hour, minute);
      if (utc.getTime() > now.getTime()) continue;
      times.push({ fileName: injuryReportFileName(date, hour, minute), eastern: `${date}T${pad(hour)}:${pad(minute)}`, utc });
    }
  }
  return times;
}
