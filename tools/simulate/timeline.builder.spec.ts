import { handMadeDay } from './simulated-day.testing';
import { buildTimeline } from './timeline.builder';

describe('buildTimeline', () => {
  const decision = (evaluated_at: string, workflow: string, decision: 'RUN' | 'SKIP', reason: string, outcome: string | null = null) => ({
    evaluated_at,
    game_date: '2025-11-05',
    workflow,
    decision,
    reason,
    outcome,
  });

  it('shows every RUN, and a SKIP only when its reason changes', () => {
    const day = handMadeDay({
      decisions: [
        decision('2025-11-05T11:00:00.000Z', 'morning_operations', 'SKIP', 'outside the morning window 8:00–11:00 ET (now 6:00 ET)'),
        decision('2025-11-05T12:00:00.000Z', 'morning_operations', 'SKIP', 'outside the morning window 8:00–11:00 ET (now 7:00 ET)'),
        decision('2025-11-05T13:00:00.000Z', 'morning_operations', 'RUN', 'first evaluation in the morning window (8:00 ET)', 'success'),
        decision('2025-11-05T14:00:00.000Z', 'morning_operations', 'SKIP', 'already ran at 2025-11-05T13:00:00Z'),
        decision('2025-11-05T15:00:00.000Z', 'morning_operations', 'SKIP', 'already ran at 2025-11-05T13:00:00Z'),
      ],
    });
    const decisions = buildTimeline(day).filter((entry) => entry.kind === 'decision').map((entry) => `${entry.at} ${entry.text}`);
    expect(decisions).toEqual([
      '2025-11-05T11:00:00.000Z SKIP morning_operations (2025-11-05): outside the morning window 8:00–11:00 ET (now 6:00 ET)',
      '2025-11-05T13:00:00.000Z RUN morning_operations (2025-11-05): first evaluation in the morning window (8:00 ET) → success',
      '2025-11-05T14:00:00.000Z SKIP morning_operations (2025-11-05): already ran at 2025-11-05T13:00:00Z',
    ]);
  });

  it('orders by simulated time, hides the hourly schedule reads that succeeded, and reads the loads of one minute as one line', () => {
    const timeline = buildTimeline(handMadeDay());
    expect(timeline.map((entry) => entry.at)).toEqual([...timeline.map((entry) => entry.at)].sort());
    expect(timeline.some((entry) => entry.text.startsWith('nbac_schedule'))).toBe(false);
    expect(timeline.filter((entry) => entry.text.startsWith('phase2'))).toEqual([
      { at: '2025-11-06T07:00:30.000Z', kind: 'phase', game_date: '2025-11-05', text: 'phase2 2025-11-05: 2 loads: nbac_boxscore 10' },
    ]);
    expect(timeline.find((entry) => entry.kind === 'scrape' && entry.text.startsWith('bdl_player_stats'))?.text).toBe(
      'bdl_player_stats (2025-11-05): failed, 0 records, 1 attempts, HTTP 503,503: HTTP 503',
    );
    expect(timeline.filter((entry) => entry.kind === 'predictions').map((entry) => entry.text)).toEqual([
      'primary predictions for 2025-11-05 written: 1 players, 1 against a line, 1 OVER/UNDER (picks/2025-11-05.json publishes the picks in force)',
      'primary predictions for 2025-11-05 written: 1 players, 1 against a line, 1 OVER/UNDER (picks/2025-11-05.json publishes the picks in force)',
    ]);
  });

  it('shows grading when a phase 5 run first grades, not when a re-grade rewrites graded_at', () => {
    expect(buildTimeline(handMadeDay()).filter((entry) => entry.kind === 'grading')).toEqual([
      {
        at: '2025-11-06T07:03:00.000Z',
        kind: 'grading',
        game_date: '2025-11-05',
        text: 'graded 2025-11-05: 6 predictions of every system; at the end: 2 primary predictions graded (1 wins, 1 losses, 0 pushes, 0 no bet)',
      },
    ]);
  });

  it('leaves out the scheduler calls that did nothing and keeps those that failed, were skipped or missed', () => {
    const firing = (job: string, outcome: 'answered' | 'failed' | 'skipped_still_running' | 'missed', status: number | null, body: unknown) => ({
      job,
      due: '2025-11-05T12:05:00.000Z',
      firedAt: '2025-11-05T12:05:00.000Z',
      answeredAt: '2025-11-05T12:05:01.000Z',
      status,
      outcome,
      body,
    });
    const day = handMadeDay({}, {
      firings: [
        firing('nba-phase3-deadline-check', 'answered', 200, { started: [] }),
        firing('nba-phase1-workflow-evaluate', 'answered', 200, { decisions: [] }),
        firing('nba-phase1-workflow-evaluate', 'answered', 500, { error: '1 workflow(s) failed' }),
        firing('nba-phase3-deadline-check', 'skipped_still_running', null, null),
        firing('nba-self-heal', 'answered', 200, { reconciled: 7, actions: [] }),
      ],
    });
    expect(buildTimeline(day).filter((entry) => entry.kind === 'scheduler').map((entry) => entry.text)).toEqual([
      'nba-phase3-deadline-check: skipped, its previous call still running',
      'nba-phase1-workflow-evaluate: answered 500: {"error":"1 workflow(s) failed"}',
      'nba-self-heal: {"reconciled":7,"actions":[]}',
    ]);
  });
});
