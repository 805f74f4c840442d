import { bundledAnalyticsRows, bundledPropRows, SEED_SOURCE } from './analytics.seeder';

describe('the bundled-season stand-in for phases 2 and 3', () => {
  const { players, teams } = bundledAnalyticsRows({ from: '2025-11-04', to: '2025-11-04' });

  it('builds one row per player line with the shared identity, marked as seed data', () => {
    const row = players.find((player) => player.game_id === '0022500165' && player.player_lookup === 'kylekuzma');
    expect(row).toMatchObject({ team_code: 'MIL', opponent_code: 'TOR', is_home: false, primary_source: SEED_SOURCE, quality_tier: 'gold', played: true });
    expect(new Set(players.map((player) => `${player.game_id}|${player.player_lookup}`)).size).toBe(players.length);
  });

  it('computes usage so a team\'s players share its plays: minute-weighted usage sums to 100 % per team', () => {
    for (const team of teams) {
      const roster = players.filter((player) => player.game_id === team.game_id && player.team_code === team.team_code && Number(player.minutes) > 0);
      const weighted = roster.reduce((sum, player) => sum + Number(player.usage_rate ?? 0) * Number(player.minutes), 0) / (Number(team.minutes) / 5);
      expect(weighted).toBeCloseTo(100, 0);
    }
  });

  it('reconciles team points with the official score and gives a plausible pace', () => {
    expect(teams.filter((team) => team.points_reconciled).length).toBeGreaterThan(teams.length * 0.9);
    for (const team of teams) {
      expect(Number(team.pace)).toBeGreaterThan(85);
      expect(Number(team.pace)).toBeLessThan(120);
    }
  });

  it('maps every bookmaker line to the shared player and team identity', () => {
    const lines = bundledPropRows({ from: '2025-11-04', to: '2025-11-04' });
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((line) => typeof line.player_lookup === 'string' && /^[A-Z]{3}$/.test(String(line.home_team_code)))).toBe(true);
  });
});
