import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlatformConfig } from '@lib/platform';
import { ALL_TABLES, DuckDBWarehouse, phaseExecutionLogTable, processedMessagesTable } from '@lib/warehouse';
import { DateOrderGate } from './date-order.gate';
import { DateOrderRepository } from './date-order.repository';

const RUN = 'backfill-run';

function phaseRun(service: string, gameDate: string, status: string, correlationId = RUN) {
  return {
    run_id: `${service}-${gameDate}-${status}-${correlationId}`, phase: `phase${service[5]}`, service, game_date: gameDate, status, degraded: false,
    trigger: 'pubsub', backfill_mode: true, records: 0, detail: null, error: null, correlation_id: correlationId,
    started_at: '2026-01-01T00:00:00Z', finished_at: status === 'running' ? null : '2026-01-01T00:00:01Z',
  };
}

function processed(service: string, gameDate: string, correlationId = RUN) {
  return { subscription: `nba-${service}-sub`, message_id: `${service}-${gameDate}-${correlationId}`, service, topic: 'topic', game_date: gameDate, correlation_id: correlationId, processed_at: '2026-01-01T00:00:02Z' };
}

describe('a backfill date waits for phase 3 to handle the previous date before it is announced', () => {
  let directory: string;
  let warehouse: DuckDBWarehouse;
  const pauses: number[] = [];
  let onPause: (() => Promise<void>) | undefined;
  let gate: DateOrderGate;

  beforeEach(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'date-order-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    pauses.length = 0;
    onPause = undefined;
    const clock = { now: () => new Date(), sleep: async (ms: number) => { pauses.push(ms); await onPause?.(); } };
    gate = new DateOrderGate(new DateOrderRepository(warehouse), loadPlatformConfig({ DATA_DIR: directory, BACKFILL_DATE_ORDER_WAIT_SECONDS: '2' }), clock);
  }, 60_000);
  afterEach(async () => {
    await warehouse.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('goes at once for the first date of a run, and for a date whose previous one another run scraped', async () => {
    await warehouse.upsert(phaseExecutionLogTable, [phaseRun('phase1-scrapers', '2025-11-03', 'success', 'another-run')]);
    await gate.awaitPreviousDate('2025-11-04', RUN);
    expect(pauses).toEqual([]);
  });

  it('waits while the previous date is in phases 2 and 3, and goes once phase 3 has handled it', async () => {
    await warehouse.upsert(phaseExecutionLogTable, [phaseRun('phase1-scrapers', '2025-11-02', 'success'), phaseRun('phase1-scrapers', '2025-11-03', 'success')]);
    await warehouse.upsert(processedMessagesTable, [processed('phase3-analytics', '2025-11-02')]);
    // the third pause sees phase 2 loaded 2025-11-03 (phase 3 was told), the fifth phase 3 handled it
    onPause = async () => {
      if (pauses.length === 3) {
        await warehouse.upsert(phaseExecutionLogTable, [phaseRun('phase2-raw', '2025-11-03', 'success')]);
        await warehouse.upsert(processedMessagesTable, [processed('phase2-raw', '2025-11-03')]);
      }
      if (pauses.length === 5) await warehouse.upsert(processedMessagesTable, [processed('phase3-analytics', '2025-11-03')]);
    };
    await gate.awaitPreviousDate('2025-11-04', RUN);
    expect(pauses).toHaveLength(5);
  });

  it('goes once a phase 3 run of the previous date has ended, before its message is marked processed', async () => {
    await warehouse.upsert(phaseExecutionLogTable, [phaseRun('phase1-scrapers', '2025-11-03', 'success'), phaseRun('phase3-analytics', '2025-11-03', 'running')]);
    onPause = async () => {
      if (pauses.length === 2) await warehouse.upsert(phaseExecutionLogTable, [phaseRun('phase3-analytics', '2025-11-03', 'no_data')]);
    };
    await gate.awaitPreviousDate('2025-11-04', RUN);
    expect(pauses).toHaveLength(2);
  });

  it('goes once phase 2 handled the previous date without a load that reaches phase 3', async () => {
    await warehouse.upsert(phaseExecutionLogTable, [phaseRun('phase1-scrapers', '2025-11-03', 'failed'), phaseRun('phase2-raw', '2025-11-03', 'failed')]);
    onPause = async () => {
      if (pauses.length === 2) await warehouse.upsert(processedMessagesTable, [processed('phase2-raw', '2025-11-03')]);
    };
    await gate.awaitPreviousDate('2025-11-04', RUN);
    expect(pauses).toHaveLength(2);
  });

  it('gives up after BACKFILL_DATE_ORDER_WAIT_SECONDS of pauses when phase 3 never handles the previous date', async () => {
    await warehouse.upsert(phaseExecutionLogTable, [phaseRun('phase1-scrapers', '2025-11-03', 'success'), phaseRun('phase2-raw', '2025-11-03', 'running')]);
    await gate.awaitPreviousDate('2025-11-04', RUN);
    expect(pauses.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(2000);
    expect(pauses.reduce((sum, ms) => sum + ms, 0)).toBeLessThan(2000 + 250);
  });
});
