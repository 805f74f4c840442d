import fs from 'node:fs';
import path from 'node:path';
import { playerLookup } from '@lib/identity';
import { parseCsv, PlatformConfig, PlatformLogger } from '@lib/platform';
import { SCHEDULER_JOBS } from '../deploy/scheduler/scheduler-jobs';
import { parseFaultWindows } from '../tools/simulate/fault-windows';
import { buildGameDayReport, GameDayReport } from '../tools/simulate/game-day.report';
import { SimulatedDay, simulateGameDay } from '../tools/simulate/simulation.runner';
import { buildTimeline, TimelineEntry } from '../tools/simulate/timeline.builder';
import { isolatedConfig } from './support/test-config';

/**
 * One real date of the bundled season, 2025-11-05 (11 games), run whole on the running clock: the
 * cluster, its scheduler firing every deploy/ job on its cron, and the replay revealing what the world
 * had published at each moment. Nothing is called by hand.
 */
describe('a simulated game day: 2025-11-05 from 5:45 am ET to noon the next day', () => {
  let config: PlatformConfig;
  let day: SimulatedDay;
  let timeline: TimelineEntry[];
  let report: GameDayReport;
  const logs: string[] = [];

  beforeAll(async () => {
    config = await isolatedConfig();
    const logger = new PlatformLogger({ format: 'json', level: 'warn', write: (line) => logs.push(line) });
    day = await simulateGameDay({ date: '2025-11-05', speed: 60, faults: [], config, dataDir: path.join(config.DATA_DIR, 'simulation'), withOpsServer: false, logger });
    timeline = buildTimeline(day);
    report = buildGameDayReport(day);
  }, 600_000);

  const firstRun = (workflow: string, gameDate = '2025-11-05') =>
    timeline.find((entry) => entry.kind === 'decision' && entry.game_date === gameDate && entry.text.startsWith(`RUN ${workflow} `));

  it('ran the day within a few minutes of wall time, skipping the idle hours', () => {
    expect(day.startedAt).toBe('2025-11-05T10:45:00.000Z');
    expect(day.endedAt >= '2025-11-06T17:00:00.000Z').toBe(true);
    expect(day.wallSeconds).toBeLessThan(600);
    expect(day.skippedMinutes).toBeGreaterThan(600);
  });

  it('fired every declared scheduler job on its own cron instants, the hourly evaluation every hour', () => {
    const fired = new Set(day.firings.map((firing) => firing.job));
    expect([...fired].sort()).toEqual(SCHEDULER_JOBS.map((job) => job.name).sort());
    const evaluations = day.firings.filter((firing) => firing.job === 'nba-phase1-workflow-evaluate' && firing.outcome !== 'missed').map((firing) => firing.due);
    expect(evaluations.length).toBeGreaterThanOrEqual(30);
    expect(evaluations.every((due) => due.endsWith(':00:00.000Z'))).toBe(true);
    expect(day.firings.find((firing) => firing.job === 'nba-phase4-safety-net')?.due).toBe('2025-11-05T11:30:00.000Z'); // 6:30 ET
    expect(day.firings.filter((firing) => firing.outcome === 'answered').every((firing) => firing.firedAt >= firing.due)).toBe(true);
  });

  it('ran the live path in its order: morning operations, pre-game lines, post-game windows 1, 2 and 3', () => {
    const order = ['morning_operations', 'betting_lines', 'post_game_window_1', 'post_game_window_2', 'post_game_window_3'].map((workflow) => firstRun(workflow));
    expect(order.every((entry) => entry !== undefined)).toBe(true);
    const times = order.map((entry) => entry!.at);
    expect(times).toEqual([...times].sort());
    // Each evaluation is stamped with the clock when it started: within seconds of its cron instant.
    const hour = (at: string | undefined) => at?.slice(0, 16);
    expect(hour(times[0])).toBe('2025-11-05T13:00'); // 8:00 ET, the first evaluation in the morning window
    expect(hour(times[1])).toBe('2025-11-05T18:00'); // 6 h before the first tip-off (7:00 pm ET)
    expect(hour(firstRun('morning_operations', '2025-11-06')?.at)).toBe('2025-11-06T13:00');
    const minuteOfHour = timeline.filter((entry) => entry.kind === 'decision').map((entry) => Number(entry.at.slice(14, 16)));
    expect(minuteOfHour.every((minute) => minute < 10)).toBe(true);
  });

  it('saw each game as the world showed it: lines from the 5 pm snapshot, box scores only after the final buzzer', () => {
    expect(report.games).toHaveLength(11);
    for (const game of report.games) {
      expect(game.lines_known_at! >= '2025-11-05T22:00:00.000Z').toBe(true); // 17:00 ET
      expect(game.lines_known_at! < game.tipoff).toBe(true);
      expect(game.final_available_at! >= game.ends).toBe(true);
      expect(game.analytics_at! >= game.final_available_at!).toBe(true);
      expect(game.features_at! >= game.analytics_at!).toBe(true);
      expect(game.graded_at! >= game.features_at!).toBe(true);
    }
  });

  it('graded every game by the next morning and predicted nothing from data it did not have yet', () => {
    const verdict = (name: string) => report.verdicts.find((candidate) => candidate.name === name)!;
    expect(verdict('graded_by_next_morning')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^11 of 11 final games graded/) });
    expect(verdict('nothing_predicted_from_unavailable_data').status).toBe('ok');
    expect(new Set(day.rows.grades.map((grade) => grade.game_id)).size).toBe(11);
    // Graded against the real final points of the bundled box scores, not against anything the pipeline made up.
    const realPoints = new Map(
      parseCsv(fs.readFileSync(path.join(__dirname, '../data/season_2025_26/player_box.csv'), 'utf8'))
        .filter((row) => row.game_date === '2025-11-05')
        .map((row) => [`${row.game_id} ${playerLookup(row.player_name)}`, Number(row.pts)]),
    );
    const mismatched = day.rows.grades.filter((grade) => realPoints.get(`${grade.game_id} ${grade.player_lookup}`) !== Number(grade.actual_points));
    expect(mismatched).toEqual([]);
  });

  // A betting-lines run that stored player lines triggers phase 4 (then 5) for the date: the picks are made
  // before tip-off, and the post-game rerun keeps them in force (README, "A game day on a clock").
  it('predicted every player with a line before his tip-off, and kept those picks in force through the games', () => {
    const verdict = report.verdicts.find((candidate) => candidate.name === 'predicted_before_tipoff')!;
    expect(verdict).toMatchObject({ status: 'ok', failures: [] });
    const playersWithLine = report.games.reduce((sum, game) => sum + game.players_with_line, 0);
    expect(verdict.detail).toMatch(new RegExp(`^${playersWithLine} of ${playersWithLine} players`));
    for (const game of report.games) {
      expect(game.picks_published_at! < game.tipoff).toBe(true);
      expect(game.picks_published_at! > game.lines_known_at!).toBe(true);
    }
    expect(report.games.reduce((sum, game) => sum + game.picks_at_tipoff, 0)).toBeGreaterThan(0);
  });

  it('logged what went wrong instead of swallowing it, and raised no deadline or gap alert for games not yet played or just ended', () => {
    // Phase 3's deadline counts from the date's first box-score load: a morning schedule read starts nothing.
    expect(day.rows.alerts.filter((alert) => alert.category === 'analytics_deadline_passed')).toEqual([]);
    // Nor a reconciliation gap for games that ended minutes before the nightly self-heal: they await post-game window 1.
    expect(day.rows.alerts.filter((alert) => alert.category === 'reconciliation_gap')).toEqual([]);
    // Nor a completeness slide: the earlier dates are whole, and tonight's games are owed from 6:00 ET tomorrow, not from 8 pm (midnight UTC).
    expect(day.rows.alerts.filter((alert) => alert.category === 'completeness_low')).toEqual([]);
    for (const alert of day.rows.alerts) expect(logs.some((line) => line.includes(alert.category))).toBe(true);
    // Alerts are stamped by the services' clock: told in the simulated day, not at its start.
    for (const alert of day.rows.alerts) expect(String(alert.raised_at) > day.startedAt).toBe(true);
  });

  it('predicted with every system: the seeded history went through phases 4 and 5 first, as a season would have', () => {
    const predicted = day.rows.phaseRuns.filter((run) => run.phase === 'phase5' && run.game_date === '2025-11-05' && /predict: success/.test(run.detail ?? ''));
    expect(predicted.length).toBeGreaterThan(0);
    for (const run of predicted) expect(run.detail).toMatch(/ players × 10 systems: /);
  });
});

