import { ListedGame } from '../scraping/scraper';
import { compareWithSchedule } from './expected-versus-got';

const game = (matchupKey: string, nbaGameId?: string): ListedGame => ({ matchupKey, nbaGameId, upstreamGameId: nbaGameId ?? matchupKey });

describe('compareWithSchedule', () => {
  const schedule = [game('2025-11-05|PHI@CLE', '0022500171'), game('2025-11-05|GSW@SAC', '0022500172'), game('2025-11-05|MIA@LAC', '0022500173')];

  it('finds the scheduled games a source lacks, whatever ids the source uses', () => {
    const result = compareWithSchedule(schedule, [game('2025-11-05|PHI@CLE'), game('2025-11-05|MIA@LAC')]);
    expect(result.missing.map((missing) => missing.nbaGameId)).toEqual(['0022500172']);
    expect(result.coverage).toBeCloseTo(2 / 3);
  });

  it('ignores games the source has that the schedule does not', () => {
    expect(compareWithSchedule(schedule.slice(0, 1), [game('2025-11-05|PHI@CLE'), game('2025-11-05|BOS@NYK')]).coverage).toBe(1);
  });

  it('counts zero games got on a day with games as zero coverage', () => {
    expect(compareWithSchedule(schedule, [])).toMatchObject({ expected: 3, coverage: 0 });
  });

  it('is complete when nothing was scheduled', () => {
    expect(compareWithSchedule([], [])).toMatchObject({ expected: 0, coverage: 1, missing: [] });
  });
});
