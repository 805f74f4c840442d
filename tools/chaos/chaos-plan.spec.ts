import { validateFaultRules } from '../replay/fault.injector';
import { buildChaosPlan } from './chaos-plan';

const games = new Map([
  ['2025-11-01', ['0022500141', '0022500142']],
  ['2025-11-02', ['0022500150']],
  ['2025-11-03', ['0022500161', '0022500157']],
]);

describe('buildChaosPlan', () => {
  it('is the same plan for the same seed, another for another seed, and every fault rule is one the replay accepts', () => {
    const dates = [...games.keys()];
    const plan = buildChaosPlan(7, dates, games);
    expect(buildChaosPlan(7, dates, games)).toEqual(plan);
    expect(buildChaosPlan(8, dates, games)).not.toEqual(plan);
    expect(validateFaultRules(plan.replayFaults).map((rule) => rule.kind).sort()).toEqual(
      ['error', 'missing_game', 'rate_limit', 'rate_limit', 'release_delay', 'timeout', 'truncate'],
    );
    expect(games.get(plan.missingGame.gameDate)).toContain(plan.missingGame.gameId);
    expect(plan.replayFaults).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'error', rate: 0.2 }), expect.objectContaining({ retryAfterFormat: 'http-date' })]));
    expect(dates).toContain(plan.kill.gameDate);
  });

  it('refuses a range without games, saying so', () => {
    expect(() => buildChaosPlan(1, ['2025-12-24'], new Map())).toThrow(/no games between 2025-12-24 and 2025-12-24/);
  });
});
