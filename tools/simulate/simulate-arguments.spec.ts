import { DEFAULT_SIMULATION_SPEED, parseSimulateArguments } from './simulate-arguments';

describe('parseSimulateArguments', () => {
  it('reads the date, speed, faults file and --json', () => {
    expect(parseSimulateArguments(['--date', '2025-11-05', '--speed', '600', '--faults', 'f.json', '--json'])).toEqual({
      date: '2025-11-05',
      speed: 600,
      faultsFile: 'f.json',
      json: true,
      dataDir: undefined,
      bigDataBallDir: undefined,
    });
    expect(parseSimulateArguments(['--date', '2025-11-05', '--bigdataball-dir', 'bdb', '--data-dir', 'sim'])).toMatchObject({ bigDataBallDir: 'bdb', dataDir: 'sim' });
    expect(parseSimulateArguments(['--date', '2025-11-05']).speed).toBe(DEFAULT_SIMULATION_SPEED);
  });

  it('names the flag of every mistake', () => {
    expect(() => parseSimulateArguments([])).toThrow('--date is required');
    expect(() => parseSimulateArguments(['--date', '2025-02-30'])).toThrow('--date 2025-02-30 is not a real YYYY-MM-DD date');
    expect(() => parseSimulateArguments(['--date', '2025-11-05', '--speed', 'fast'])).toThrow('--speed fast must be a number above 0');
    expect(() => parseSimulateArguments(['--date', '2025-11-05', '--speed', '0'])).toThrow('--speed 0 must be a number above 0');
    expect(() => parseSimulateArguments(['--date', '2025-11-05', '--faults'])).toThrow('--faults needs a value');
    expect(() => parseSimulateArguments(['--date', '2025-11-05', '--from', '2025-11-01'])).toThrow('unknown argument --from');
    expect(() => parseSimulateArguments(['--date', '2025-11-05', '--date', '2025-11-06'])).toThrow('--date is given twice');
  });
});
