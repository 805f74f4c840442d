import { activeWindows, nextWindowChange, parseFaultWindows } from './fault-windows';

describe('fault windows of a simulated day', () => {
  const file = {
    windows: [
      { label: 'balldontlie down for two hours', from: '+1 00:30', to: '+1 02:30', rules: [{ kind: 'error', source: 'balldontlie', status: 503 }] },
      { label: 'a 429 storm on The Odds API', from: '2025-11-05T22:00:00Z', to: '2025-11-05T23:30:00Z', rules: [{ kind: 'rate_limit', source: 'odds-api', burst: 20 }] },
      { label: 'BigDataBall late all day', from: '06:00', rules: [{ kind: 'release_delay', source: 'bigdataball', hours: 12 }] },
    ],
  };

  it('reads US Eastern times on the date or the next day, and ISO instants', () => {
    const windows = parseFaultWindows(file, '2025-11-05');
    expect(windows.map((window) => [window.from.toISOString(), window.to?.toISOString()])).toEqual([
      ['2025-11-06T05:30:00.000Z', '2025-11-06T07:30:00.000Z'],
      ['2025-11-05T22:00:00.000Z', '2025-11-05T23:30:00.000Z'],
      ['2025-11-05T11:00:00.000Z', undefined],
    ]);
    expect(windows[0].rules[0]).toMatchObject({ id: 'w1-error-1', kind: 'error', status: 503 });
  });

  it('says which windows are in force and when the next one opens or closes', () => {
    const windows = parseFaultWindows(file, '2025-11-05');
    expect(activeWindows(windows, new Date('2025-11-05T22:30:00Z')).map((window) => window.label)).toEqual(['a 429 storm on The Odds API', 'BigDataBall late all day']);
    expect(activeWindows(windows, new Date('2025-11-06T07:30:00Z')).map((window) => window.label)).toEqual(['BigDataBall late all day']);
    expect(nextWindowChange(windows, new Date('2025-11-05T22:30:00Z'))?.toISOString()).toBe('2025-11-05T23:30:00.000Z');
    expect(nextWindowChange(windows, new Date('2025-11-06T08:00:00Z'))).toBeUndefined();
  });

  it('names what is wrong in a faults file', () => {
    expect(() => parseFaultWindows({}, '2025-11-05')).toThrow(/at least one window/);
    expect(() => parseFaultWindows({ windows: [{ label: 'x', from: '7pm', rules: [] }] }, '2025-11-05')).toThrow(/windows\[0\]\.from must be "HH:MM"/);
    expect(() => parseFaultWindows({ windows: [{ label: 'x', from: '19:00', to: '18:00', rules: [] }] }, '2025-11-05')).toThrow(/windows\[0\]\.to .* is not after its from/);
    expect(() => parseFaultWindows({ windows: [{ label: 'x', from: '19:00', rules: [{ kind: 'flood', source: 'espn' }] }] }, '2025-11-05')).toThrow(/windows\[0\]\.rules: /);
  });
});
