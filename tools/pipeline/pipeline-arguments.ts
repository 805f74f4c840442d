import { datesBetween, isCalendarDate } from '@lib/messaging';

export interface PipelineArguments {
  from: string;
  to: string;
  dates: string[];
  backfill: boolean;
  timeoutMinutes: number;
  /** On a warehouse without the season's earlier games, load them first (backfill) so phase 5 has history. */
  loadHistory: boolean;
  /** The report (and the picks) as JSON on stdout. */
  json: boolean;
}

export const PIPELINE_USAGE =
  'usage: npm run pipeline -- --date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD [--backfill] [--without-history] [--json] [--timeout-minutes N]';

export class PipelineArgumentError extends Error {}

/** Parses the pipeline's command line; every problem names the flag. */
export function parsePipelineArguments(argv: readonly string[]): PipelineArguments {
  const values = new Map<string, string>();
  let backfill = false;
  let loadHistory = true;
  let json = false;
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--backfill') {
      backfill = true;
      continue;
    }
    if (flag === '--without-history') {
      loadHistory = false;
      continue;
    }
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (!['--date', '--from', '--to', '--timeout-minutes'].includes(flag)) throw new PipelineArgumentError(`unknown argument ${flag}`);
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw new PipelineArgumentError(`${flag} needs a value`);
    values.set(flag, value);
    index += 1;
  }
  const single = values.get('--date');
  const from = single ?? values.get('--from');
  const to = single ?? values.get('--to');
  if (single && (values.has('--from') || values.has('--to'))) throw new PipelineArgumentError('give --date or --from/--to, not both');
  if (!from || !to) throw new PipelineArgumentError('give --date, or both --from and --to');
  for (const [flag, value] of [[single ? '--date' : '--from', from], [single ? '--date' : '--to', to]]) {
    if (!isCalendarDate(value)) throw new PipelineArgumentError(`${flag} ${value} is not a real YYYY-MM-DD date`);
  }
  if (to < from) throw new PipelineArgumentError(`--to ${to} is before --from ${from}`);
  const timeoutText = values.get('--timeout-minutes') ?? '30';
  const timeoutMinutes = Number(timeoutText);
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0) throw new PipelineArgumentError(`--timeout-minutes ${timeoutText} is not a positive number`);
  return { from, to, dates: datesBetween(from, to), backfill, timeoutMinutes, loadHistory, json };
}
