import fs from 'node:fs';
import { ALL_TABLES, Row } from '@lib/warehouse';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { parsePipelineArguments } from '../tools/pipeline/pipeline-arguments';
import { formatPipelineReport } from '../tools/pipeline/pipeline-report';
import { runPipeline } from '../tools/pipeline/pipeline.runner';
import { contentsOf, tableContents } from './support/table-contents';
import { isolatedConfig } from './support/test-config';

/**
 * Issue 15's promise: nothing given up for speed. The same dates run through the whole pipeline with
 * a date's per-game scrapes one at a time (the slower path) and several at a time (the default)
 * leave the same rows in every table phases 2 to 5 write.
 *
 * Phase 4 starts once phase 3 has a date, which may be before the date's lines are loaded (on either
 * path: nothing makes it wait for them), and it builds a row for every player with a line. So both
 * runs first settle: phases 4 and 5 run the dates again once everything is loaded, as the daily
 * safety net would, and only the active predictions are compared.
 */
const FROM = '2025-11-04';
const TO = '2025-11-06';

async function runDates(scrapesInFlight: string): Promise<Map<string, Row[]>> {
  const config = await isolatedConfig({ SCRAPES_IN_FLIGHT_PER_PROVIDER: scrapesInFlight });
  const cluster = await LocalCluster.start({ config });
  try {
    const result = await runPipeline(parsePipelineArguments(['--from', FROM, '--to', TO, '--backfill']), config, { pollIntervalMs: 50, progress: () => undefined });
    if (result.report.failed) throw new Error(`the pipeline failed with SCRAPES_IN_FLIGHT_PER_PROVIDER=${scrapesInFlight}:\n${formatPipelineReport(result.report)}`);
    // Reloading a date's payloads (tables side by side, each table's payloads in fetch order) changes no raw row.
    const rawTables = ALL_TABLES.filter((candidate) => candidate.dataset === 'nba_raw');
    const rawBefore = await Promise.all(rawTables.map((table) => tableContents(cluster.infrastructure.warehouse, table)));
    const reload = await fetch(`${cluster.serviceUrl('phase2-raw')}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ game_date: '2025-11-05', backfill_mode: true }),
    });
    expect(reload.status).toBe(200);
    expect(((await reload.json()) as { dates: Array<{ records: number }> }).dates[0].records).toBeGreaterThan(1000);
    await cluster.relay?.whenIdle();
    expect(await Promise.all(rawTables.map((table) => tableContents(cluster.infrastructure.warehouse, table)))).toEqual(rawBefore);
    const settle = await fetch(`${cluster.serviceUrl('phase4-precompute')}/process_date`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_date: FROM, end_date: TO, backfill_mode: true }),
    });
    expect(settle.status).toBe(200);
    await cluster.relay?.whenIdle();
    return await contentsOf(
      cluster.infrastructure.warehouse,
      ALL_TABLES.filter((candidate) => candidate.dataset !== 'nba_orchestration'),
    );
  } finally {
    await cluster.stop();
    fs.rmSync(config.dataDirectory, { recursive: true, force: true });
  }
}

describe('speed paths change nothing in the data', () => {
  it(`per-game scrapes one at a time and four at a time leave identical tables for ${FROM} .. ${TO}`, async () => {
    const oneAtATime = await runDates('1');
    const fourAtATime = await runDates('4');
    const compared = [...oneAtATime.keys()];
    expect(compared.length).toBeGreaterThan(15);
    // The comparison means something only if the dates loaded rows in every phase.
    for (const table of ['nba_raw.bdl_player_boxscores', 'nba_raw.odds_api_player_points_props', 'nba_analytics.player_game_summary', 'nba_precompute.ml_feature_store']) {
      expect(oneAtATime.get(table)?.length).toBeGreaterThan(0);
    }
    for (const table of compared) {
      expect({ table, rows: fourAtATime.get(table) }).toEqual({ table, rows: oneAtATime.get(table) });
    }
  }, 240_000);
});
