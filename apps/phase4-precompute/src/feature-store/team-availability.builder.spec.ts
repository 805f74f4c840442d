import { AvailabilityHistoryRow, buildTeamAvailability, playProbability } from './team-availability.builder';

const played = (player: string, date: string, team = 'BOS', minutes = 30): AvailabilityHistoryRow => ({ game_date: date, player_lookup: player, team_code: team, minutes });
const dates = ['2025-11-01', '2025-11-02', '2025-11-03', '2025-11-04'];

describe('team availability: rosters tonight and how often players in each situation played', () => {
  it('counts, date by date, who of the roster played, by games missed in a row and line status', () => {
    // derrick plays the first two games, then misses two; jaylen and jayson play all four; BOS has no lines
    const history = [...dates.map((date) => played('jaylen', date)), ...dates.map((date) => played('jayson', date)), played('derrick', dates[0]), played('derrick', dates[1])];
    const result = buildTeamAvailability('2025-11-05', history, [], new Set(['BOS']), new Set(), new Set());

    // the 1st has no roster yet; on the 2nd..4th jaylen and jayson play with 0 missed before; derrick
    // plays the 2nd (0 missed before), misses the 3rd (0 missed before) and the 4th (1 missed before)
    expect(result.shares.get('0|team_without_lines')).toEqual({ played: 7, chances: 8 });
    expect(result.shares.get('1|team_without_lines')).toEqual({ played: 0, chances: 1 });
    expect(result.roster).toEqual([
      { player_lookup: 'derrick', team_code: 'BOS', missed_games: 2, line_status: 'team_without_lines' },
      { player_lookup: 'jaylen', team_code: 'BOS', missed_games: 0, line_status: 'team_without_lines' },
      { player_lookup: 'jayson', team_code: 'BOS', missed_games: 0, line_status: 'team_without_lines' },
    ]);
    // smoothed toward one half: (0 + 1) / (0 + 2) for a situation never seen (2 missed), (7 + 1) / (8 + 2) for 0 missed
    expect(playProbability(result.shares, result.roster[0])).toBe(0.5);
    expect(playProbability(result.shares, result.roster[1])).toBe(0.8);
  });

  it('tells a teammate who usually has a line and has none tonight from one listed, when his team has lines tonight', () => {
    const history = dates.flatMap((date) => [played('jaylen', date), played('jayson', date), played('derrick', date, 'BOS', 12)]);
    const listedBefore = dates.flatMap((date) => [{ game_date: date, player_lookup: 'jaylen' }, { game_date: date, player_lookup: 'jayson' }]);
    const tonight = buildTeamAvailability('2025-11-05', history, listedBefore, new Set(['BOS']), new Set(['BOS']), new Set(['jaylen']));
    expect(tonight.roster.map((member) => [member.player_lookup, member.line_status])).toEqual([
      ['derrick', 'not_listed'],
      ['jaylen', 'listed'],
      ['jayson', 'usual_line_missing'],
    ]);
    const withoutLines = buildTeamAvailability('2025-11-05', history, listedBefore, new Set(['BOS']), new Set(), new Set());
    expect(withoutLines.roster.every((member) => member.line_status === 'team_without_lines')).toBe(true);
  });

  it('leaves out players whose last game is more than three weeks old, and teams not playing tonight', () => {
    const history = [played('jaylen', '2025-11-01'), played('oldtimer', '2025-10-01'), played('jalen', '2025-11-01', 'NYK')];
    const result = buildTeamAvailability('2025-11-05', history, [], new Set(['BOS']), new Set(), new Set());
    expect(result.roster.map((member) => member.player_lookup)).toEqual(['jaylen']);
  });

  it('refuses history dated on or after the date', () => {
    expect(() => buildTeamAvailability('2025-11-04', [played('jaylen', '2025-11-04')], [], new Set(), new Set(), new Set())).toThrow(/contains a row dated 2025-11-04/);
  });
});
