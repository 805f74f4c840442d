import { parsePipelineArguments } from './pipeline-arguments';

describe('pipeline arguments', () => {
  it('takes one date', () => {
    expect(parsePipelineArguments(['--date', '2025-11-05'])).toMatchObject({ from: '2025-11-05', to: '2025-11-05', dates: ['2025-11-05'], backfill: false });
  });

  it('takes a range and a backfill flag', () => {
    const parsed = parsePipelineArguments(['--from', '2025-11-05', '--to', '2025-11-07', '--backfill']);
    expect(parsed.dates).toEqual(['2025-11-05', '2025-11-06', '2025-11-07']);
    expect(parsed.backfill).toBe(true);
  });

  it('loads the season\'s history first unless told not to, and prints JSON when asked', () => {
    expect(parsePipelineArguments(['--date', '2025-11-05'])).toMatchObject({ loadHistory: true, json: false });
    expect(parsePipelineArguments(['--date', '2025-11-05', '--without-history', '--json'])).toMatchObject({ loadHistory: false, json: true });
  });

  it.each([
    [['--date', '2025-02-30'], /--date 2025-02-30 is not a real/],
    [['--from', '2025-11-07', '--to', '2025-11-05'], /--to 2025-11-07|--to 2025-11-05 is before --from 2025-11-07/],
    [['--from', '2025-11-05'], /both --from and --to/],
    [['--date', '2025-11-05', '--from', '2025-11-01'], /not both/],
    [['--dates', '2025-11-05'], /unknown argument --dates/],
    [['--date'], /--date needs a value/],
    [['--date', '2025-11-05', '--date', '2025-11-06'], /--date is given twice/],
    [['--date', '2025-11-05', '--backfill', '--backfill'], /--backfill is given twice/],
    [['--date', '2025-11-05', '--timeout-minutes', '0'], /--timeout-minutes 0/],
  ])('refuses %p naming the flag', (argv, message) => {
    expect(() => parsePipelineArguments(argv)).toThrow(message);
  });
});
