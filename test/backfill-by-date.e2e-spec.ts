import fs from 'node:fs';
import { ALL_TABLES, Row } from '@lib/warehouse';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { parsePipelineArguments } from '../tools/pipeline/pipeline-arguments';
import { formatPipelineReport } from '../tools/pipeline/pipeline-report';
import { runPipeline } from '../tools/pipeline/pipeline.runner';
import { contentsOf } from './support/table-contents';
import { isolatedConfig, pushEnvelope } from './support/test-config';

/**
 * Issue 15: a backfilled date goes from phase 1 to phase 2 as one message, is loaded in one phase 2
 * run (each raw table's payloads in one upsert) and reaches phase 3 as one message. The same dates
 * through the per-scraper path (BACKFILL_LOADS_BY_DATE=false, one message and one load per payload,
 * one completion per load) leave the same rows in every table phases 2 to 5 write. On 2025-11-04
 * balldontlie lacks a game (NBA.com's box score stands in: a game-scoped fallback payload); every date
 * has per-game lines.
 *
 * Phase 4 may start before a date's lines are loaded on the per-scraper path, so both runs settle
 * phases 4 and 5 again once everything is loaded (as speed-paths.e2e-spec.ts does).
 */
const FROM = '2025-11-03';
const TO = '2025-11-05';

const DATA_TABLES = ALL_TABLES.filter((table) => table.dataset !== 'nba_orchestration');

