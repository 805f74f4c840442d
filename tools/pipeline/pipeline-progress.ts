import { SERVICE_NAMES } from '@lib/messaging';
import { PipelineReport } from './pipeline-report';

const SETTLED = ['success', 'partial', 'no_data', 'skipped', 'failed'];

/**
 * One stderr line per date and phase, when the phase's outcome for the date is settled (phase 2,
 * which runs once per payload, once the next phase has reported or the run is over).
 */
export class PipelineProgress {
  private readonly printed = new Set<string>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly prefix = '',
  ) {}

  update(report: PipelineReport, runOver: boolean): void {
    for (const row of report.rows) {
      const key = `${row.game_date}|${row.service}`;
      if (this.printed.has(key) || !SETTLED.includes(row.outcome)) continue;
      const next = SERVICE_NAMES[SERVICE_NAMES.indexOf(row.service) + 1];
      const nextReported = next !== undefined && report.rows.some((other) => other.game_date === row.game_date && other.service === next && other.outcome !== 'not_reported');
      if (row.service === 'phase2-raw' && !nextReported && !runOver) continue;
      this.printed.add(key);
      const detail = row.detail.length > 110 ? `${row.detail.slice(0, 107)}...` : row.detail;
      this.write(`${this.prefix}${row.game_date} ${row.service.padEnd(18)} ${row.outcome.padEnd(9)} ${String(row.records ?? '-').padStart(6)}  ${detail}`);
    }
  }
}
