import { ManualClock } from './manual-clock';
import { pollUntil } from './poll-until';

const schedule = { firstPollMs: 20, firstPolls: 2, pollMs: 250, maxWaitMs: 500 };

describe('pollUntil', () => {
  it('looks until the look is enough, pausing fast at first, then slower', async () => {
    const clock = new ManualClock(new Date('2025-11-05T12:00:00Z'));
    let looks = 0;
    const result = await pollUntil(clock, schedule, async () => ++looks, (seen) => seen === 4);
    expect(result).toEqual({ seen: 4, done: true });
    expect(clock.waits).toEqual([20, 20, 250]);
  });

  it('gives up once its pauses add up to the bound, with the last look', async () => {
    const clock = new ManualClock(new Date('2025-11-05T12:00:00Z'));
    let looks = 0;
    const result = await pollUntil(clock, schedule, async () => ++looks, () => false);
    // 20 + 20 + 250 = 290 < 500, + 250 = 540: one more look after the last pause
    expect(result).toEqual({ seen: 5, done: false });
    expect(clock.waits).toEqual([20, 20, 250, 250]);
  });

  it('does not pause when the first look is enough', async () => {
    const clock = new ManualClock(new Date('2025-11-05T12:00:00Z'));
    expect(await pollUntil(clock, schedule, async () => 'in', () => true)).toEqual({ seen: 'in', done: true });
    expect(clock.waits).toEqual([]);
  });
});