async function post(url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

interface PathRun {
  tables: Map<string, Row[]>;
  /** Deliveries each phase's push endpoint processed, and phase 2's runs. */
  phase2Messages: number;
  phase3Messages: number;
  phase2Runs: number;
}

async function runDates(byDate: boolean, extra?: (cluster: LocalCluster) => Promise<void>): Promise<PathRun> {
  const config = await isolatedConfig({ BACKFILL_LOADS_BY_DATE: String(byDate) });
  const cluster = await LocalCluster.start({ config });
  // balldontlie lacks one game of 2025-11-04: NBA.com's box score stands in (a game-scoped fallback payload).
  cluster.replay!.setFaults([{ kind: 'missing_game', source: 'balldontlie', gameId: '0022500165', untilAttempt: 100 }]);
  try {
    const result = await runPipeline(parsePipelineArguments(['--from', FROM, '--to', TO, '--backfill']), config, { pollIntervalMs: 50, progress: () => undefined });
    if (result.report.failed) throw new Error(`the pipeline failed with BACKFILL_LOADS_BY_DATE=${byDate}:\n${formatPipelineReport(result.report)}`);
    const query = (sql: string) => cluster.infrastructure.warehouse.query<{ n: number }>(sql, { from: FROM, to: TO });
    const [[phase2], [phase3], [runs]] = await Promise.all([
      query(`SELECT COUNT(*) AS n FROM nba_orchestration.processed_messages WHERE subscription = 'nba-phase2-raw-sub' AND game_date BETWEEN @from AND @to`),
      query(`SELECT COUNT(*) AS n FROM nba_orchestration.processed_messages WHERE subscription = 'nba-phase3-analytics-sub' AND game_date BETWEEN @from AND @to`),
      query(`SELECT COUNT(*) AS n FROM nba_orchestration.phase_execution_log WHERE phase = 'phase2' AND status <> 'running' AND game_date BETWEEN @from AND @to`),
    ]);
    await extra?.(cluster);
    const settle = await post(`${cluster.serviceUrl('phase4-precompute')}/process_date`, { start_date: FROM, end_date: TO, backfill_mode: true });
    expect(settle.status).toBe(200);
    await cluster.relay?.whenIdle();
    return { tables: await contentsOf(cluster.infrastructure.warehouse, DATA_TABLES), phase2Messages: Number(phase2.n), phase3Messages: Number(phase3.n), phase2Runs: Number(runs.n) };
  } finally {
    await cluster.stop();
    fs.rmSync(config.dataDirectory, { recursive: true, force: true });
  }
}

/** A redelivered date message (same id, then a new id) and two that can never be processed, on the by-date cluster. */
async function redeliverAndRefuse(cluster: LocalCluster): Promise<void> {
  const date = '2025-11-04';
  const stored = await cluster.infrastructure.warehouse.query<{ scraper: string; path: string }>(
    `SELECT scraper, payload_path AS path FROM nba_orchestration.scraper_execution_log
      WHERE game_date = @date AND payload_path IS NOT NULL ORDER BY finished_at, payload_path`,
    { date },
  );
  expect(stored.length).toBeGreaterThan(20);
  const message = (payloads: unknown) => ({
    schema_version: 1,
    phase: 1,
    service: 'phase1-scrapers',
    run_id: 'redelivered-date',
    game_date: date,
    status: 'success',
    records: 1,
    degraded: false,
    backfill_mode: true,
    scope: 'date',
    payloads,
  });
  const pubsub = `${cluster.serviceUrl('phase2-raw')}/pubsub`;
  const raw = DATA_TABLES.filter((table) => table.dataset === 'nba_raw' || table.dataset === 'nba_analytics');
  const before = await contentsOf(cluster.infrastructure.warehouse, raw);
  const runsOf = async () =>
    Number((await cluster.infrastructure.warehouse.query<{ n: number }>(`SELECT COUNT(*) AS n FROM nba_orchestration.phase_execution_log WHERE phase = 'phase2' AND game_date = @date AND status <> 'running'`, { date }))[0].n);
  const runsBefore = await runsOf();

  expect((await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message(stored), 'date-again-1'))).body).toMatchObject({ outcome: 'processed' });
  expect((await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message(stored), 'date-again-1'))).body).toMatchObject({ outcome: 'duplicate' });
  await cluster.relay?.whenIdle();
  // A new id loads the date again (one more run) and changes no row; the same id runs nothing.
  expect(await runsOf()).toBe(runsBefore + 1);
  expect(await contentsOf(cluster.infrastructure.warehouse, raw)).toEqual(before);

  // Fetch order inside one table's upsert: a copy of a payload stored under another path, loaded after
  // the original in the same message, leaves its own source_path on every row; in the other order, the original's.
  const original = stored.find((payload) => payload.scraper === 'bdl_player_stats')!;
  const copy = { scraper: original.scraper, path: original.path.replace(/\.json$/, '-refetched.json') };
  await cluster.infrastructure.objectStore.write(copy.path, await cluster.infrastructure.objectStore.read(original.path), 'application/json');
  const sourcePaths = async () =>
    (
      await cluster.infrastructure.warehouse.query<{ source_path: string }>(
        `SELECT DISTINCT source_path FROM nba_raw.bdl_player_boxscores WHERE game_date = @date AND source_path IN UNNEST(@paths)`,
        { date, paths: [original.path, copy.path] },
      )
    ).map((row) => row.source_path);
  expect((await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message([original, copy]), 'date-order-1'))).body).toMatchObject({ outcome: 'processed' });
  expect(await sourcePaths()).toEqual([copy.path]);
  expect((await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message([copy, original]), 'date-order-2'))).body).toMatchObject({ outcome: 'processed' });
  expect(await sourcePaths()).toEqual([original.path]);
  // A payload that cannot be read now for a reason that may pass (here a symbolic link to itself, so the
  // read fails with ELOOP, not "not there"): the date is not acknowledged (500, so Pub/Sub delivers it
  // again) and nothing about it reaches phase 3; once the payload can be read, the same message loads.
  const flaky = { scraper: original.scraper, path: original.path.replace(/\.json$/, '-flaky.json') };
  const flakyFile = new URL(cluster.infrastructure.objectStore.uri(flaky.path)).pathname;
  fs.symlinkSync(flakyFile, flakyFile);
  const phase3Deliveries = async () =>
    Number((await cluster.infrastructure.warehouse.query<{ n: number }>(`SELECT COUNT(*) AS n FROM nba_orchestration.processed_messages WHERE subscription = 'nba-phase3-analytics-sub' AND game_date = @date`, { date }))[0].n);
  await cluster.relay?.whenIdle();
  const phase3Before = await phase3Deliveries();
  const failedOnce = await fetch(pubsub, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pushEnvelope('nba-phase2-raw-sub', message([original, flaky]), 'date-flaky')) });
  expect(failedOnce.status).toBe(500);
  await cluster.relay?.whenIdle();
  expect(await phase3Deliveries()).toBe(phase3Before);
  fs.rmSync(flakyFile);
  await cluster.infrastructure.objectStore.write(flaky.path, await cluster.infrastructure.objectStore.read(original.path), 'application/json');
  expect((await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message([original, flaky]), 'date-flaky'))).body).toMatchObject({ outcome: 'processed' });
  await cluster.relay?.whenIdle();
  expect(await phase3Deliveries()).toBe(phase3Before + 1);
  // Loaded after the original in the same message, the once-unreadable payload's rows are the ones kept.
  const keptFrom = await cluster.infrastructure.warehouse.query<{ source_path: string }>(
    `SELECT DISTINCT source_path FROM nba_raw.bdl_player_boxscores WHERE game_date = @date AND source_path IN UNNEST(@paths)`,
    { date, paths: [original.path, flaky.path] },
  );
  expect(keptFrom.map((row) => row.source_path)).toEqual([flaky.path]);

  // The date's own payloads again (balldontlie's box scores after its stats, as fetched): the tables compared below.
  expect((await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message(stored), 'date-again-2'))).body).toMatchObject({ outcome: 'processed' });
  await cluster.relay?.whenIdle();
  expect(await contentsOf(cluster.infrastructure.warehouse, raw)).toEqual(before);

  const outside = await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message([{ scraper: 'bdl_games', path: '../etc/passwd' }]), 'date-outside'));
  expect(outside.body).toMatchObject({ outcome: 'dead_lettered', reason: expect.stringContaining('payloads') });
  const missing = await post(pubsub, pushEnvelope('nba-phase2-raw-sub', message([{ scraper: 'bdl_games', path: `raw/balldontlie/games/${date}/never-stored.json` }]), 'date-missing'));
  expect(missing.body).toMatchObject({ outcome: 'dead_lettered', reason: expect.stringContaining('does not exist') });
}

