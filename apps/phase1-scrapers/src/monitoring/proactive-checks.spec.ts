import { stuckAfterSeconds } from '@lib/platform';
import { bronzeFindings, completenessFinding, lastDateOwed, stuckPhases } from './proactive-checks';

const now = Date.parse('2025-11-05T20:00:00Z');

describe('proactive checks', () => {
  it("hold a date's games to account from 6:00 Eastern the next morning, not from midnight UTC", () => {
    // 22:10 EST on 2025-11-05 is 03:10 UTC on 2025-11-06: the evening's games have just ended
    expect(lastDateOwed(new Date('2025-11-06T03:10:00Z'))).toBe('2025-11-04');
    // 01:40 EST: the box scores come with the post-game windows, around 2 am
    expect(lastDateOwed(new Date('2025-11-06T06:40:00Z'))).toBe('2025-11-04');
    // 06:00 EST: the morning operations
    expect(lastDateOwed(new Date('2025-11-06T11:00:00Z'))).toBe('2025-11-05');
    // summer time: 23:00 EDT on 2025-10-22 is 03:00 UTC on 2025-10-23; 06:00 EDT on 2025-10-23 is 10:00 UTC
    expect(lastDateOwed(new Date('2025-10-23T03:00:00Z'))).toBe('2025-10-21');
    expect(lastDateOwed(new Date('2025-10-23T10:00:00Z'))).toBe('2025-10-22');
  });

  it('reports a phase started longer ago than its expected duration × 1.5, and not one still within it', () => {
    // phase 3 usually takes 6 to 10 minutes (90th percentile 10): stuck after 15.
    const limit = (service: string) => stuckAfterSeconds(service === 'phase3-analytics' ? [360, 420, 480, 540, 600] : [], 1.5, 5);
    const findings = stuckPhases(
      [
        { run_id: 'a', service: 'phase3-analytics', game_date: '2025-11-04', started_at: '2025-11-05T19:44:00Z', correlation_id: 'c1' },
        { run_id: 'b', service: 'phase3-analytics', game_date: '2025-11-05', started_at: '2025-11-05T19:46:00Z', correlation_id: 'c2' },
        { run_id: 'c', service: 'phase4-precompute', game_date: '2025-11-05', started_at: '2025-11-05T19:54:00Z', correlation_id: 'c3' },
      ],
      now,
      limit,
    );
    expect(findings.map((finding) => [finding.gameDate, finding.details.run_id])).toEqual([['2025-11-04', 'a']]);
    expect(findings[0].message).toBe('phase3-analytics started 16 min ago for 2025-11-04 and has not finished (stuck after 15 min: its expected duration × factor)');
  });

  it('a phase without finished runs is expected to take the floor; a phase of seconds is never judged by jitter', () => {
    expect(stuckAfterSeconds([], 1.5, 5)).toBe(450);
    expect(stuckAfterSeconds([2, 3, 4], 1.5, 5)).toBe(450);
  });

  it('alerts when fewer than 80 % of the final games over 30 days have analytics and predictions, naming the worst dates', () => {
    const rows = [
      { game_date: '2025-11-03', final_games: 10, analytics_games: 10, predicted_games: 10 },
      { game_date: '2025-11-04', final_games: 10, analytics_games: 10, predicted_games: 0 },
    ];
    const result = completenessFinding(rows, '2025-10-06', '2025-11-04', 80);
    expect(result.percent).toBe(50);
    expect(result.finding?.message).toContain('completeness 50 % over 2025-10-06 .. 2025-11-04 is below 80 %: 10 of 20 final games');
    expect(result.finding?.message).toContain('worst dates 2025-11-04 (0/10)');
    expect(completenessFinding([rows[0]], '2025-10-06', '2025-11-04', 80)).toEqual({ percent: 100 });
    expect(completenessFinding([], '2025-10-06', '2025-11-04', 80)).toEqual({ percent: null });
  });

  it('owes no predictions on a date a boundary gate held (the season start), but still owes its analytics', () => {
    const start = [
      { game_date: '2025-10-21', final_games: 2, analytics_games: 2, predicted_games: 0, predictions_held: true },
      { game_date: '2025-10-22', final_games: 12, analytics_games: 12, predicted_games: 0, predictions_held: true },
      { game_date: '2025-10-23', final_games: 4, analytics_games: 4, predicted_games: 4, predictions_held: false },
    ];
    expect(completenessFinding(start, '2025-09-24', '2025-10-23', 80)).toEqual({ percent: 100 });
    const lostAnalytics = completenessFinding([{ ...start[1], analytics_games: 6 }, start[2]], '2025-09-24', '2025-10-23', 80);
    expect(lostAnalytics.percent).toBe(62.5);
    expect(lostAnalytics.finding?.message).toBe(
      'completeness 62.5 % over 2025-09-24 .. 2025-10-23 is below 80 %: 10 of 16 final games have analytics and predictions (12 on dates a boundary gate held, where analytics alone count); worst dates 2025-10-22 (6/12)',
    );
  });

  it('alerts on a day with more than 20 % of its predictions bronze, and not on one at 20 %', () => {
    const findings = bronzeFindings(
      [
        { game_date: '2025-11-03', predictions: 200, bronze: 40 },
        { game_date: '2025-11-04', predictions: 200, bronze: 41 },
      ],
      20,
    );
    expect(findings.map((finding) => finding.message)).toEqual(['41 of 200 active primary predictions for 2025-11-04 are bronze (20.5 %, above 20 %)']);
  });
});
