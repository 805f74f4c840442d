import { SERVICE_NAMES, ServiceName } from '@lib/messaging';
import { PhaseExecutionRecord } from '@lib/platform';
import { RunStatusResponse } from '../cluster/cluster-ops.server';

export type PhaseOutcome = 'success' | 'partial' | 'no_data' | 'skipped' | 'failed' | 'running' | 'not_reported';

export interface PipelineReport {
  complete: boolean;
  failed: boolean;
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
      const run = latest.get(`${gameDate}|${service}`);
      const outcome: PhaseOutcome = run ? (TERMINAL.includes(run.status) ? (run.status as PhaseOutcome) : 'running') : 'not_reported';
      return { game_date: gameDate, service, outcome, records: run?.records ?? null, detail: run?.error ?? run?.detail ?? '' };
    }),
  );
  const lastPhase = SERVICE_NAMES[SERVICE_NAMES.length - 1];
  const complete = dates.every((gameDate) => rows.some((row) => row.game_date === gameDate && row.service === lastPhase && TERMINAL.includes(row.outcome)));
  const failed =
    rows.some((row) => row.outcome === 'failed') || status.dead_letters.length > 0 || (settled && !complete);
  return { complete, failed, rows, deadLetters: status.dead_letters };
}

export function formatPipelineReport(report: PipelineReport): string {
  const lines = ['date        phase               outcome       records  detail'];
  for (const row of report.rows) {
    lines.push(
      `${row.game_date}  ${row.service.padEnd(18)}  ${row.outcome.padEnd(12)}  ${String(row.records ?? '-').padStart(7)}  ${row.detail}`,
    );
  }
  for (const letter of report.deadLetters) {
    lines.push(`dead-lettered: message ${letter.message_id} on ${letter.subscription} (${letter.stage}): ${letter.reason}`);
  }
  lines.push(report.failed ? 'PIPELINE FAILED: see the rows above that did not succeed' : 'pipeline complete: every phase reported for every date');
  return lines.join('\n');
}