describe('a backfilled date loaded by date', () => {
  it(`leaves the same tables as one message and one load per payload for ${FROM} .. ${TO}, in one phase 2 run per date`, async () => {
    const perPayload = await runDates(false);
    const byDate = await runDates(true, redeliverAndRefuse);
    // Three dates: one phase 2 delivery and one run each, one completion each to phase 3.
    expect({ phase2Messages: byDate.phase2Messages, phase2Runs: byDate.phase2Runs, phase3Messages: byDate.phase3Messages }).toEqual({ phase2Messages: 3, phase2Runs: 3, phase3Messages: 3 });
    expect(perPayload.phase2Messages).toBeGreaterThan(60);
    expect(perPayload.phase3Messages).toBeGreaterThan(60);
    // The comparison means something only if the dates loaded rows in every phase.
    for (const table of ['nba_raw.bdl_player_boxscores', 'nba_raw.nbac_gamebook_player_stats', 'nba_raw.odds_api_player_points_props', 'nba_analytics.player_game_summary', 'nba_precompute.ml_feature_store']) {
      expect({ table, loaded: (perPayload.tables.get(table)?.length ?? 0) > 0 }).toEqual({ table, loaded: true });
    }
    expect(perPayload.tables.size).toBeGreaterThan(15);
    for (const table of perPayload.tables.keys()) {
      expect({ table, rows: byDate.tables.get(table) }).toEqual({ table, rows: perPayload.tables.get(table) });
    }
  }, 300_000);
});
