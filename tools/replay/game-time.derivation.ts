/**
 * Time arithmetic for the replay: wall-clock times in a team's zone, the formats each upstream
 * writes them in, and the documented derivations of tip-off and game end (README.md, "Derivations").
 */
export const EASTERN = 'America/New_York';

/** Length of a regulation game, tip to final buzzer; NBA games average about 2 h 15 min. */
export const REGULATION_GAME_MINUTES = 135;
/** Each overtime adds a 5-minute period plus its stoppages. */
export const OVERTIME_GAME_MINUTES = 15;
/** Tip-off when no Odds API commence time exists for the game: 7:00 pm in the home arena's zone. */
export const DEFAULT_LOCAL_TIP = '19:00';

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Instants already converted, by zone and epoch ms: Intl's formatToParts dominated a schedule response. */
const zonedPartsSeen = new Map<string, ZonedParts>();
const ZONED_PARTS_KEPT = 50_000;

export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const key = `${timeZone}|${instant.getTime()}`;
  const seen = zonedPartsSeen.get(key);
  if (seen) return { ...seen };
  const parts = zonedPartsUncached(instant, timeZone);
  if (zonedPartsSeen.size >= ZONED_PARTS_KEPT) zonedPartsSeen.clear();
  zonedPartsSeen.set(key, parts);
  return { ...parts };
}

function zonedPartsUncached(instant: Date, timeZone: string): ZonedParts {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday,
  };
}

/** Minutes the zone is ahead of UTC at that instant (negative in the Americas). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = zonedParts(instant, timeZone);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant at which the clocks of `timeZone` show `date` `time` ('YYYY-MM-DD', 'HH:MM'). */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  let guess = new Date(naive - zoneOffsetMinutes(new Date(naive), timeZone) * 60_000);
  guess = new Date(naive - zoneOffsetMinutes(guess, timeZone) * 60_000);
  return guess;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

export function isoDateIn(instant: Date, timeZone: string): string {
  const parts = zonedParts(instant, timeZone);
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`;
}

/** NBA.com's habit: a local wall-clock time written with a 'Z' suffix ('2025-11-05T19:00:00Z'). */
export function wallClockWithZ(instant: Date, timeZone: string): string {
  const parts = zonedParts(instant, timeZone);
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}Z`;
}

/** '2020-12-22T19:00:00-05:00': local time with its real offset (NBA liveData). */
export function wallClockWithOffset(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  return `${wallClockWithZ(instant, timeZone).slice(0, -1)}${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** '2025-11-06T00:00:00Z' */
export function isoSeconds(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** ESPN writes times to the minute: '2025-11-06T00:00Z'. */
export function isoMinutes(instant: Date): string {
  return `${instant.toISOString().slice(0, 16)}Z`;
}

export function floorToHalfHour(instant: Date): Date {
  const step = 30 * 60_000;
  return new Date(Math.floor(instant.getTime() / step) * step);
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

export function addDaysIso(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** '7:30 pm ET' as NBA.com's gameStatusText for a scheduled game. */
export function easternClockText(instant: Date): string {
  const parts = zonedParts(instant, EASTERN);
  const hour12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
  return `${hour12}:${pad(parts.minute)} ${parts.hour < 12 ? 'am' : 'pm'} ET`;
}

export function isIsoDate(value: string | null | undefined): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** HTTP-date (RFC 9110), as in a Retry-After header. */
export function httpDate(instant: Date): string {
  return instant.toUTCString();
}

/** Decimal minutes (30.82) as minutes and seconds (30, 49): the seconds are rounded, so ±1 s. */
export function minutesAndSeconds(decimalMinutes: number): { minutes: number; seconds: number } {
  const totalSeconds = Math.round(decimalMinutes * 60);
  return { minutes: Math.floor(totalSeconds / 60), seconds: totalSeconds % 60 };
}
