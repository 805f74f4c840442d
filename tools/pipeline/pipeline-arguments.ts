import { datesBetween, isCalendarDate } from '@lib/messaging';
import { readCommandLineFlags } from '../cli/command-line-flags';

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
  const { values, json, switched } = readCommandLineFlags(
    argv,
    ['--date', '--from', '--to', '--timeout-minutes'],
    (message) => new PipelineArgumentError(message),
    ['--backfill', '--without-history'],
  );
  const backfill = switched.has('--backfill');
  const loadHistory = !switched.has('--without-history');
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
