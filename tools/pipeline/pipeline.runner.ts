import { Logger } from '@nestjs/common';
import fs from 'node:fs';
import path from 'node:path';
import { addDays } from '@lib/messaging';
import { CORRELATION_HEADER, mintCorrelationId, PlatformConfig, PlatformLogger } from '@lib/platform';
import { ClusterClient, findRunningCluster } from '../cluster/cluster-client';
import { LocalCluster } from '../cluster/local-cluster';
import { PipelineArguments } from './pipeline-arguments';
import { PickRow, picksOf } from './pipeline-picks';
import { PipelineProgress } from './pipeline-progress';
import { buildPipelineReport, PipelineReport } from './pipeline-report';
import { seasonGameDatesBefore, seasonGamesBefore } from './season-history';

export interface PipelineRunOptions {
  pollIntervalMs?: number;
  /** Where progress lines go (stderr for the CLI). */
  progress?: (line: string) => void;
  /** Where the services of a cluster this run starts log (default: DATA_DIR/logs/cluster-<time>.log). */
  clusterLogFile?: string;
}

export interface HistoryLoad {
  correlationId: string;
  from: string;
  to: string;
  dates: number;
  report: PipelineReport;
}

export interface PipelineRunResult {
  correlationId: string;
  report: PipelineReport;
  phase1Status: number;
  usedRunningCluster: boolean;
  /** The season's earlier dates, loaded first because the warehouse had none; null when it had them. */
  history: HistoryLoad | null;
  picksDate: string;
  picks: PickRow[];
  /** The log file of the cluster this run started; null when it used a running one. */
  clusterLogFile: string | null;
}

type Progress = (line: string) => void;

/**
 * The main job: use the running local cluster or start one (its logs to a file), load the season's
 * earlier dates first when the warehouse has none (so phase 5 has history to predict from), ask
 * phase 1 to process the dates, follow the correlation id through every phase until the last one
 * reports for every date, the relay has nothing left to deliver, or the timeout passes; then read
 * the last date's picks.
 */
