import { SERVICE_NAMES, ServiceName } from '@lib/messaging';
import { PhaseExecutionRecord } from '@lib/platform';
import { RunStatusResponse } from '../cluster/cluster-ops.server';

export type PhaseOutcome = 'success' | 'partial' | 'no_data' | 'skipped' | 'failed' | 'running' | 'not_reported';

export interface SourceSummary {
  source: string;
  scraper: string;
  runs: number;
  success: number;
  partial: number;
  no_data: number;
  failed: number;
  records: number;
  attempts: number;
  fallback_runs: number;
}

export interface PipelineReport {
  complete: boolean;
  failed: boolean;
  sources: SourceSummary[];
  rows: Array<{ game_date: string; service: ServiceName; outcome: PhaseOutcome; records: number | null; detail: string }>;
  deadLetters: RunStatusResponse['dead_letters'];
}

const TERMINAL: readonly string[] = ['success', 'partial', 'no_data', 'skipped', 'failed'];

/**
 * Reads where each date stands in each phase. The last run of a phase for a date counts (a run that
 * failed and then succeeded on redelivery is a success). Complete when the last phase reported for
 * every date; failed when any phase's last run failed, any message was dead-lettered, or a phase
 * never reported.
 */
export function buildPipelineReport(dates: readonly string[], status: RunStatusResponse, settled: boolean): PipelineReport {
  const latest = new Map<string, PhaseExecutionRecord>();
  for (const run of status.runs) {
    const key = `${run.game_date}|${run.service}`;
    const seen = latest.get(key);
    if (!seen || seen.started_at <= run.started_at) latest.set(key, run);
  }
  const rows = dates.flatMap((gameDate) =>
    SERVICE_NAMES.map((service) => {
      if (service === PER_PAYLOAD_SERVICE) return summarizeLoads(gameDate, status.runs);
      const run = latest.get(`${gameDate}|${service}`);
      // Once the run has settled, a phase this command did not need to run (an earlier command, or the
      // run before a crash, finished it) reports that earlier run, saying so.
      const earlier = !run && settled ? status.earlier_runs?.find((candidate) => candidate.game_date === gameDate && candidate.service === service) : undefined;
      if (earlier) {
        const detail = `done by an earlier run (correlation id ${earlier.correlation_id ?? 'none'}, finished ${earlier.finished_at ?? 'unknown'})${earlier.detail ? `: ${earlier.detail}` : ''}`;
        return { game_date: gameDate, service, outcome: earlier.status as PhaseOutcome, records: earlier.records ?? null, detail };
      }
      const outcome: PhaseOutcome = run ? (TERMINAL.includes(run.status) ? (run.status as PhaseOutcome) : 'running') : 'not_reported';
      return { game_date: gameDate, service, outcome, records: run?.records ?? null, detail: run?.error ?? run?.detail ?? '' };
    }),
  );
  const lastPhase = SERVICE_NAMES[SERVICE_NAMES.length - 1];
  const complete = dates.every((gameDate) => rows.some((row) => row.game_date === gameDate && row.service === lastPhase && TERMINAL.includes(row.outcome)));
  const failed =
    rows.some((row) => row.outcome === 'failed') || status.dead_letters.length > 0 || (settled && !complete);
  return { complete, failed, rows, sources: summarizeSources(status.scraper_runs), deadLetters: status.dead_letters };
}

/**
 * Phase 2 runs once per stored payload (live), or once for a whole backfilled date: its row for a date
 * sums every run rather than showing the last one, and a date's single run says what it loaded.
 */
const PER_PAYLOAD_SERVICE: ServiceName = 'phase2-raw';

