import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PhaseExecutionLogRepository, PhaseRunRequest, PhaseStep, PhaseWorkResult } from '@lib/platform';
import { ALL_TABLES, DuckDBWarehouse, playerPropPredictionsTable } from '@lib/warehouse';
import { PredictionsPhaseHandler } from './predictions-phase.handler';
import { PredictionsRepository } from './predictions.repository';

const request = (gameDate: string): PhaseRunRequest => ({ gameDate, backfillMode: true, trigger: 'pubsub', correlationId: 'restate-test' });

/** A step that records the dates it ran for and answers what the test scripted for each. */
class ScriptedStep implements PhaseStep {
  readonly calls: string[] = [];
  readonly started: string[] = [];
  constructor(
    readonly name: string,
    private readonly answer: (gameDate: string) => Promise<PhaseWorkResult>,
  ) {}
  async run(runRequest: PhaseRunRequest): Promise<PhaseWorkResult> {
    this.started.push(runRequest.gameDate);
    const result = await this.answer(runRequest.gameDate);
    this.calls.push(runRequest.gameDate);
    return result;
  }
}

describe('PredictionsPhaseHandler: later dates restated when an earlier one changes', () => {
  let warehouse: DuckDBWarehouse;
  let executionLog: PhaseExecutionLogRepository;

  const predictionOn = (gameDate: string, isActive = true) => ({
    prediction_id: `p-${gameDate}-${isActive}`,
    game_id: `g-${gameDate}`,
    game_date: gameDate,
    player_lookup: 'somebody',
    system_id: 'market_v1',
    is_primary: true,
    predicted_points: 10,
    recommendation: 'PASS',
    confidence_score: 50,
    quality_tier: 'gold',
    feature_version: 'v3',
    model_version: 'm',
    is_active: isActive,
    created_at: '2025-11-20T00:00:00Z',
  });
  const handlerWith = (steps: PhaseStep[]) =>
    new PredictionsPhaseHandler(steps, new PredictionsRepository(warehouse), executionLog, { name: 'phase5-predictions' });

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'restate-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'w.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    executionLog = new PhaseExecutionLogRepository(warehouse);
    // 11-03 and 11-05 hold active predictions; 11-04 only a superseded one; 2026-09-01 is the next season
    await warehouse.upsert(playerPropPredictionsTable, [predictionOn('2025-11-01'), predictionOn('2025-11-03'), predictionOn('2025-11-04', false), predictionOn('2025-11-05'), predictionOn('2026-09-01')]);
  });
  afterAll(async () => {
    await warehouse.close();
  });

  it('predicts and grades again, oldest first, every later date of the season that holds predictions, when the run changed rows', async () => {
    const predict = new ScriptedStep('predict', async (date) => ({ status: 'success', records: 3, changed: date === '2025-11-02' ? 3 : 0 }));
    const grade = new ScriptedStep('grade', async () => ({ status: 'success', records: 3, changed: 0 }));
    const result = await handlerWith([predict, grade]).run(request('2025-11-02'));
    expect(predict.calls).toEqual(['2025-11-02', '2025-11-03', '2025-11-05']);
    expect(grade.calls).toEqual(['2025-11-02', '2025-11-03', '2025-11-05']);
    expect(result.status).toBe('success');
    expect(result.detail).toContain('restated 2 later dates whose history this run changed (2025-11-03 .. 2025-11-05): 0 predictions and grades changed');
  });

  it('counts a change in the grades alone (the points a date was graded against) as a changed history', async () => {
    const predict = new ScriptedStep('predict', async () => ({ status: 'success', records: 3, changed: 0 }));
    const grade = new ScriptedStep('grade', async (date) => ({ status: 'success', records: 3, changed: date === '2025-11-04' ? 2 : 1 }));
    const result = await handlerWith([predict, grade]).run(request('2025-11-04'));
    expect(predict.calls).toEqual(['2025-11-04', '2025-11-05']);
    expect(result.detail).toContain('restated 1 later dates whose history this run changed (2025-11-05 .. 2025-11-05): 1 predictions and grades changed');
  });

  it('restates nothing when the run changed nothing and the date last ended well', async () => {
    const predict = new ScriptedStep('predict', async () => ({ status: 'success', records: 0, changed: 0 }));
    const result = await handlerWith([predict]).run(request('2025-11-02'));
    expect(predict.calls).toEqual(['2025-11-02']);
    expect(result.detail).not.toContain('restated');
  });

  it("restates after the date's previous run failed, though this run changed nothing (it may have died mid-restatement)", async () => {
    await executionLog.save({
      run_id: 'died', phase: 'phase5', service: 'phase5-predictions', game_date: '2025-11-01', status: 'failed', degraded: false, trigger: 'pubsub',
      backfill_mode: true, records: null, detail: null, error: 'killed', correlation_id: 'restate-test', started_at: '2025-11-20T01:00:00Z', finished_at: '2025-11-20T01:01:00Z',
    });
    const predict = new ScriptedStep('predict', async () => ({ status: 'success', records: 0, changed: 0 }));
    const result = await handlerWith([predict]).run(request('2025-11-01'));
    expect(predict.calls).toEqual(['2025-11-01', '2025-11-03', '2025-11-05']);
    expect(result.detail).toContain("restated 2 later dates after the date's previous run failed");
  });

  it('fails the run naming each later date it could not restate, after trying the others', async () => {
    const predict = new ScriptedStep('predict', async (date) => {
      if (date === '2025-11-03') throw new Error('feature store unreachable');
      return { status: 'success', records: 1, changed: 1 };
    });
    const run = handlerWith([predict]).run(request('2025-11-02'));
    await expect(run).rejects.toThrow(/2025-11-02 changed, and restating 1 of 2 later dates failed \(2025-11-03: step predict failed for 2025-11-03: feature store unreachable/);
    expect(predict.calls).toEqual(['2025-11-02', '2025-11-05']);
  });

  it('runs one date at a time: a run waits for the one before it, restatement included', async () => {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const firstEntered = new Promise<void>((resolve) => (entered = resolve));
    const predict = new ScriptedStep('predict', async (date) => {
      if (date === '2025-11-02') {
        entered();
        await gate;
      }
      return { status: 'success', records: 1, changed: date === '2025-11-02' ? 1 : 0 };
    });
    const handler = handlerWith([predict]);
    const first = handler.run(request('2025-11-02'));
    const second = handler.run(request('2025-11-05'));
    await firstEntered;
    // time for the second run to reach its step, were it not waiting: a few warehouse round trips
    for (let trip = 0; trip < 3; trip += 1) await warehouse.query('SELECT 1 AS one');
    expect(predict.started).toEqual(['2025-11-02']);
    release();
    await Promise.all([first, second]);
    expect(predict.started).toEqual(['2025-11-02', '2025-11-03', '2025-11-05', '2025-11-05']);
  });

  it('keeps serving after a failed run', async () => {
    const predict = new ScriptedStep('predict', async (date) => {
      if (date === '2025-11-06') throw new Error('boom');
      return { status: 'success', records: 0, changed: 0 };
    });
    const handler = handlerWith([predict]);
    await expect(handler.run(request('2025-11-06'))).rejects.toThrow(/boom/);
    await expect(handler.run(request('2025-11-07'))).resolves.toMatchObject({ status: 'success' });
  });
});
