import { buildGameDayReport } from './game-day.report';
import { handMadeDay } from './simulated-day.testing';

describe('buildGameDayReport', () => {
  it('tells per game when its lines, picks, final score, analytics, features and grades came, against tip-off and the final', () => {
    const [cle] = buildGameDayReport(handMadeDay()).games;
    expect(cle).toMatchObject({
      game_id: '0022500171',
      players_with_line: 1,
      lines_known_at: '2025-11-05T22:01:00.000Z',
      lines_minutes_before_tipoff: 119,
      picks_published_at: '2025-11-05T23:00:00.000Z',
      picks_minutes_before_tipoff: 60,
      picks_at_tipoff: 1,
      final_available_at: '2025-11-06T07:00:00.000Z',
      final_minutes_after_end: 285,
      analytics_at: '2025-11-06T07:01:00.000Z',
      features_at: '2025-11-06T07:02:00.000Z',
      graded_at: '2025-11-06T07:03:00.000Z',
      graded_minutes_after_end: 288,
    });
  });

  it('fails the day when a player with a line had no prediction before his tip-off, and names him', () => {
    const verdict = buildGameDayReport(handMadeDay()).verdicts.find((candidate) => candidate.name === 'predicted_before_tipoff')!;
    expect(verdict.status).toBe('fail');
    expect(verdict.detail).toMatch(/^1 of 3 players with a line known before tip-off were predicted before it/);
    expect(verdict.failures).toEqual(['0022500179 SAS @ LAL stephoncastle', '0022500179 SAS @ LAL victorwembanyama']);
  });

  it('passes grading when every final game has a grade by the end, and says which game was never predicted otherwise', () => {
    expect(buildGameDayReport(handMadeDay()).verdicts.find((verdict) => verdict.name === 'graded_by_next_morning')).toMatchObject({ status: 'ok', failures: [] });
    const ungraded = buildGameDayReport(handMadeDay({ grades: [], predictions: [] })).verdicts.find((verdict) => verdict.name === 'graded_by_next_morning')!;
    expect(ungraded.status).toBe('fail');
    expect(ungraded.failures).toEqual(['0022500171 PHI @ CLE: never predicted', '0022500179 SAS @ LAL: never predicted']);
  });

  it("catches a prediction that saw the date's own results or used a line before the pipeline had one", () => {
    const clean = buildGameDayReport(handMadeDay()).verdicts.find((verdict) => verdict.name === 'nothing_predicted_from_unavailable_data')!;
    expect(clean).toMatchObject({ status: 'ok', detail: expect.stringMatching(/2 primary prediction rows checked .*; 1 of them were made after their game's tip-off/) });
    const leaky = handMadeDay();
    leaky.rows.predictions.push(
      { ...leaky.rows.predictions[0], player_lookup: 'evanmobley', data_through_date: '2025-11-05' },
      { ...leaky.rows.predictions[0], player_lookup: 'jarrettallen', created_at: '2025-11-05T21:00:00.000Z' },
    );
    const verdict = buildGameDayReport(leaky).verdicts.find((candidate) => candidate.name === 'nothing_predicted_from_unavailable_data')!;
    expect(verdict.status).toBe('fail');
    expect(verdict.failures).toEqual([
      '0022500171 evanmobley: features saw data through 2025-11-05',
      '0022500171 jarrettallen: line 20.5 used at 2025-11-05T21:00:00.000Z, before the pipeline had a line (2025-11-05T22:01:00.000Z)',
    ]);
  });

  it('says when each scraper a fault window broke worked again', () => {
    const day = handMadeDay({}, { faultWindows: [{ label: 'balldontlie down', from: '2025-11-06T06:00:00.000Z', to: '2025-11-06T08:00:00.000Z', sources: ['balldontlie'] }] });
    expect(buildGameDayReport(day).faults).toEqual([
      {
        label: 'balldontlie down',
        from: '2025-11-06T06:00:00.000Z',
        to: '2025-11-06T08:00:00.000Z',
        failed_scrapes: 1,
        recovered: [{ scraper: 'bdl_player_stats', failed_first_at: '2025-11-06T07:00:00.000Z', succeeded_at: '2025-11-06T10:00:00.000Z' }],
      },
    ]);
  });

  it('calls a day without lines not applicable instead of passing it', () => {
    const verdict = buildGameDayReport(handMadeDay({ lines: [], scrapes: [] })).verdicts.find((candidate) => candidate.name === 'predicted_before_tipoff')!;
    expect(verdict).toMatchObject({ status: 'not_applicable', detail: 'no line was known before any tip-off on 2025-11-05' });
  });
});
