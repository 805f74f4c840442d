import { PhaseExecutionRecord } from '@lib/platform';
import { buildPipelineReport } from './pipeline-report';

const run = (service: string, status: string, correlationId: string): PhaseExecutionRecord => ({
  run_id: `${service}-${correlationId}`,
  phase: `phase${service.slice(5, 6)}`,
  service,
  game_date: '2025-11-05',
  status,
  degraded: false,
  trigger: 'pubsub',
  backfill_mode: false,
  records: 10,
  detail: null,
  error: null,
  correlation_id: correlationId,
  started_at: '2026-12-01T05:00:00.000Z',
  finished_at: '2026-12-01T05:01:00.000Z',
});

describe('buildPipelineReport', () => {
  const services = ['phase1-scrapers', 'phase3-analytics', 'phase4-precompute', 'phase5-predictions'];
  const status = (earlier: PhaseExecutionRecord[]) => ({
    runs: [run('phase1-scrapers', 'success', 'now')],
    scraper_runs: [],
    dead_letters: [],
    relay: null,
    earlier_runs: earlier,
  });

  it('counts phases an earlier command (or the run before a crash) finished as done, saying so, once the run has settled', () => {
    const report = buildPipelineReport(['2025-11-05'], status(services.slice(1).map((service) => run(service, 'success', 'before-the-crash'))), true);
    expect(report).toMatchObject({ complete: true, failed: false });
    expect(report.rows.find((row) => row.service === 'phase5-predictions')).toMatchObject({ outcome: 'success', detail: expect.stringContaining('done by an earlier run (correlation id before-the-crash') });
  });

  it('still fails a phase that nothing ever finished', () => {
    const report = buildPipelineReport(['2025-11-05'], status([run('phase3-analytics', 'success', 'before-the-crash')]), true);
    expect(report.failed).toBe(true);
    expect(report.rows.find((row) => row.service === 'phase4-precompute')?.outcome).toBe('not_reported');
  });
});
