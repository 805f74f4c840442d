import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays } from '@lib/messaging';
import { loadPlatformConfig, PlatformConfig } from '@lib/platform';
import { BoundaryAlert, BoundaryGate } from '@lib/quality';
import { createObjectStore, ObjectStore } from '@lib/storage';
import { ALL_TABLES, BASE_FEATURE_NAMES, DuckDBWarehouse, FEATURE_VERSION, oddsApiPlayerPointsPropsTable, Row } from '@lib/warehouse';
import { PrecomputeRepository } from '../../../phase4-precompute/src/precompute/precompute.repository';
import { PrecomputeStep } from '../../../phase4-precompute/src/precompute/precompute.step';
import { bundledPropRows, seedBundledAnalytics } from '../../../../tools/seed/analytics.seeder';
import { loadGrades, marketMetricsBySystem } from '../../../../tools/models/grade-report';
import { loadTrainingExamples } from '../systems/training-examples.repository';
import { GradeStep } from '../grading/grade.step';
import { PicksDocument, PicksExporter } from '../picks/picks.exporter';
import { ModelArtifactStore } from '../systems/model-artifact.store';
import { ModelTrainer } from '../systems/model-trainer.service';
import { MarketHistoryRepository } from '../systems/market-history.repository';
import { PredictionSystemsProvider } from '../systems/prediction-systems.provider';
import { impliedProbability } from './line-consensus';
import { trainRidge } from '../systems/ridge.model';
import { PredictionsRepository } from './predictions.repository';
import { PredictStep } from './predict.step';

const clock = { now: () => new Date('2025-11-10T18:00:00Z') };
const request = (gameDate: string, backfillMode = false) => ({ gameDate, backfillMode, trigger: 'process_date' as const, correlationId: 'test' });

