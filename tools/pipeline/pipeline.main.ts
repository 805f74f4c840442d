import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadPlatformConfig, PlatformLogger, resolveLogFormat } from '@lib/platform';
import { parsePipelineArguments, PIPELINE_USAGE, PipelineArgumentError } from './pipeline-arguments';
import { formatPicks } from './pipeline-picks';
import { formatPipelineReport } from './pipeline-report';
import { PipelineRunResult, runPipeline } from './pipeline.runner';

/**
 * `npm run pipeline -- --date YYYY-MM-DD` (or --from/--to): the whole pipeline on the configured
 * defaults. Progress goes to stderr, one line per date and phase; stdout holds only the report and
 * the picks (or, with --json, the same as JSON); a cluster started for the run logs to a file.
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parsePipelineArguments(argv);
  } catch (error) {
    if (!(error instanceof PipelineArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${PIPELINE_USAGE}\n`);
    return 2;
  }
  const config = loadPlatformConfig();
  const toStderr = (line: string) => process.stderr.write(`${line}\n`);
  Logger.overrideLogger(new PlatformLogger({ format: resolveLogFormat(config.LOG_FORMAT), level: config.LOG_LEVEL, defaultService: 'pipeline', write: toStderr }));
  const result = await runPipeline(args, config, { progress: toStderr });
  process.stdout.write(args.json ? `${JSON.stringify(asJson(result), null, 2)}\n` : `${formatResult(result)}\n`);
  return result.report.failed ? 1 : 0;
}

function whyNoPicks(result: PipelineRunResult): string {
  const phase5 = result.report.rows.find((row) => row.game_date === result.picksDate && row.service === 'phase5-predictions');
  if (!phase5 || phase5.outcome === 'not_reported') return 'phase 5 did not report for the date';
  return `phase 5 ${phase5.outcome}${phase5.detail ? `: ${phase5.detail}` : ''}`;
}

function formatResult(result: PipelineRunResult): string {
  const parts = [];
  if (result.history) {
    const failed = result.history.report.rows.filter((row) => row.outcome === 'failed');
    parts.push(
      `season history loaded first (backfill, run ${result.history.correlationId}): ${result.history.dates} game dates ${result.history.from} .. ${result.history.to}` +
        (failed.length > 0 ? `; failed: ${failed.map((row) => `${row.game_date} ${row.service}`).join(', ')}` : ''),
    );
  }
  parts.push(`pipeline run ${result.correlationId}`, formatPipelineReport(result.report), '', formatPicks(result.picksDate, result.picks, whyNoPicks(result)));
  if (result.clusterLogFile) parts.push('', `cluster logs: ${result.clusterLogFile}`);
  return parts.join('\n');
}

function asJson(result: PipelineRunResult) {
  return {
    correlation_id: result.correlationId,
    failed: result.report.failed,
    history: result.history && { correlation_id: result.history.correlationId, from: result.history.from, to: result.history.to, dates: result.history.dates, rows: result.history.report.rows },
    report: result.report,
    picks: { game_date: result.picksDate, picks: result.picks, ...(result.picks.length === 0 ? { why_none: whyNoPicks(result) } : {}) },
    cluster_log_file: result.clusterLogFile,
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`pipeline failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