function summarizeLoads(gameDate: string, runs: readonly PhaseExecutionRecord[]): PipelineReport['rows'][number] {
  const loads = runs.filter((run) => run.game_date === gameDate && run.service === PER_PAYLOAD_SERVICE);
  if (loads.length === 0) return { game_date: gameDate, service: PER_PAYLOAD_SERVICE, outcome: 'not_reported', records: null, detail: '' };
  const count = (status: string) => loads.filter((run) => run.status === status).length;
  const outcome: PhaseOutcome = count('running') > 0 ? 'running' : count('failed') > 0 ? 'failed' : count('partial') > 0 ? 'partial' : count('success') > 0 ? 'success' : 'no_data';
  const failures = loads.filter((run) => run.status === 'failed').map((run) => run.error ?? run.detail ?? '');
  return {
    game_date: gameDate,
    service: PER_PAYLOAD_SERVICE,
    outcome,
    records: loads.reduce((sum, run) => sum + (run.records ?? 0), 0),
    detail: `${runsCounted(loads.length)}: ${count('success')} success, ${count('partial')} partial, ${count('no_data')} no_data, ${count('failed')} failed${failures.length > 0 ? `; ${failures.join('; ')}` : loads.length === 1 && loads[0].detail ? `; ${loads[0].detail}` : ''}`,
  };
}

const runsCounted = (runs: number) => `${runs} phase 2 run${runs === 1 ? '' : 's'}`;

/** Per source and scraper: how many runs ended how, records fetched, HTTP attempts, fallback runs. */
export function summarizeSources(runs: RunStatusResponse['scraper_runs']): SourceSummary[] {
  const summaries = new Map<string, SourceSummary>();
  for (const run of runs) {
    const key = `${run.source}|${run.scraper}`;
    const summary = summaries.get(key) ?? {
      source: run.source,
      scraper: run.scraper,
      runs: 0,
      success: 0,
      partial: 0,
      no_data: 0,
      failed: 0,
      records: 0,
      attempts: 0,
      fallback_runs: 0,
    };
    summary.runs += 1;
    if (run.status === 'success' || run.status === 'partial' || run.status === 'no_data' || run.status === 'failed') summary[run.status] += 1;
    summary.records += run.records ?? 0;
    summary.attempts += run.attempts ?? 0;
    if (run.params && typeof run.params === 'object' && 'fallback_for' in run.params) summary.fallback_runs += 1;
    summaries.set(key, summary);
  }
  return [...summaries.values()].sort((a, b) => a.source.localeCompare(b.source) || a.scraper.localeCompare(b.scraper));
}

export function formatPipelineReport(report: PipelineReport): string {
  const lines = ['date        phase               outcome       records  detail'];
  for (const row of report.rows) {
    lines.push(
      `${row.game_date}  ${row.service.padEnd(18)}  ${row.outcome.padEnd(12)}  ${String(row.records ?? '-').padStart(7)}  ${row.detail}`,
    );
  }
  if (report.sources.length > 0) {
    const scraperWidth = Math.max(20, ...report.sources.map((source) => source.scraper.length));
    lines.push('', `source        ${'scraper'.padEnd(scraperWidth)}  runs  ok  partial  no_data  failed  records  attempts  fallback`);
    for (const source of report.sources) {
      lines.push(
        `${source.source.padEnd(12)}  ${source.scraper.padEnd(scraperWidth)}  ${String(source.runs).padStart(4)}  ${String(source.success).padStart(2)}  ${String(source.partial).padStart(7)}  ${String(source.no_data).padStart(7)}  ${String(source.failed).padStart(6)}  ${String(source.records).padStart(7)}  ${String(source.attempts).padStart(8)}  ${String(source.fallback_runs).padStart(8)}`,
      );
    }
    lines.push('');
  }
  for (const letter of report.deadLetters) {
    lines.push(`dead-lettered: message ${letter.message_id} on ${letter.subscription} (${letter.stage}): ${letter.reason}`);
  }
  lines.push(report.failed ? 'PIPELINE FAILED: see the rows above that did not succeed' : 'pipeline complete: every phase reported for every date');
  return lines.join('\n');
}
