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

  it('sums phase 2 as runs, and a backfilled date loaded in one run says what that run loaded', () => {
    const byDate = { ...run('phase2-raw', 'success', 'now'), detail: 'loaded 17 of 17 payloads (nbac_schedule 11, bdl_player_stats 246)' };
    const one = buildPipelineReport(['2025-11-05'], { ...status([]), runs: [byDate] }, false).rows.find((row) => row.service === 'phase2-raw');
    expect(one).toMatchObject({ outcome: 'success', records: 10, detail: '1 phase 2 run: 1 success, 0 partial, 0 no_data, 0 failed; loaded 17 of 17 payloads (nbac_schedule 11, bdl_player_stats 246)' });
    const perPayload = [run('phase2-raw', 'success', 'a'), run('phase2-raw', 'no_data', 'b'), { ...run('phase2-raw', 'failed', 'c'), error: 'payload x unreadable' }];
    const many = buildPipelineReport(['2025-11-05'], { ...status([]), runs: perPayload }, false).rows.find((row) => row.service === 'phase2-raw');
    expect(many).toMatchObject({ outcome: 'failed', records: 30, detail: '3 phase 2 runs: 1 success, 0 partial, 1 no_data, 1 failed; payload x unreadable' });
  });
});
