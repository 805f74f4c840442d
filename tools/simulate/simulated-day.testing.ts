import { SimulatedDay } from './simulation.runner';

/**
 * A HAND-MADE simulated day for the report and timeline specs: two games of 2025-11-05 (times are
 * the real tip-offs of PHI @ CLE and SAS @ LAL), rows shaped as the warehouse returns them.
 */
export function handMadeDay(overrides: Partial<SimulatedDay['rows']> = {}, day: Partial<SimulatedDay> = {}): SimulatedDay {
  const prediction = (game_id: string, player_lookup: string, created_at: string, extra: Record<string, unknown> = {}) => ({
    game_id,
    player_lookup,
    line_value: 20.5,
    recommendation: 'OVER',
    data_through_date: '2025-11-04',
    is_active: true,
    run_id: `run-${created_at}`,
    created_at,
    superseded_at: null,
    ...extra,
  });
  const scrape = (scraper: string, source: string, status: string, finished_at: string, params: Record<string, unknown> = {}, records = 10) => ({
    scraper,
    source,
    game_date: '2025-11-05',
    status,
    records,
    attempts: 1,
    http_statuses: status === 'failed' ? [503, 503] : [200],
    params,
    detail: null,
    error: status === 'failed' ? 'HTTP 503' : null,
    started_at: finished_at,
    finished_at,
  });
  const phase = (name: string, game_date: string, finished_at: string, status = 'success') => ({
    phase: name,
    game_date,
    status,
    degraded: false,
    trigger: 'pubsub',
    records: 5,
    detail: name === 'phase2' ? 'nbac_boxscore: 5 rows into nba_raw.nbac_gamebook_player_stats' : `${name} detail`,
    error: null,
    started_at: finished_at,
    finished_at,
  });
  return {
    date: '2025-11-05',
    speed: 60,
    startedAt: '2025-11-05T10:45:00.000Z',
    endedAt: '2025-11-06T17:00:00.000Z',
    wallSeconds: 100,
    skippedMinutes: 1500,
    games: [
      { gameId: '0022500171', matchup: 'PHI @ CLE', tipoff: '2025-11-06T00:00:00.000Z', end: '2025-11-06T02:15:00.000Z', hasResult: true, oddsEventId: 'event-171' },
      { gameId: '0022500179', matchup: 'SAS @ LAL', tipoff: '2025-11-06T03:00:00.000Z', end: '2025-11-06T05:15:00.000Z', hasResult: true, oddsEventId: 'event-179' },
    ],
    firings: [],
    faults: [],
    faultWindows: [],
    ...day,
    rows: {
      decisions: [],
      scrapes: [
        scrape('nbac_schedule', 'nbacom', 'success', '2025-11-05T11:00:00.000Z'),
        scrape('odds_player_points', 'odds_api', 'success', '2025-11-05T22:01:00.000Z', { game_id: '0022500171' }),
        scrape('odds_player_points', 'odds_api', 'success', '2025-11-05T22:01:00.000Z', { upstream_game_id: 'event-179' }),
        scrape('bdl_player_stats', 'balldontlie', 'failed', '2025-11-06T07:00:00.000Z', {}, 0),
        scrape('bdl_player_stats', 'balldontlie', 'success', '2025-11-06T10:00:00.000Z'),
      ],
      phaseRuns: [
        phase('phase3', '2025-11-05', '2025-11-06T07:01:00.000Z'),
        phase('phase4', '2025-11-05', '2025-11-06T07:02:00.000Z'),
        { ...phase('phase5', '2025-11-05', '2025-11-06T07:03:00.000Z'), detail: 'predict: success (2); grade: success (6) 6 graded' },
        // The safety net's re-run re-grades: graded_at moves to 11:30, the first grading stays 07:03.
        { ...phase('phase5', '2025-11-05', '2025-11-06T11:30:00.000Z'), detail: 'predict: success (0); grade: success (6) 6 graded' },
        phase('phase2', '2025-11-05', '2025-11-06T07:00:30.000Z'),
        phase('phase2', '2025-11-05', '2025-11-06T07:00:40.000Z'),
      ],
      alerts: [],
      transitions: [],
      sourcesSeen: [
        { game_id: '0022500171', source: 'nbacom', scraper: 'nbac_boxscore_v3', first_seen_at: '2025-11-06T07:00:00.000Z' },
        { game_id: '0022500179', source: 'nbacom', scraper: 'nbac_boxscore_v3', first_seen_at: '2025-11-06T07:00:10.000Z' },
      ],
      predictions: [prediction('0022500171', 'donovanmitchell', '2025-11-05T23:00:00.000Z'), prediction('0022500179', 'victorwembanyama', '2025-11-06T05:15:00.000Z')],
      grades: [
        { game_id: '0022500171', player_lookup: 'donovanmitchell', actual_points: 24, outcome: 'win', graded_at: '2025-11-06T11:30:00.000Z' },
        { game_id: '0022500179', player_lookup: 'victorwembanyama', actual_points: 19, outcome: 'loss', graded_at: '2025-11-06T11:30:00.000Z' },
      ],
      lines: [
        { game_id: '0022500171', event_id: 'event-171', player_lookup: 'donovanmitchell' },
        { game_id: '0022500179', event_id: 'event-179', player_lookup: 'victorwembanyama' },
        { game_id: '0022500179', event_id: 'event-179', player_lookup: 'stephoncastle' },
      ],
      selfHeal: [],
      reconciliation: [],
      ...overrides,
    },
  };
}