export async function runPipeline(args: PipelineArguments, config: PlatformConfig, options: PipelineRunOptions = {}): Promise<PipelineRunResult> {
  const progress: Progress = options.progress ?? ((line: string) => new Logger('Pipeline').log(line));
  let client = await findRunningCluster(config, progress);
  const usedRunningCluster = client !== undefined;
  let ownCluster: LocalCluster | undefined;
  let clusterLog: fs.WriteStream | undefined;
  let clusterLogFile: string | null = null;
  if (!client) {
    clusterLogFile = options.clusterLogFile ?? path.join(config.dataDirectory, 'logs', `cluster-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
    fs.mkdirSync(path.dirname(clusterLogFile), { recursive: true });
    const stream = fs.createWriteStream(clusterLogFile, { flags: 'a' });
    clusterLog = stream;
    const logger = new PlatformLogger({
      format: 'json',
      level: config.LOG_LEVEL,
      projectId: config.GCP_PROJECT,
      defaultService: 'local-cluster',
      write: (line) => {
        if (!stream.writableEnded) stream.write(`${line}\n`);
      },
    });
    Logger.overrideLogger(logger);
    progress(`no local cluster running on this DATA_DIR: starting one for this run; its logs go to ${clusterLogFile}`);
    ownCluster = await LocalCluster.start({ config, logger, withScheduler: false });
    client = await findRunningCluster(config, progress);
    if (!client) throw new Error('started a local cluster but its operator endpoint does not answer');
  }
  try {
    const history = args.loadHistory && !args.backfill ? await loadSeasonHistory(client, args, config, options, progress) : null;
    const run = await followRun(client, args, { ...options, progress }, { oneDateAtATime: false, prefix: '' });
    const picks = await picksOf(client, args.to);
    return { ...run, usedRunningCluster, history, picksDate: args.to, picks, clusterLogFile };
  } finally {
    if (ownCluster) await ownCluster.stop();
    clusterLog?.end();
  }
}

/** On a warehouse without the season's earlier games, runs those dates first in backfill mode, one date at a time, in order. */
async function loadSeasonHistory(client: ClusterClient, args: PipelineArguments, config: PlatformConfig, options: PipelineRunOptions, progress: Progress): Promise<HistoryLoad | null> {
  if ((await seasonGamesBefore(client, args.from)) > 0) return null;
  const scheduleFrom = client.descriptor.nba_cdn_url ?? config.NBA_CDN_BASE_URL;
  const dates = await seasonGameDatesBefore(scheduleFrom, args.from);
  if (dates.length === 0) {
    progress(`the warehouse holds no game of the season before ${args.from}, and the season schedule lists none: nothing to load first`);
    return null;
  }
  const [from, to] = [dates[0], dates[dates.length - 1]];
  progress(
    `the warehouse holds no game of the season before ${args.from}: loading its ${dates.length} earlier game dates (${from} .. ${to}) in backfill mode first, ` +
      `so that phase 5 has history to predict ${args.from} (--without-history skips this)`,
  );
  const historyArgs: PipelineArguments = { ...args, from, to, dates, backfill: true };
  const run = await followRun(client, historyArgs, { ...options, progress }, { oneDateAtATime: true, prefix: '[history] ' });
  const failed = run.report.rows.filter((row) => row.outcome === 'failed');
  progress(`[history] loaded ${dates.length} dates${failed.length > 0 ? `; ${failed.length} phase runs failed (see the status page or the history report)` : ''}; now ${args.from}${args.to !== args.from ? ` .. ${args.to}` : ''}`);
  return { correlationId: run.correlationId, from, to, dates: dates.length, report: run.report };
}

async function followRun(
  client: ClusterClient,
  args: PipelineArguments,
  options: { progress: Progress } & PipelineRunOptions,
  mode: { oneDateAtATime: boolean; prefix: string },
): Promise<Pick<PipelineRunResult, 'correlationId' | 'report' | 'phase1Status'>> {
  const correlationId = mintCorrelationId();
  // A day of slack: the run may straddle midnight UTC.
  const deadLettersSince = addDays(new Date().toISOString().slice(0, 10), -1);
  const tracker = new PipelineProgress(options.progress, mode.prefix);
  const deadline = Date.now() + args.timeoutMinutes * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  options.progress(`${mode.prefix}correlation id ${correlationId}: phase 1 for ${args.from}${args.to !== args.from ? ` .. ${args.to}` : ''}${args.backfill ? ' (backfill)' : ''}`);

  /** Polls until the relay has nothing left to deliver (or, with Pub/Sub, the last phase reported), printing each settled phase. */
  const settle = async (dates: readonly string[], final: boolean): Promise<PipelineReport> => {
    for (;;) {
      const status = await client.runStatus(correlationId, args.from, args.to, deadLettersSince);
      const report = buildPipelineReport(dates, status, false);
      const finished = status.relay ? status.relay.pendingDeliveries === 0 : report.complete;
      const timedOut = Date.now() > deadline;
      tracker.update(report, finished || timedOut);
      if (finished || timedOut) {
        if (!finished) options.progress(`${mode.prefix}timed out after ${args.timeoutMinutes} minutes waiting for the last phase`);
        return buildPipelineReport(dates, status, final);
      }
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  };

  // One request per date, in order: a season in one request would outlast HTTP clients' header
  // timeouts (fetch gives up after 5 minutes), and each date's outcome is shown as it ends.
  let phase1Status = 0;
  for (const [index, gameDate] of args.dates.entries()) {
    const response = await fetch(`${client.descriptor.services['phase1-scrapers']}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CORRELATION_HEADER]: correlationId },
      body: JSON.stringify({ game_date: gameDate, backfill_mode: args.backfill }),
    });
    if (response.status >= 400 && response.status < 500) {
      throw new Error(`phase 1 refused the request for ${gameDate} (${response.status}): ${await response.text()}`);
    }
    await response.text();
    phase1Status = Math.max(phase1Status, response.status);
    // A backfill's later dates build on the earlier ones' analytics: each date goes through every phase before the next starts.
    if (mode.oneDateAtATime) {
      await settle(args.dates.slice(0, index + 1), false);
      if (Date.now() > deadline) break;
    }
  }
  return { correlationId, report: await settle(args.dates, true), phase1Status };
}
