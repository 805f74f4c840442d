import { mapWithConcurrency } from './concurrency.limit';

describe('mapWithConcurrency', () => {
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('never runs more than the limit at once and returns results in the items order', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const results = await mapWithConcurrency([30, 5, 20, 1, 10, 2], 3, async (delayMs, index) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await settle(delayMs);
      running -= 1;
      return `${index}:${delayMs}`;
    });
    expect(mostAtOnce).toBe(3);
    expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
  });

  it('with a limit of 1 runs the items one after the other, in order', async () => {
    const started: number[] = [];
    await mapWithConcurrency([3, 1, 2], 1, async (item) => {
      started.push(item);
      await settle(item);
    });
    expect(started).toEqual([3, 1, 2]);
  });

  it('rejects with the first failure after the work already started has settled, and starts no more', async () => {
    const finished: number[] = [];
    const call = mapWithConcurrency([1, 2, 3, 4, 5], 2, async (item) => {
      await settle(item * 5);
      if (item === 1) throw new Error('item 1 failed');
      finished.push(item);
    });
    await expect(call).rejects.toThrow('item 1 failed');
    expect(finished).toEqual([2]);
  });

  it('refuses a limit below 1', async () => {
    await expect(mapWithConcurrency([1], 0, async (item) => item)).rejects.toThrow('concurrency limit must be an integer >= 1, got 0');
  });
});
