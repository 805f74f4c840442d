import { isCalendarDate } from '@lib/messaging';

export interface BenchArguments {
  json: boolean;
  from: string;
  to: string;
  /** The last dates of the range run as live game days rather than in backfill mode. */
  liveDays: number;
  /** The date whose payloads the phase 2 load bench reloads (default: the range's middle date). */
  loadDate: string | null;
  /** Keep the bench's DATA_DIR (the warehouse of the run) for inspection. */
  keepData: boolean;
}

export const BENCH_USAGE = 'usage: npm run bench -- [--json] [--from YYYY-MM-DD --to YYYY-MM-DD] [--live-days N] [--load-date YYYY-MM-DD] [--keep-data]';

/** The bundled season: first and last date of data/season_2025_26. */
export const BUNDLED_SEASON = { from: '2025-10-21', to: '2026-01-19' } as const;

export class BenchArgumentError extends Error {}

export function parseBenchArguments(argv: readonly string[]): BenchArguments {
  const parsed: BenchArguments = { json: false, from: BUNDLED_SEASON.from, to: BUNDLED_SEASON.to, liveDays: 3, loadDate: null, keepData: false };
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--json') parsed.json = true;
    else if (flag === '--keep-data') parsed.keepData = true;
    else if (['--from', '--to', '--live-days', '--load-date'].includes(flag)) {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) throw new BenchArgumentError(`${flag} needs a value`);
      index += 1;
      if (flag === '--live-days') {
        if (!/^\d+$/.test(value)) throw new BenchArgumentError(`--live-days ${value} is not a whole number`);
        parsed.liveDays = Number(value);
        continue;
      }
      if (!isCalendarDate(value)) throw new BenchArgumentError(`${flag} ${value} is not a real YYYY-MM-DD date`);
      if (flag === '--from') parsed.from = value;
      else if (flag === '--to') parsed.to = value;
      else parsed.loadDate = value;
    } else throw new BenchArgumentError(`unknown argument ${flag}`);
  }
  if (parsed.to < parsed.from) throw new BenchArgumentError(`--to ${parsed.to} is before --from ${parsed.from}`);
  if (parsed.loadDate && (parsed.loadDate < parsed.from || parsed.loadDate > parsed.to)) {
    throw new BenchArgumentError(`--load-date ${parsed.loadDate} is outside ${parsed.from} .. ${parsed.to}: its payloads would not be stored`);
  }
  return parsed;
}
