import { Module } from '@nestjs/common';
import { PHASE_STEPS, PhaseStep, PhaseStepsHandler, ServiceDefinition, createInfrastructure, createServiceApp } from '@lib/platform';
import { phase4PrecomputeService } from '../apps/phase4-precompute/src/app.module';
import { ALL_SERVICES, LocalCluster } from '../tools/cluster/local-cluster';
import { runPipeline } from '../tools/pipeline/pipeline.runner';
import { parsePipelineArguments } from '../tools/pipeline/pipeline-arguments';
import { runReadOnlyQuery } from '../tools/query/query.runner';
import { isolatedConfig } from './support/test-config';

function definitionWithStep(base: ServiceDefinition, step: PhaseStep): ServiceDefinition {
  @Module({ providers: [{ provide: PHASE_STEPS, useValue: [step] }], exports: [PHASE_STEPS] })
  class StepModule {}
  return { identity: base.identity, imports: [StepModule], handler: PhaseStepsHandler };
}

const quiet = () => undefined;

describe('readiness', () => {
  it('answers 503 naming the warehouse when it cannot be reached', async () => {
    const infrastructure = await createInfrastructure(await isolatedConfig());
    const app = await createServiceApp(phase4PrecomputeService, infrastructure);
    await app.listen(0, '127.0.0.1');
    try {
      const baseUrl = await app.getUrl();
      expect((await fetch(`${baseUrl}/health/ready`)).status).toBe(200);
      await infrastructure.warehouse.close();
      const response = await fetch(`${baseUrl}/health/ready`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: Record<string, { status: string; message: string }> };
      expect(Object.keys(body.error)).toEqual(['warehouse']);
      expect(body.error.warehouse.status).toBe('down');
      expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    } finally {
      await app.close();
      await infrastructure.publisher.close();
    }
  });
});

describe('stopping the local cluster', () => {
  it('lets an in-flight request and the deliveries it caused finish before closing', async () => {
    const config = await isolatedConfig();
    const slowLoad: PhaseStep = {
      name: 'slow-load',
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return { status: 'success', records: 7 };
      },
    };
    const cluster = await LocalCluster.start({
      config,
      services: ALL_SERVICES.map((service) => (service.identity.phase === 3 ? definitionWithStep(service, slowLoad) : service)),
    });
    const inFlight = fetch(`${cluster.serviceUrl('phase3-analytics')}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'drain-test' },
      body: JSON.stringify({ game_date: '2025-11-05' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = cluster.stop();
    const response = await inFlight;
    expect(response.status).toBe(200);
    await stopped;
    const { rows } = await runReadOnlyQuery(
      "SELECT service, status, records FROM nba_orchestration.phase_execution_log WHERE game_date = '2025-11-05' AND correlation_id = 'drain-test' ORDER BY phase",
      config,
      quiet,
    );
    expect(rows.map((row) => row.service)).toEqual(['phase3-analytics', 'phase4-precompute', 'phase5-predictions']);
    expect(rows[0]).toMatchObject({ status: 'success', records: 7 });
  });
});

describe('npm run pipeline and npm run query', () => {
  it('start a cluster of their own when none runs, and report every phase for every date', async () => {
    const config = await isolatedConfig();
    const result = await runPipeline(parsePipelineArguments(['--from', '2025-11-04', '--to', '2025-11-05', '--without-history']), config, { pollIntervalMs: 50, progress: quiet });
    expect(result.usedRunningCluster).toBe(false);
    expect(result.report.failed).toBe(false);
    expect(result.report.complete).toBe(true);
    expect(result.report.rows).toHaveLength(10);
    // phases 4 and 5 say no_data while phase 3 writes no analytics rows for them to build on
    const emptyInputPhases = ['phase4-precompute', 'phase5-predictions'];
    expect(result.report.rows.every((row) => row.outcome === 'success' || (row.outcome === 'no_data' && emptyInputPhases.includes(row.service)))).toBe(true);
    expect(result.report.sources.find((source) => source.scraper === 'bdl_box_scores')).toMatchObject({ runs: 2, success: 2 });
    const { rows, via } = await runReadOnlyQuery(
      `SELECT count(*) AS runs FROM nba_orchestration.phase_execution_log WHERE game_date BETWEEN '2025-11-04' AND '2025-11-05' AND correlation_id = '${result.correlationId}'`,
      config,
      quiet,
    );
    expect(via).toBe('warehouse');
    expect(Number(rows[0].runs)).toBeGreaterThan(10);
  });

  it('use a running cluster instead of fighting it for the DuckDB file, and report a failed phase', async () => {
    const config = await isolatedConfig();
    const brokenPredictions: PhaseStep = {
      name: 'model',
      run: async () => {
        throw new Error('model artifact missing');
      },
    };
    const cluster = await LocalCluster.start({
      config,
      services: ALL_SERVICES.map((service) => (service.identity.phase === 5 ? definitionWithStep(service, brokenPredictions) : service)),
    });
    try {
      const result = await runPipeline(parsePipelineArguments(['--date', '2025-11-05', '--without-history']), config, { pollIntervalMs: 50, progress: quiet });
      expect(result.usedRunningCluster).toBe(true);
      expect(result.report.failed).toBe(true);
      const outcomes = Object.fromEntries(result.report.rows.map((row) => [row.service, row.outcome]));
      expect(outcomes).toEqual({
        'phase1-scrapers': 'success',
        'phase2-raw': 'success',
        'phase3-analytics': 'success',
        'phase4-precompute': expect.stringMatching(/^(success|no_data)$/),
        'phase5-predictions': 'failed',
      });
      expect(result.report.rows[4].detail).toMatch(/model artifact missing/);
      // one dead letter per phase-4 completion that phase 5 could never take, all on phase 5's subscription
      expect(result.report.deadLetters.length).toBeGreaterThan(0);
      expect(new Set(result.report.deadLetters.map((letter) => letter.subscription))).toEqual(new Set(['nba-phase5-predictions-sub']));
      const { via } = await runReadOnlyQuery('SELECT 1 AS one', config, quiet);
      expect(via).toBe('running-cluster');
      await expect(runReadOnlyQuery('DELETE FROM nba_orchestration.processed_messages', config, quiet)).rejects.toThrow(/answered 400: refused: .*DELETE statement, not a SELECT/);
    } finally {
      await cluster.stop();
    }
  });
});