/** The same date with balldontlie down for two hours over post-game window 1: the fallbacks and the retry queue catch up, and the report says when. */
describe('a simulated game day with a fault: balldontlie down from 1:00 to 3:00 am ET', () => {
  let day: SimulatedDay;
  let report: GameDayReport;

  beforeAll(async () => {
    const config = await isolatedConfig();
    const faults = parseFaultWindows(
      { windows: [{ label: 'balldontlie down', from: '+1 01:00', to: '+1 03:00', rules: [{ kind: 'error', source: 'balldontlie', status: 503 }] }] },
      '2025-11-05',
    );
    const logger = new PlatformLogger({ format: 'json', level: 'error', write: () => undefined });
    day = await simulateGameDay({ date: '2025-11-05', speed: 60, faults, config, dataDir: path.join(config.DATA_DIR, 'simulation'), withOpsServer: false, logger });
    report = buildGameDayReport(day);
  }, 600_000);

  it('opened and closed the window on the clock', () => {
    expect(day.faults).toEqual([
      { at: expect.stringMatching(/^2025-11-06T06:00/), label: 'balldontlie down', change: 'opened' },
      { at: expect.stringMatching(/^2025-11-06T08:00/), label: 'balldontlie down', change: 'closed' },
    ]);
  });

  it('took the box scores from NBA.com in post-game window 1, then balldontlie again once it was back, and says when', () => {
    const [fault] = report.faults;
    expect(fault.failed_scrapes).toBeGreaterThan(0);
    const recovered = new Map(fault.recovered.map((recovery) => [recovery.scraper, recovery]));
    expect(recovered.get('bdl_player_stats')?.failed_first_at.slice(0, 13)).toBe('2025-11-06T07'); // 2 am ET, post-game window 1
    expect(String(recovered.get('bdl_player_stats')?.succeeded_at) >= '2025-11-06T08:00:00.000Z').toBe(true);
    expect(fault.recovered.every((recovery) => recovery.succeeded_at !== null)).toBe(true);
    const fallbacks = day.rows.scrapes.filter((scrape) => scrape.scraper === 'nbac_boxscore_v3' && scrape.status === 'success' && String(scrape.finished_at) < '2025-11-06T08:00:00.000Z');
    expect(new Set(fallbacks.map((scrape) => (scrape.params as { game_id?: string }).game_id)).size).toBe(11);
  });

  it('still had every final score by 3 am ET and every game graded by the morning', () => {
    expect(report.games.every((game) => game.final_available_at !== null && game.final_available_at < '2025-11-06T08:00:00.000Z')).toBe(true);
    expect(report.verdicts.find((verdict) => verdict.name === 'graded_by_next_morning')?.status).toBe('ok');
    expect(day.rows.alerts.some((alert) => alert.category === 'source_coverage' && alert.game_date === '2025-11-05')).toBe(true);
  });
});