describe('phase 5 predictions on the real bundled season', () => {
  let warehouse: DuckDBWarehouse;
  let objects: ObjectStore;
  let config: PlatformConfig;
  const alerts: BoundaryAlert[] = [];

  const gate = () => new BoundaryGate(warehouse, config.boundaryThresholds(), async (alert) => void alerts.push(alert), clock.now);
  const phase4 = () => new PrecomputeStep(new PrecomputeRepository(warehouse), gate(), config, clock);
  const predict = (at: { now: () => Date } = clock) =>
    new PredictStep(
      new PredictionsRepository(warehouse),
      new PredictionSystemsProvider(new ModelTrainer(warehouse, new ModelArtifactStore(objects), clock), new MarketHistoryRepository(warehouse), config),
      new PicksExporter(objects),
      gate(),
      config,
      at,
    );
  const predictionsOn = (gameDate: string, extra = '') =>
    warehouse.query<Row>(`SELECT * FROM nba_predictions.player_prop_predictions WHERE game_date = @gameDate ${extra} ORDER BY system_id, player_lookup`, { gameDate });
  const train = async (through: string) => {
    const examples = await loadTrainingExamples(warehouse, '2025-10-01', through, FEATURE_VERSION);
    const artifact = trainRidge(examples, { featureNames: BASE_FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: addDays(through, 1), trainedAt: clock.now().toISOString() });
    await new ModelArtifactStore(objects).save(artifact);
    return artifact;
  };

  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'phase5-'));
    config = loadPlatformConfig({ DATA_DIR: directory });
    warehouse = new DuckDBWarehouse({ path: config.duckdbPath, tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    objects = createObjectStore({ kind: 'local', root: config.objectStoreRoot });
    await seedBundledAnalytics(warehouse, { from: '2025-10-21', to: '2025-11-10' });
    for (let day = 22; day <= 41; day += 1) {
      const date = new Date(Date.UTC(2025, 9, day)).toISOString().slice(0, 10);
      await phase4().run(request(date));
    }
  }, 120_000);
  afterAll(async () => {
    await warehouse.close();
  });

  it('trains the ridges on the season so far when no model was trained before the date; without earlier lined predictions the primary is the line itself, and nothing is bet', async () => {
    const result = await predict().run(request('2025-11-01'));
    expect(result.status).toBe('success');
    expect(result.detail).toMatch(/trained ridge_v1 through 2025-10-30 on \d+ player-games/);
    expect(result.detail).toMatch(/trained ridge_v2 through 2025-10-30/);
    expect(result.detail).toMatch(/trained gbm_v1 through 2025-10-30 on \d+ player-games, 150 trees \(too few player-games to hold any out\)/);
    expect(result.detail).toMatch(/market_v1 is the consensus line itself: only 0 earlier lined predictions of minutes_rate_v1 before 2025-11-01, the market blend needs 300/);
    expect(result.detail).toMatch(/trained minutes_rate_v2 through 2025-10-30 on \d+ player-games, exponent \d\.\d\d/);
    expect(result.detail).toMatch(/stacked_v1 has equal weights: fewer than 300 earlier lined player-games predicted by all of minutes_rate_v1, minutes_rate_v2, gbm_v1, ridge_v2 before 2025-11-01/);
    const rows = await predictionsOn('2025-11-01');
    expect([...new Set(rows.map((row) => row.system_id))].sort()).toEqual(['ensemble_v1', 'ensemble_v2', 'gbm_v1', 'market_v1', 'minutes_rate_v1', 'minutes_rate_v2', 'ridge_v1', 'ridge_v2', 'rolling_avg_v1', 'stacked_v1']);
    const primary = rows.filter((row) => row.system_id === 'market_v1' && row.line_value !== null);
    expect(primary.length).toBeGreaterThan(50);
    expect(primary.every((row) => Number(row.predicted_points) === Number(row.line_value) && String(row.model_version).endsWith('unfitted-the-line'))).toBe(true);
    // no calibration yet: a probability is never made up, and nothing is bet
    expect(rows.every((row) => row.probability_over === null && row.recommendation === 'PASS')).toBe(true);
    expect(rows.filter((row) => row.line_value !== null).every((row) => (row.quality_flags as string[]).includes('no_calibration'))).toBe(true);
    const stored = JSON.parse((await objects.read('models/ridge_v1/v3/2025-10-30.json')).toString('utf8')) as { training_end_date: string; feature_names: string[] };
    expect(stored.training_end_date).toBe('2025-10-30');
    expect(stored.feature_names).toEqual([...BASE_FEATURE_NAMES]);
  }, 60_000);

  it('predicts every player with every system, the primary from the line and its prices, each with a calibrated probability fitted only on earlier dates', async () => {
    const details: string[] = [];
    for (let day = 2; day <= 9; day += 1) details.push((await predict().run(request(`2025-11-0${day}`))).detail ?? '');
    // gbm_v1 follows the ridges' calendar: trained once for the block from 2025-11-07, then read back from the store
    expect(details.map((detail) => /trained gbm_v1 through (\S+) on/.exec(detail)?.[1] ?? null)).toEqual([null, null, null, null, null, '2025-11-06', null, null]);
    expect(details[5]).toMatch(/trained gbm_v1 through 2025-11-06 on \d+ player-games, \d+ trees, the count with the least error on \d+ held-out player-games from 2025-10-31/);
    expect(details[6]).toContain(`gbm_v1 gbm_v1-${FEATURE_VERSION}-through-2025-11-06 trained through 2025-11-06`);
    await train('2025-11-09');
    await train('2025-11-10'); // trained on the predicted date itself: must not be used for it
    const result = await predict().run(request('2025-11-10'));
    expect(result.status).toBe('success');
    expect(result.detail).toMatch(/market_v1 blend w [\d.]+, c [\d.]+ on \d+ earlier lined predictions of minutes_rate_v1 through 2025-11-09/);
    expect(result.detail).toMatch(/stacked_v1 weights minutes_rate_v1 [\d.]+, minutes_rate_v2 [\d.]+, gbm_v1 [\d.]+, ridge_v2 [\d.]+ on \d+ earlier lined player-games through 2025-11-09/);
    const rows = await predictionsOn('2025-11-10', 'AND is_active');
    const bySystem = (id: string) => rows.filter((row) => row.system_id === id);
    expect(bySystem('rolling_avg_v1').length).toBeGreaterThan(100);
    for (const system of ['minutes_rate_v1', 'ridge_v1', 'ensemble_v1', 'gbm_v1', 'ridge_v2', 'ensemble_v2', 'stacked_v1', 'market_v1']) {
      expect(bySystem(system)).toHaveLength(bySystem('rolling_avg_v1').length);
    }
    expect(bySystem('ridge_v1').every((row) => row.training_end_date === '2025-11-09' && row.model_version === 'ridge_v1-v3-through-2025-11-09')).toBe(true);
    expect(bySystem('gbm_v1').every((row) => row.training_end_date === '2025-11-06' && row.model_version === 'gbm_v1-v3-through-2025-11-06')).toBe(true);
    expect(rows.every((row) => row.is_primary === (row.system_id === 'market_v1'))).toBe(true);

    const primaryLined = bySystem('market_v1').filter((row) => row.line_value !== null && row.market_probability_over !== null);
    expect(primaryLined.length).toBeGreaterThan(50);
    const minutesRate = new Map(bySystem('minutes_rate_v1').map((row) => [row.player_lookup, row]));
    for (const row of primaryLined) {
      // the primary starts from the line and moves a fraction of the way toward its model
      const model = Number(minutesRate.get(row.player_lookup)!.predicted_points);
      const line = Number(row.line_value);
      expect(Math.abs(Number(row.predicted_points) - line)).toBeLessThan(Math.abs(model - line) + 0.5 * Math.sqrt(line) * 3);
      expect(Number(row.probability_over)).toBeGreaterThan(0);
      expect(Number(row.probability_over)).toBeLessThan(1);
      // it reports its base's probability (the price must not enter the calibration twice)
      expect(Number(row.probability_over)).toBe(Number(minutesRate.get(row.player_lookup)!.probability_over));
    }
    const picks = rows.filter((candidate) => candidate.recommendation !== 'PASS');
    expect(picks.length).toBeGreaterThan(0);
    for (const row of picks) {
      const win = row.recommendation === 'OVER' ? Number(row.probability_over) : 1 - Number(row.probability_over);
      expect(win - impliedProbability(Number(row.bet_price))).toBeGreaterThanOrEqual(config.PREDICTION_MIN_WIN_PROBABILITY_MARGIN - 1e-4);
      expect(Number(row.confidence_score)).toBeCloseTo(100 * win, 0);
    }
    for (const row of rows.filter((candidate) => candidate.recommendation === 'PASS' && candidate.line_value !== null)) {
      expect(row.bet_price).toBeNull();
      expect((row.quality_flags as string[]).some((flag) => ['below_break_even_margin', 'bronze_tier', 'no_probability', 'no_price'].includes(flag))).toBe(true);
    }

    const lined = rows.filter((row) => row.line_value !== null);
    expect(lined.length).toBeGreaterThan(50);
    for (const row of lined) {
      expect(row.bookmaker).toEqual(expect.any(String));
      expect(Number(row.edge)).toBeCloseTo(Number(row.predicted_points) - Number(row.line_value), 1);
    }
    const unlined = rows.filter((row) => row.line_value === null);
    expect(unlined.every((row) => row.recommendation === 'PASS' && (row.quality_flags as string[]).includes('no_line'))).toBe(true);

    // the consensus line is a real main line of that bookmaker for that player
    const sample = lined[0];
    const [offered] = await warehouse.query<{ offered: number }>(
      `SELECT COUNT(*) AS offered FROM nba_raw.odds_api_player_points_props
        WHERE game_date = '2025-11-10' AND player_lookup = @player AND bookmaker = @bookmaker AND line = @line`,
      { player: String(sample.player_lookup), bookmaker: String(sample.bookmaker), line: Number(sample.line_value) },
    );
    expect(Number(offered.offered)).toBe(1);
  }, 120_000);

  it('a rerun with nothing changed writes nothing; a changed line supersedes, keeping the old row inactive', async () => {
    const before = await predictionsOn('2025-11-10');
    const again = await predict().run(request('2025-11-10'));
    expect(again.detail).toMatch(/0 new, 0 superseded/);
    expect(await predictionsOn('2025-11-10')).toHaveLength(before.length);

    const target = before.find((row) => row.line_value !== null && row.system_id === 'market_v1' && row.is_active)!;
    const lines = bundledPropRows({ from: '2025-11-10', to: '2025-11-10' }).filter((line) => line.player_lookup === target.player_lookup);
    // the books moved every line of this player up six points
    await warehouse.query(`DELETE FROM nba_raw.odds_api_player_points_props WHERE game_date = '2025-11-10' AND player_lookup = @player`, {
      player: String(target.player_lookup),
    });
    await warehouse.upsert(oddsApiPlayerPointsPropsTable, lines.map((line) => ({ ...line, line: Number(line.line) + 6 })));
    const rerun = await predict().run(request('2025-11-10'));
    expect(rerun.detail).toMatch(/10 new, 10 superseded/);

    const history = (await predictionsOn('2025-11-10')).filter((row) => row.player_lookup === target.player_lookup && row.system_id === 'market_v1');
    expect(history.map((row) => row.is_active).sort()).toEqual([false, true]);
    const [old, current] = [history.find((row) => !row.is_active)!, history.find((row) => row.is_active)!];
    expect(old.prediction_id).toBe(target.prediction_id);
    expect(old.superseded_at).not.toBeNull();
    expect(Number(current.line_value)).toBeGreaterThan(Number(old.line_value));
  });

  it('after tip-off a rerun keeps the predictions made before it in force, and the published picks with them', async () => {
    // hand-made schedule rows: each of the date's games tips off at 7 pm ET, after the predictions above (made at 1 pm ET)
    await warehouse.query(
      `INSERT INTO nba_raw.nbac_schedule (game_date, game_id, start_time_utc, home_team_code, away_team_code, source_path, fetched_at)
       SELECT game_date, game_id, TIMESTAMPTZ '2025-11-11 00:00:00+00', MIN(team_code), MAX(team_code), 'hand-made', TIMESTAMPTZ '2025-11-10 12:00:00+00'
         FROM nba_precompute.ml_feature_store WHERE game_date = '2025-11-10' GROUP BY game_date, game_id`,
    );
    const picksBefore = JSON.parse((await objects.read('picks/2025-11-10.json')).toString('utf8')) as PicksDocument;
    const activeBefore = await predictionsOn('2025-11-10', 'AND is_active');
    const target = activeBefore.find((row) => row.line_value !== null && row.system_id === 'market_v1')!;
    // the books move this player's lines after tip-off; a post-game rerun sees them
    await warehouse.query(`UPDATE nba_raw.odds_api_player_points_props SET line = line + 3 WHERE game_date = '2025-11-10' AND player_lookup = @player`, {
      player: String(target.player_lookup),
    });
    const afterTipoff = { now: () => new Date('2025-11-11T04:00:00Z') };
    try {
      const rerun = await predict(afterTipoff).run(request('2025-11-10'));
      expect(rerun.status).toBe('success');
      expect(rerun.detail).toMatch(/0 new, 0 superseded/);
      expect(rerun.detail).toContain(`${activeBefore.length} predictions made before their game's tip-off kept in force`);
      const activeAfter = await predictionsOn('2025-11-10', 'AND is_active');
      expect(activeAfter.map((row) => row.prediction_id)).toEqual(activeBefore.map((row) => row.prediction_id));
      const picksAfter = JSON.parse((await objects.read('picks/2025-11-10.json')).toString('utf8')) as PicksDocument;
      expect(picksAfter.picks).toEqual(picksBefore.picks);
      expect(picksAfter.generated_at).toBe('2025-11-11T04:00:00.000Z');

      // before tip-off the same moved line is taken: the pre-game picks follow the latest lines
      const pregame = await predict().run(request('2025-11-10'));
      expect(pregame.detail).toMatch(/10 new, 10 superseded/);
      expect(pregame.detail).not.toMatch(/kept in force/);
    } finally {
      await warehouse.query(`DELETE FROM nba_raw.nbac_schedule WHERE game_date = '2025-11-10' AND source_path = 'hand-made'`);
    }
  });

  it('exports the primary system\'s picks for the date with tier and freshness', async () => {
    const document = JSON.parse((await objects.read('picks/2025-11-10.json')).toString('utf8')) as PicksDocument;
    expect(document).toMatchObject({
      game_date: '2025-11-10',
      primary_system: 'market_v1',
      training_end_date: '2025-11-09',
      freshness: { data_through_date: '2025-11-09', days_behind: 1, stale: false },
      primary_unavailable_reason: null,
    });
    const active = await predictionsOn('2025-11-10', "AND is_active AND system_id = 'market_v1' AND recommendation <> 'PASS'");
    expect(document.picks.map((pick) => pick.player_lookup).sort()).toEqual(active.map((row) => row.player_lookup).sort());
    expect(document.picks.every((pick) => ['gold', 'silver'].includes(pick.quality_tier))).toBe(true);
    expect(document.picks.every((pick) => pick.price !== null && pick.probability_over !== null && pick.market_probability_over !== null)).toBe(true);
    // the confidence is the probability of winning the side taken, in percent (rounded to 0.1)
    expect(document.picks.every((pick) => Math.abs(pick.confidence - 100 * (pick.recommendation === 'OVER' ? pick.probability_over! : 1 - pick.probability_over!)) < 0.06)).toBe(true);
  });

  it('grades the active predictions against the box scores: error and win/loss/push', async () => {
    const result = await new GradeStep(new PredictionsRepository(warehouse), clock).run(request('2025-11-10'));
    expect(result.status).toBe('success');
    const grades = await warehouse.query<Row>(
      `SELECT grades.*, summary.points FROM nba_predictions.prediction_grades AS grades
         JOIN nba_analytics.player_game_summary AS summary ON summary.game_date = grades.game_date AND summary.player_lookup = grades.player_lookup
        WHERE grades.game_date = '2025-11-10' AND summary.game_date = '2025-11-10'`,
    );
    expect(grades.length).toBeGreaterThan(100);
    for (const grade of grades) {
      expect(Number(grade.actual_points)).toBe(Number(grade.points));
      expect(Number(grade.absolute_error)).toBeCloseTo(Math.abs(Number(grade.predicted_points) - Number(grade.points)), 1);
      const line = grade.line_value === null ? null : Number(grade.line_value);
      const expected =
        grade.recommendation === 'PASS' || line === null ? 'no_bet'
          : Number(grade.points) === line ? 'push'
            : (grade.recommendation === 'OVER') === Number(grade.points) > line ? 'win' : 'loss';
      expect(grade.outcome).toBe(expected);
      if (expected === 'win') expect(Number(grade.profit_units)).toBeCloseTo(Number(grade.bet_price) > 0 ? Number(grade.bet_price) / 100 : 100 / -Number(grade.bet_price), 3);
      if (expected === 'loss') expect(Number(grade.profit_units)).toBe(-1);
      if (expected === 'no_bet') expect(grade.profit_units).toBeNull();
      if (line !== null && Number(grade.points) !== line) expect(grade.went_over).toBe(Number(grade.points) > line);
    }
    // what npm run grade-report reads: every system held against the line and the market on its graded rows
    const market = marketMetricsBySystem(await loadGrades(warehouse, '2025-11-10', '2025-11-10'));
    const primary = market.find((metrics) => metrics.system === 'market_v1')!;
    expect(market.map((metrics) => metrics.system)).toContain('minutes_rate_v1');
    expect(primary.with_line).toBeGreaterThan(50);
    expect(primary.probability_rows).toBeGreaterThan(50);
    expect(primary.market_brier).toBeGreaterThan(0.2);
    expect(primary.mae_minus_line!.low).toBeLessThanOrEqual(primary.mae_minus_line!.high);
    const pending = await new GradeStep(new PredictionsRepository(warehouse), clock).run(request('2025-11-25'));
    expect(pending).toMatchObject({ status: 'no_data', detail: 'results for 2025-11-25 not in yet: nothing graded' });
  });

  it('never calls a prediction from stale history gold: after a gap in results it is bronze, flagged, and a PASS', async () => {
    await warehouse.upsert(oddsApiPlayerPointsPropsTable, bundledPropRows({ from: '2025-11-20', to: '2025-11-20' }));
    await phase4().run(request('2025-11-20'));
    await predict().run(request('2025-11-20'));
    const rows = await predictionsOn('2025-11-20', 'AND is_active');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.quality_tier === 'bronze' && row.recommendation === 'PASS')).toBe(true);
    expect(rows.every((row) => (row.quality_flags as string[]).includes('stale_history:10_days'))).toBe(true);
    const document = JSON.parse((await objects.read('picks/2025-11-20.json')).toString('utf8')) as PicksDocument;
    expect(document.freshness).toEqual({ data_through_date: '2025-11-10', days_behind: 10, stale: true });
    expect(document.picks).toEqual([]);
  });

  it('does not predict on an older feature build when phase 4 was blocked for the date', async () => {
    const before = await predictionsOn('2025-11-10');
    const upstream = {
      schema_version: 1, phase: 4, service: 'phase4-precompute', run_id: 'r', game_date: '2025-11-10', status: 'skipped' as const,
      records: 0, degraded: true, backfill_mode: false, detail: 'precompute: skipped (0) boundary blocked: completeness 61%',
    };
    const result = await predict().run({ ...request('2025-11-10'), trigger: 'pubsub', upstream });
    expect(result).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/^phase 4 did not run for 2025-11-10: .*boundary blocked/) });
    expect(await predictionsOn('2025-11-10')).toEqual(before);
  });

  it('does not predict a date whose feature vectors are mostly league defaults (the boundary blocks it)', async () => {
    const result = await predict().run(request('2025-10-22'));
    expect(result.status).toBe('skipped');
    expect(result.detail).toMatch(/boundary blocked: completeness .* below the block threshold 80%/);
    expect(await predictionsOn('2025-10-22')).toEqual([]);
    expect(alerts.some((alert) => alert.gameDate === '2025-10-22' && alert.category === 'boundary_block')).toBe(true);
  });
});
