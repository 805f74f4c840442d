import { BenchArgumentError, BUNDLED_SEASON, parseBenchArguments } from './bench-arguments';

describe('npm run bench arguments', () => {
  it('defaults to the whole bundled season, three live game days, a table', () => {
    expect(parseBenchArguments([])).toEqual({ json: false, from: BUNDLED_SEASON.from, to: BUNDLED_SEASON.to, liveDays: 3, loadDate: null, keepData: false });
  });

  it('reads a shorter range, live days, the load date and --json', () => {
    expect(parseBenchArguments(['--json', '--from', '2025-11-01', '--to', '2025-11-10', '--live-days', '0', '--load-date', '2025-11-05', '--keep-data'])).toEqual({
      json: true,
      from: '2025-11-01',
      to: '2025-11-10',
      liveDays: 0,
      loadDate: '2025-11-05',
      keepData: true,
    });
  });

  it('names the flag of every problem', () => {
    expect(() => parseBenchArguments(['--from', '2025-02-30'])).toThrow(new BenchArgumentError('--from 2025-02-30 is not a real YYYY-MM-DD date'));
    expect(() => parseBenchArguments(['--live-days', 'two'])).toThrow('--live-days two is not a whole number');
    expect(() => parseBenchArguments(['--to'])).toThrow('--to needs a value');
    expect(() => parseBenchArguments(['--from', '2025-12-01', '--to', '2025-11-01'])).toThrow('--to 2025-11-01 is before --from 2025-12-01');
    expect(() => parseBenchArguments(['--from', '2025-11-01', '--to', '2025-11-03', '--load-date', '2025-11-05'])).toThrow(/outside 2025-11-01 .. 2025-11-03/);
    expect(() => parseBenchArguments(['--fast'])).toThrow('unknown argument --fast');
  });
});
