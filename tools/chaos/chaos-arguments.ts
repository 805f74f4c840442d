import { datesBetween, isCalendarDate } from '@lib/messaging';
import { readCommandLineFlags } from '../cli/command-line-flags';

export interface ChaosArguments {
  seed: number;
  from: string;
  to: string;
  dates: string[];
  json: boolean;
  /** Longest wait for the pipeline to go quiet after each step. */
  timeoutMinutes: number;
}

export const CHAOS_USAGE = 'usage: npm run chaos -- --seed N --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--timeout-minutes N]';

export class ChaosArgumentError extends Error {}

/** Parses the chaos run's command line; every problem names the flag. */
export function parseChaosArguments(argv: readonly string[]): ChaosArguments {
  const { values, json } = readCommandLineFlags(argv, ['--seed', '--from', '--to', '--timeout-minutes'], (message) => new ChaosArgumentError(message));
  const seedText = values.get('--seed');
  if (seedText === undefined) throw new ChaosArgumentError('--seed is required (the same seed makes the same faults)');
  const seed = Number(seedText);
  if (!Number.isInteger(seed) || seed < 0) throw new ChaosArgumentError(`--seed ${seedText} is not a non-negative integer`);
  const from = values.get('--from');
  const to = values.get('--to');
  if (!from || !to) throw new ChaosArgumentError('give both --from and --to');
  for (const [flag, value] of [['--from', from], ['--to', to]]) {
    if (!isCalendarDate(value)) throw new ChaosArgumentError(`${flag} ${value} is not a real YYYY-MM-DD date`);
  }
  if (to < from) throw new ChaosArgumentError(`--to ${to} is before --from ${from}`);
  const timeoutText = values.get('--timeout-minutes') ?? '20';
  const timeoutMinutes = Number(timeoutText);
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) throw new ChaosArgumentError(`--timeout-minutes ${timeoutText} is not a positive number`);
  return { seed, from, to, dates: datesBetween(from, to), json, timeoutMinutes };
}
