import { git, lastCodeChange, resolveCommit, sameServiceCode, serviceCodePaths } from './service-code';

/** What one source says is deployed for a service. */
export interface DeployedCommit {
  service: string;
  /** null when the source could not tell (unreachable, no commit baked in). */
  commit: string | null;
  /** Where it was read: a /version URL or a Cloud Run revision label. */
  source: string;
  error?: string;
}

export type DriftStatus = 'current' | 'stale' | 'unknown';

export interface DriftRow {
  service: string;
  deployed: string | null;
  source: string;
  lastChange: { sha: string; subject: string };
  status: DriftStatus;
  reason: string;
}

export interface DriftReport {
  head: string;
  rows: DriftRow[];
}

/**
 * For each service: current when its code (app folder, the libs it imports, the build files) is the
 * same at the deployed commit as at HEAD; stale when it differs; unknown when the deployed commit
 * cannot be read or is not in this repository. Anything but current counts as drift.
 */
export function checkDrift(repo: string, deployed: readonly DeployedCommit[]): DriftReport {
  const head = git(repo, ['rev-parse', 'HEAD']);
  const rows = deployed.map((entry): DriftRow => {
    const paths = serviceCodePaths(repo, entry.service);
    const lastChange = lastCodeChange(repo, paths);
    const row = { service: entry.service, deployed: entry.commit, source: entry.source, lastChange };
    if (!entry.commit || entry.commit === 'unknown') {
      return { ...row, status: 'unknown', reason: entry.error ?? `${entry.source} reports no commit` };
    }
    const resolved = resolveCommit(repo, entry.commit);
    if (!resolved) return { ...row, status: 'unknown', reason: `deployed commit ${entry.commit} is not in this repository (fetch it, or it was built elsewhere)` };
    if (sameServiceCode(repo, paths, resolved, head)) {
      return { ...row, deployed: resolved, status: 'current', reason: resolved === head ? 'at HEAD' : 'no change to its code since the deployed commit' };
    }
    return {
      ...row,
      deployed: resolved,
      status: 'stale',
      reason: `its code changed after the deployed commit; last change ${lastChange.sha.slice(0, 12)} "${lastChange.subject}"`,
    };
  });
  return { head, rows };
}

export function driftExitCode(report: DriftReport): number {
  return report.rows.every((row) => row.status === 'current') ? 0 : 1;
}

export function formatDriftReport(report: DriftReport): string {
  const short = (sha: string | null) => (sha ? sha.slice(0, 12) : '-');
  const width = Math.max(7, ...report.rows.map((row) => row.service.length));
  const lines = [
    `HEAD ${report.head}`,
    `${'service'.padEnd(width)}  ${'deployed'.padEnd(12)}  ${'code changed'.padEnd(12)}  status`,
    ...report.rows.map(
      (row) =>
        `${row.service.padEnd(width)}  ${short(row.deployed).padEnd(12)}  ${short(row.lastChange.sha).padEnd(12)}  ${row.status.toUpperCase()}: ${row.reason} (from ${row.source})`,
    ),
  ];
  const drifted = report.rows.filter((row) => row.status !== 'current');
  lines.push(
    drifted.length === 0
      ? 'no drift: every service runs its code as of HEAD'
      : `DRIFT: ${drifted.map((row) => `${row.service} (${row.status})`).join(', ')} — deploy with deploy/deploy.sh <service>`,
  );
  return lines.join('\n');
}
