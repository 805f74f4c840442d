import { addDays } from '@lib/messaging';
import { FaultRule, validateFaultRules } from '../replay/fault.injector';
import { EASTERN, zonedTimeToUtc } from '../replay/game-time.derivation';

/** A set of replay fault rules in force from one simulated instant to another. */
export interface FaultWindow {
  label: string;
  from: Date;
  /** Absent: until the end of the simulation. */
  to?: Date;
  rules: FaultRule[];
}

export class FaultWindowError extends Error {}

/** '19:00' (US Eastern on the simulated date), '+1 02:30' (US Eastern on the next day), or an ISO date-time with its zone. */
function instantOf(value: unknown, date: string, where: string): Date {
  if (typeof value !== 'string') throw new FaultWindowError(`${where} must be "HH:MM", "+1 HH:MM" (US Eastern) or an ISO date-time, got ${JSON.stringify(value)}`);
  const eastern = /^(?:\+(?<days>\d) )?(?<time>(?:[01]\d|2[0-3]):[0-5]\d)$/.exec(value);
  if (eastern?.groups) return zonedTimeToUtc(addDays(date, Number(eastern.groups.days ?? 0)), eastern.groups.time, EASTERN);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) return new Date(value);
  throw new FaultWindowError(`${where} must be "HH:MM", "+1 HH:MM" (US Eastern) or an ISO date-time with its zone, got ${JSON.stringify(value)}`);
}

/**
 * Reads a faults file: `{"windows": [{"label", "from", "to"?, "rules": [replay fault rules]}]}`. The
 * replay's rules say what goes wrong; the window says when, on the simulated clock.
 */
export function parseFaultWindows(input: unknown, date: string): FaultWindow[] {
  const windows = (input as { windows?: unknown } | null)?.windows;
  if (!Array.isArray(windows) || windows.length === 0) throw new FaultWindowError('a faults file is {"windows": [{"label", "from", "to"?, "rules": [...]}, ...]} with at least one window');
  return windows.map((window: Record<string, unknown>, index) => {
    const where = `windows[${index}]`;
    if (typeof window?.label !== 'string' || window.label.trim() === '') throw new FaultWindowError(`${where}.label must say what the window does`);
    const from = instantOf(window.from, date, `${where}.from`);
    const to = window.to === undefined ? undefined : instantOf(window.to, date, `${where}.to`);
    if (to && to <= from) throw new FaultWindowError(`${where}.to ${to.toISOString()} is not after its from ${from.toISOString()}`);
    let rules: FaultRule[];
    try {
      rules = validateFaultRules(window.rules);
    } catch (error) {
      throw new FaultWindowError(`${where}.rules: ${(error as Error).message}`);
    }
    // Rule ids are what the replay's request log names: keep them unique across windows.
    return { label: window.label, from, to, rules: rules.map((rule) => ({ ...rule, id: `w${index + 1}-${rule.id}` })) };
  });
}

/** The windows in force at an instant. */
export function activeWindows(windows: readonly FaultWindow[], at: Date): FaultWindow[] {
  return windows.filter((window) => window.from <= at && (!window.to || at < window.to));
}

/** The first instant after `after` at which a window opens or closes. */
export function nextWindowChange(windows: readonly FaultWindow[], after: Date): Date | undefined {
  const changes = windows.flatMap((window) => [window.from, ...(window.to ? [window.to] : [])]).filter((instant) => instant > after);
  return changes.length === 0 ? undefined : new Date(Math.min(...changes.map((instant) => instant.getTime())));
}
