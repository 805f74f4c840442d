import { figure, figuresAsMarkdown, formatFigures } from './bench-report';

describe('bench report', () => {
  it('a time is so many times its floor, and a goal below the value is not met', () => {
    const season = figure({ goal: 'season', value: 90, unit: 's', reference: { name: 'replay floor', value: 30 }, target: { below: 60 } });
    expect(season.ratio).toBe(3);
    expect(season.met).toBe(false);
  });

  it('a rate is the baseline divided by the figure, and meets an at-least goal', () => {
    const duplicates = figure({ goal: 'duplicates', value: 2500, unit: 'msg/s', reference: { name: 'empty handler', value: 10000 }, target: { atLeast: 2000 } });
    expect(duplicates.ratio).toBe(4);
    expect(duplicates.met).toBe(true);
  });

  it('a figure without a measured reference or target claims neither a ratio nor a verdict', () => {
    const context = figure({ goal: 'startup', value: 1200, unit: 'ms', reference: { name: 'none measured', value: null }, target: null });
    expect(context.ratio).toBeNull();
    expect(context.met).toBeNull();
    const unmeasured = figure({ goal: 'p95', value: null, unit: 'ms', reference: null, target: { below: 3000 } });
    expect(unmeasured.met).toBeNull();
  });

  it('a goal on the ratio to the floor is judged on the ratio, and not judged without a floor', () => {
    expect(figure({ goal: 'load', value: 400, unit: 'ms', reference: { name: 'csv', value: 100 }, target: { ratioAtMost: 5 } }).met).toBe(true);
    expect(figure({ goal: 'load', value: 600, unit: 'ms', reference: { name: 'csv', value: 100 }, target: { ratioAtMost: 5 } }).met).toBe(false);
    expect(figure({ goal: 'load', value: 600, unit: 'ms', reference: null, target: { ratioAtMost: 5 } }).met).toBeNull();
    expect(figure({ goal: 'curve', value: 1.5, unit: 'x', reference: null, target: { atMost: 1.5 } }).met).toBe(true);
  });

  it('prints one aligned row per figure, in text and in Markdown', () => {
    const figures = [figure({ goal: 'season', value: 90, unit: 's', reference: { name: 'replay floor', value: 30 }, target: { below: 60 } })];
    const text = formatFigures(figures).split('\n');
    expect(text[0]).toMatch(/^goal\s+figure\s+reference \(same run\)/);
    expect(text[2]).toMatch(/^season\s+90\.0 s\s+replay floor\s+30\.0 s\s+3\.0x\s+< 60\.0 s\s+NO$/);
    expect(figuresAsMarkdown(figures)).toContain('| season | 90.0 s | replay floor: 30.0 s | 3.0x | < 60.0 s | **no** |');
  });
});
