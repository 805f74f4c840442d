import { GameSubject, PlayerGameHistory, TeamGameHistory } from '../player-daily-cache/player-daily-cache.builder';
import { buildFormAndAvailability, FormAndAvailabilityContext, LEAGUE_POINTS_PER_MINUTE } from './form-and-availability.builder';

// Hand-made history (small enough to check the formulas of issue 16 by hand).
const game = (player: string, date: string, minutes: number, points: number, team = 'BOS', fga = 10): PlayerGameHistory => ({
  game_id: `${date}-${team}`, game_date: date, player_lookup: player, team_code: team, minutes, points, fga, fta: 2, usage_rate: 20, quality_tier: 'gold',
});
const subject = (player: string, team = 'BOS', opponent = 'NYK'): GameSubject => ({
  game_id: 'today', player_lookup: player, player_id: null, player_name: null, team_code: team, opponent_code: opponent, is_home: true,
});
const context = (overrides: Partial<FormAndAvailabilityContext> = {}): FormAndAvailabilityContext => ({
  priors: {}, injuryReports: [], listedBefore: [], listedToday: [], ...overrides,
});

describe('form and availability features', () => {
  const history = [game('jaylen', '2025-11-03', 30, 20), game('jaylen', '2025-11-01', 36, 30)];

  it('projects minutes and points per minute with last season as a prior (weights 0.5^(i/5) and 0.5^(i/8))', () => {
    const priors = { jaylen: { games: 50, minutes: 1750, points: 1050, fga: 900 } }; // 35 mpg, 0.6 ppm
    const [result] = buildFormAndAvailability('2025-11-05', [subject('jaylen')], history, [], context({ priors })).values();
    const w5 = 0.5 ** (1 / 5);
    const w8 = 0.5 ** (1 / 8);
    expect(result.features.minutes_projection).toBeCloseTo((30 + w5 * 36 + 35) / (1 + w5 + 1), 4);
    expect(result.features.points_per_minute_projection).toBeCloseTo((20 + w8 * 30 + 100 * 0.6) / (30 + w8 * 36 + 100), 4);
    expect(result.features).toMatchObject({ has_prior_season: 1, prior_season_minutes_per_game: 35, prior_season_points_per_minute: 0.6 });
  });

  it('without a usable last season: the plain weighted mean of minutes, and the league rate with 25 pseudo-minutes', () => {
    const priors = { jaylen: { games: 5, minutes: 60, points: 40, fga: 30 } }; // under 100 minutes: not used
    const [result] = buildFormAndAvailability('2025-11-05', [subject('jaylen')], history, [], context({ priors })).values();
    const w5 = 0.5 ** (1 / 5);
    const w8 = 0.5 ** (1 / 8);
    expect(result.features.minutes_projection).toBeCloseTo((30 + w5 * 36) / (1 + w5), 4);
    expect(result.features.points_per_minute_projection).toBeCloseTo((20 + w8 * 30 + 25 * LEAGUE_POINTS_PER_MINUTE) / (30 + w8 * 36 + 25), 4);
    expect(result.features.has_prior_season).toBe(0);
  });

  it('rates the opponent by its shrunk EWMA of points allowed over the league average (115 until 20 team-games)', () => {
    const teams: TeamGameHistory[] = [
      { game_date: '2025-11-03', team_code: 'NYK', pace: 100, opponent_points: 120 },
      { game_date: '2025-11-01', team_code: 'NYK', pace: 100, opponent_points: 110 },
    ];
    const [result] = buildFormAndAvailability('2025-11-05', [subject('jaylen')], history, teams, context()).values();
    const w10 = 0.5 ** (1 / 10);
    const ewma = (120 + w10 * 110) / (1 + w10);
    expect(result.features.opponent_defense_factor).toBeCloseTo((2 * ewma + 5 * 115) / 7 / 115, 4);
  });

  it('refuses history dated on or after the date', () => {
    expect(() => buildFormAndAvailability('2025-11-03', [subject('jaylen')], history, [], context())).toThrow(/contains a row dated 2025-11-03/);
    expect(() => buildFormAndAvailability('2025-11-05', [subject('jaylen')], history, [], context({ listedBefore: [{ game_date: '2025-11-05', player_lookup: 'x' }] }))).toThrow(/2025-11-05/);
  });

  it('reads the injury report only as published before tip-off: OUT teammates and their minutes', () => {
    const roster = [...history, game('jayson', '2025-11-03', 38, 28), game('derrick', '2025-11-03', 20, 6)];
    const report = (player: string, status: string, time: string) => ({ team_code: 'BOS', player_lookup: player, status, report_time_utc: time, tip_off_utc: '2025-11-06T00:00:00Z' });
    const injuryReports = [
      report('jayson', 'Out', '2025-11-05T21:30:00Z'),
      report('derrick', 'Questionable', '2025-11-05T21:30:00Z'),
      report('derrick', 'Out', '2025-11-06T00:15:00Z'), // after tip-off: not known before the game
      report('jaylen', 'Questionable', '2025-11-05T17:00:00Z'),
    ];
    const result = buildFormAndAvailability('2025-11-05', [subject('jaylen')], roster, [], context({ injuryReports })).get('today|jaylen')!;
    expect(result.features).toMatchObject({ injury_report_available: 1, injury_status_questionable: 1, injury_status_out: 0, teammates_out: 1, teammates_out_minutes: 38 });
    expect(result.flags).toEqual(['injury_report_after_tip_off_ignored']);

    const noTipOff = injuryReports.map((entry) => ({ ...entry, tip_off_utc: null }));
    const unknown = buildFormAndAvailability('2025-11-05', [subject('jaylen')], roster, [], context({ injuryReports: noTipOff })).get('today|jaylen')!;
    expect(unknown.features).toMatchObject({ injury_report_available: 0, teammates_out: 0 });
  });

  it('counts a teammate who usually has a line and has none today, only when the team has lines today', () => {
    const dates = ['2025-11-01', '2025-11-02', '2025-11-03'];
    const roster = dates.flatMap((date) => [game('jaylen', date, 30, 20), game('jayson', date, 38, 28)]);
    const listedBefore = dates.flatMap((date) => [{ game_date: date, player_lookup: 'jaylen' }, { game_date: date, player_lookup: 'jayson' }]);
    const today = buildFormAndAvailability('2025-11-05', [subject('jaylen')], roster, [], context({ listedBefore, listedToday: ['jaylen'] })).get('today|jaylen')!;
    expect(today.features).toMatchObject({ teammates_missing_line: 1, teammates_missing_line_minutes: 38 });
    const noLines = buildFormAndAvailability('2025-11-05', [subject('jaylen')], roster, [], context({ listedBefore, listedToday: [] })).get('today|jaylen')!;
    expect(noLines.features).toMatchObject({ teammates_missing_line: 0 });
  });

  it("counts his own minutes fully and each teammate's by how often players in the teammate's situation played this season", () => {
    const dates = ['2025-11-01', '2025-11-02', '2025-11-03'];
    const roster = dates.flatMap((date) => [game('jaylen', date, 30, 20), game('jayson', date, 38, 28)]);
    const listedBefore = dates.flatMap((date) => [{ game_date: date, player_lookup: 'jaylen' }, { game_date: date, player_lookup: 'jayson' }]);
    // on the 2nd and 3rd both were listed and played after playing the game before: 4 of 4, (4 + 1) / (4 + 2)
    const listed = buildFormAndAvailability('2025-11-05', [subject('jaylen')], roster, [], context({ listedBefore, listedToday: ['jaylen', 'jayson'] })).get('today|jaylen')!;
    expect(listed.features.team_expected_minutes).toBeCloseTo(30 + (38 * 5) / 6, 2);
    // a usual line missing tonight was never seen before: one half
    const missing = buildFormAndAvailability('2025-11-05', [subject('jaylen')], roster, [], context({ listedBefore, listedToday: ['jaylen'] })).get('today|jaylen')!;
    expect(missing.features.team_expected_minutes).toBeCloseTo(30 + 38 / 2, 2);
  });
});
