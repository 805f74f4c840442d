import { Logger } from '@nestjs/common';
import { addDays } from '@lib/messaging';
import { CORRELATION_HEADER, mintCorrelationId, PlatformConfig } from '@lib/platform';
import { ClusterClient, findRunningCluster } from '../cluster/cluster-client';
import { LocalCluster } from '../cluster/local-cluster';
import { PipelineArguments } from './pipeline-arguments';
import { buildPipelineReport, PipelineReport } from './pipeline-report';

export interface PipelineRunOptions {
  pollIntervalMs?: number;
  /** Where progress lines go (stderr for the CLI). */
  progress?: (line: string) => void;
}

export interface PipelineRunResult {
  correlationId: string;
  report: PipelineReport;
  phase1Status: number;
  usedRunningCluster: boolean;
}

/**
 * The main job: use the running local cluster or start one, ask phase 1 to process the dates, then
 * follow the correlation id through every phase until the last one reports for every date, the
 * relay has nothing left to deliver, or the timeout passes.
 */
export async function runPipeline(args: PipelineArguments, config: PlatformConfig, options: PipelineRunOptions = {}): Promise<PipelineRunResult> {
  const progress = options.progress ?? ((line: string) => new Logger('Pipeline').log(line));
  let client = await findRunningCluster(config, progress);
  const usedRunningCluster = client !== undefined;
  let ownCluster: LocalCluster | undefined;
  if (!client) {
    progress('no local cluster running on this DATA_DIR: starting one for this run');
    ownCluster = await LocalCluster.start({ config, withScheduler: false });
    client = await findRunningCluster(config, progress);
    if (!client) throw new Error('started a local cluster but its operator endpoint does not answer');
  }
  try {
    return await followRun(client, args, { ...options, progress }, usedRunningCluster);
  } finally {
    if (ownCluster) await ownCluster.stop();
  }
}

async function followRun(
  client: ClusterClient,
  args: PipelineArguments,
  options: Required<Pick<PipelineRunOptions, 'progress'>> & PipelineRunOptions,
  usedRunningCluster: boolean,
): Promise<PipelineRunResult> {
  const correlationId = mintCorrelationId();
  // A day of slack: the run may straddle midnight UTC.
  const deadLettersSince = addDays(new Date().toISOString().slice(0, 10), -1);
  options.progress(`correlation id ${correlationId}: phase 1 for ${args.from}${args.to !== args.from ? ` .. ${args.to}` : ''}${args.backfill ? ' (backfill)' : ''}`);
  // One request per date, in order: a season in one request would outlast HTTP clients' header
  // timeouts (fetch gives up after 5 minutes), and each date's outcome is shown as it ends.
  let phase1Status = 0;
  for (const gameDate of args.dates) {
    const response = await fetch(`${client.descriptor.services['phase1-scrapers']}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CORRELATION_HEADER]: correlationId },
      body: JSON.stringify({ game_date: gameDate, backfill_mode: args.backfill }),
    });
    if (response.status >= 400 && response.status < 500) {
      throw new Error(`phase 1 refused the request for ${gameDate} (${response.status}): ${await response.text()}`);
    }
    const answer = (await response.json()) as { dates?: Array<{ status: string; records: number }> };
    const run = answer.dates?.[0];
    if (args.dates.length > 1) options.progress(`phase 1 ${gameDate}: ${run ? `${run.status}, ${run.records} records` : `HTTP ${response.status}`}`);
    phase1Status = Math.max(phase1Status, response.status);
  }
  const deadline = Date.now() + args.timeoutMinutes * 60_000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  for (;;) {
    const status = await client.runStatus(correlationId, args.from, args.to, deadLettersSince);
    const report = buildPipelineReport(args.dates, status, false);
    // With the local relay, the run is over when nothing is left to deliver (retries and dead
    // letters included); with Pub/Sub there is no such view, so the last phase's report ends it.
    const finished = status.relay ? status.relay.pendingDeliveries === 0 : report.complete;
    if (finished || Date.now() > deadline) {
      if (!finished) options.progress(`timed out after ${args.timeoutMinutes} minutes waiting for the last phase`);
      return { correlationId, report: buildPipelineReport(args.dates, status, true), phase1Status, usedRunningCluster };
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}
