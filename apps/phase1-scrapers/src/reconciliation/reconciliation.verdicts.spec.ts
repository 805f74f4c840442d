import { DateCounts } from './reconciliation.repository';
import { reconcileDate } from './reconciliation.verdicts';

const complete: DateCounts = {
  game_date: '2025-11-05',
  scheduled: 11,
  final: 11,
  games_with_box_score: 11,
  payloads_stored: 31,
  payloads_loaded: 31,
  analytics_games: 11,
  incomplete_games: [],
  analytics_players: 246,
  players_with_features: 246,
  feature_players: 247,
  players_predicted: 247,
  players_predicted_any_system: 247,
  phase4_blocked: false,
  phase5_blocked: false,
  last_tipoff_at: '2025-11-06T03:00:00.000Z', // 10 pm ET
};
const nextMorning = new Date('2025-11-06T13:00:00Z');
const statuses = (counts: DateCounts, now = nextMorning) => Object.fromEntries(reconcileDate(counts, now).map((verdict) => [verdict.boundary, verdict.status]));

describe('reconcileDate', () => {
  it('finds nothing to say about a complete date', () => {
    expect(statuses(complete)).toEqual({ box_scores: 'ok', raw_loads: 'ok', analytics: 'ok', features: 'ok', predictions: 'ok' });
  });

  it('names the boundary that lost work, and how much', () => {
    const verdicts = reconcileDate({ ...complete, payloads_loaded: 29, analytics_games: 10 }, nextMorning);
    expect(verdicts.filter((verdict) => verdict.status === 'gap').map((verdict) => [verdict.boundary, verdict.detail])).toEqual([
      ['raw_loads', '2 of 31 stored payloads never loaded into nba_raw'],
      ['analytics', 'player_game_summary has 10 of 11 final games'],
    ]);
  });

  it('does not call payloads scraped moments ago lost while they load, and says how many are on their way', () => {
    const [loading] = reconcileDate({ ...complete, payloads_loaded: 29, payloads_loading: 2 }, nextMorning).filter((verdict) => verdict.boundary === 'raw_loads');
    expect(loading).toMatchObject({ status: 'ok', expected: 29, actual: 29, detail: '29 of 31 stored payloads loaded; 2 scraped moments ago still loading' });
    const [lost] = reconcileDate({ ...complete, payloads_loaded: 28, payloads_loading: 1 }, nextMorning).filter((verdict) => verdict.boundary === 'raw_loads');
    expect(lost).toMatchObject({ status: 'gap', detail: '2 of 31 stored payloads never loaded into nba_raw; 1 scraped moments ago still loading' });
  });

  it('reports a phase the boundary gate blocked as blocked, not as lost', () => {
    expect(statuses({ ...complete, players_predicted: 0, phase5_blocked: true }).predictions).toBe('blocked');
    expect(statuses({ ...complete, players_predicted: 0, players_predicted_any_system: 0 }).predictions).toBe('gap');
  });

  it('is neither ok nor a gap for games not final yet, or a day without games', () => {
    expect(statuses({ ...complete, final: 0, games_with_box_score: 0, analytics_games: 0, analytics_players: 0 })).toMatchObject({
      box_scores: 'awaiting_results',
      analytics: 'awaiting_results',
      raw_loads: 'ok',
    });
    expect(new Set(Object.values(statuses({ ...complete, scheduled: 0 })))).toEqual(new Set(['no_games']));
  });

  it('calls a game built from a partial box score a gap at the analytics boundary, naming it', () => {
    const [analytics] = reconcileDate({ ...complete, incomplete_games: ['0022500171'] }, nextMorning).filter((verdict) => verdict.boundary === 'analytics');
    expect(analytics).toMatchObject({
      status: 'gap',
      expected: 11,
      actual: 10,
      detail: '1 built incomplete (points short of the final score or a short roster): 0022500171',
    });
  });

  it('does not call it a gap to heal when every player is predicted but the primary system has no model yet', () => {
    const [early] = reconcileDate({ ...complete, players_predicted: 0, players_predicted_any_system: 247 }, nextMorning).filter((verdict) => verdict.boundary === 'predictions');
    expect(early).toMatchObject({ status: 'blocked', detail: expect.stringContaining('the primary system has no model trained before the date yet') });
    const [lost] = reconcileDate({ ...complete, players_predicted: 0, players_predicted_any_system: 100 }, nextMorning).filter((verdict) => verdict.boundary === 'predictions');
    expect(lost.status).toBe('gap');
  });

  it('awaits the box scores of games that just ended until post-game window 1 has had its chance, then calls them a gap', () => {
    const justEnded = { ...complete, final: 8, games_with_box_score: 0, analytics_games: 0, analytics_players: 0, players_with_features: 0 };
    // 00:15 ET: the last game (10 pm ET) ends about 00:30 ET; window 1 opens an hour later and runs within the next
    const night = reconcileDate(justEnded, new Date('2025-11-06T05:15:00Z'));
    expect(Object.fromEntries(night.map((verdict) => [verdict.boundary, verdict.status]))).toEqual({
      box_scores: 'awaiting_results', raw_loads: 'ok', analytics: 'awaiting_results', features: 'awaiting_results', predictions: 'awaiting_results',
    });
    expect(night[0].detail).toBe('8 of 8 final games have no box score yet; the post-game windows fetch them (results due by 2025-11-06T07:30:00.000Z)');
    expect(statuses(justEnded, new Date('2025-11-06T07:30:00Z'))).toMatchObject({ box_scores: 'gap', analytics: 'gap' });
    // without a known tip-off nothing is awaited
    expect(statuses({ ...justEnded, last_tipoff_at: null }, new Date('2025-11-06T05:15:00Z')).box_scores).toBe('gap');
  });
});
