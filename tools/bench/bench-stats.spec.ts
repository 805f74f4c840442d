import { mean, millisBetween, percentile, stopwatch } from './bench-stats';

describe('bench statistics', () => {
  it('percentile takes the nearest rank, whatever the order of the samples', () => {
    const samples = [50, 10, 40, 20, 30, 100, 90, 80, 70, 60];
    expect(percentile(samples, 0.5)).toBe(50);
    expect(percentile(samples, 0.95)).toBe(100);
    expect(percentile(samples, 0.1)).toBe(10);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.95)).toBeNull();
  });

  it('mean of nothing is null, not zero', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });

  it('millisBetween reads the warehouse timestamps', () => {
    expect(millisBetween('2025-11-05T10:00:00.000Z', '2025-11-05T10:00:01.250Z')).toBe(1250);
  });

  it('stopwatch counts the CPU a busy loop burns next to its wall time', () => {
    const elapsed = stopwatch();
    const until = Date.now() + 30;
    while (Date.now() < until) Math.sqrt(Math.random());
    const { wallMs, cpuMs } = elapsed();
    expect(wallMs).toBeGreaterThanOrEqual(29);
    expect(cpuMs).toBeGreaterThan(0);
  });
});
