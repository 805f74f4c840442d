import fs from 'node:fs';
import path from 'node:path';
import { decideWorkflows, easternDate, easternHour, GameDaySituation, WorkflowName } from './workflow-decisions';

const scoreboard = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../../data/samples/nba_stats/scoreboardv3_2025-11-05.json'), 'utf8'),
) as { scoreboard: { games: Array<{ gameTimeUTC: string }> } };
const TIPOFFS_2025_11_05 = scoreboard.scoreboard.games.map((game) => new Date(game.gameTimeUTC));

/** Walks the clock hour by hour through a game day, running what the decisions say, and returns the runs. */
function walkGameDay(from: string, to: string, pendingPlayByPlay = 0): Array<{ at: string; workflow: WorkflowName }> {
  const runs: Array<{ at: string; workflow: WorkflowName }> = [];
  const alreadyRun: GameDaySituation['alreadyRun'] = {};
  for (let now = new Date(from); now <= new Date(to); now = new Date(now.getTime() + 3_600_000)) {
    const decisions = decideWorkflows({ now, gameDate: '2025-11-05', tipoffs: TIPOFFS_2025_11_05, alreadyRun, pendingPlayByPlay });
    expect(decisions).toHaveLength(6);
    for (const decision of decisions.filter((candidate) => candidate.decision === 'RUN')) {
      runs.push({ at: now.toISOString().slice(11, 16), workflow: decision.workflow });
      if (decision.workflow !== 'betting_lines' && decision.workflow !== 'late_pbp_recovery') alreadyRun[decision.workflow] = now;
    }
  }
  return runs;
}

describe('workflow decisions through the real game day of 2025-11-05 (11 games, tip-offs 00:00–03:00 UTC)', () => {
  const runs = walkGameDay('2025-11-05T11:00:00Z', '2025-11-06T16:00:00Z');
  const at = (workflow: WorkflowName) => runs.filter((run) => run.workflow === workflow).map((run) => run.at);

  it('runs morning operations once, at the first hour of the 8–11 ET window', () => {
    expect(at('morning_operations')).toEqual(['13:00']);
  });

  it('fetches betting lines every hour in the 6 h before the first tip-off, and not after it', () => {
    expect(at('betting_lines')).toEqual(['18:00', '19:00', '20:00', '21:00', '22:00', '23:00']);
  });

  it('opens each post-game window once, 1, 4 and 8 h after the last game ends (03:00 tip + 150 min)', () => {
    expect([at('post_game_window_1'), at('post_game_window_2'), at('post_game_window_3')]).toEqual([['07:00'], ['10:00'], ['14:00']]);
  });

  it('skips late play-by-play recovery when nothing is owed, and says so', () => {
    expect(at('late_pbp_recovery')).toEqual([]);
    const [, , , , , recovery] = decideWorkflows({ now: new Date('2025-11-06T16:00:00Z'), gameDate: '2025-11-05', tipoffs: TIPOFFS_2025_11_05, alreadyRun: {}, pendingPlayByPlay: 0 });
    expect(recovery).toEqual({ workflow: 'late_pbp_recovery', decision: 'SKIP', reason: 'no play-by-play is owed' });
  });

  it('recovers owed play-by-play hourly once 10 h have passed since the last game ended (05:30 + 10 h)', () => {
    const withOwed = walkGameDay('2025-11-06T14:00:00Z', '2025-11-06T17:00:00Z', 3);
    expect(withOwed.filter((run) => run.workflow === 'late_pbp_recovery').map((run) => run.at)).toEqual(['16:00', '17:00']);
  });

  it('gives every skipped workflow its reason', () => {
    const decisions = decideWorkflows({ now: new Date('2025-11-05T15:00:00Z'), gameDate: '2025-11-05', tipoffs: TIPOFFS_2025_11_05, alreadyRun: {}, pendingPlayByPlay: 0 });
    expect(decisions.find((decision) => decision.workflow === 'betting_lines')?.reason).toBe(
      'lines window opens at 2025-11-05T18:00:00Z, 6 h before the first tip-off 2025-11-06T00:00:00Z',
    );
    expect(decisions.find((decision) => decision.workflow === 'post_game_window_1')?.reason).toBe(
      'opens at 2025-11-06T06:30:00Z, 1 h after the last game ends (2025-11-06T05:30:00Z)',
    );
  });

  it('skips every game workflow on a date without games', () => {
    const decisions = decideWorkflows({ now: new Date('2025-11-27T20:00:00Z'), gameDate: '2025-11-27', tipoffs: [], alreadyRun: {}, pendingPlayByPlay: 0 });
    expect(decisions.filter((decision) => decision.workflow !== 'morning_operations').every((decision) => decision.reason === 'no games scheduled on 2025-11-27')).toBe(true);
  });
});

describe('US Eastern time', () => {
  it('follows daylight saving: 8 ET is 13:00 UTC in November (EST) and 12:00 UTC in October (EDT)', () => {
    expect(easternHour(new Date('2025-11-05T13:00:00Z'))).toBe(8);
    expect(easternHour(new Date('2025-10-22T12:00:00Z'))).toBe(8);
  });

  it('puts a 03:00 UTC tip-off on the previous US date', () => {
    expect(easternDate(new Date('2025-11-06T03:00:00Z'))).toBe('2025-11-05');
  });
});
