import { AsyncMutex } from './async.mutex';

describe('async mutex', () => {
  it('runs sections one at a time in call order', async () => {
    const mutex = new AsyncMutex();
    const events: string[] = [];
    const section = (name: string, ms: number) =>
      mutex.runExclusive(async () => {
        events.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`${name} end`);
      });
    await Promise.all([section('a', 20), section('b', 1), section('c', 5)]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('hands a failure to its caller and keeps running later sections', async () => {
    const mutex = new AsyncMutex();
    const failed = mutex.runExclusive(() => Promise.reject(new Error('boom')));
    const next = mutex.runExclusive(async () => 'next ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next ran');
  });
});
