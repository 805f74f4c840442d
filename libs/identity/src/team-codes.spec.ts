import fs from 'node:fs';
import path from 'node:path';
import { matchupKey, NBA_TEAMS, teamCode, UnknownTeamError } from './team-codes';

const repoRoot = path.resolve(__dirname, '../../..');

describe('team codes', () => {
  it('knows all 30 teams, each with a distinct code and NBA team id', () => {
    expect(NBA_TEAMS).toHaveLength(30);
    expect(new Set(NBA_TEAMS.map((team) => team.code)).size).toBe(30);
    expect(new Set(NBA_TEAMS.map((team) => team.nbaTeamId)).size).toBe(30);
  });

  it.each([
    ['GS', 'GSW'], ['NO', 'NOP'], ['NY', 'NYK'], ['SA', 'SAS'], ['UTAH', 'UTA'], ['WSH', 'WAS'],
    ['PHO', 'PHX'], ['BRK', 'BKN'], ['CHO', 'CHA'], ['gsw', 'GSW'], ['Golden State Warriors', 'GSW'],
    ['LA Clippers', 'LAC'], ['Los Angeles Clippers', 'LAC'], ['1610612744', 'GSW'],
  ])('maps %s to %s', (spelling, code) => {
    expect(teamCode(spelling)).toBe(code);
  });

  it('maps every team code and team id in the bundled season to itself', () => {
    const lines = fs.readFileSync(path.join(repoRoot, 'data/season_2025_26/games.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of lines) {
      const [, , , , homeId, home, awayId, away] = line.split(',');
      expect([teamCode(home), teamCode(homeId), teamCode(away), teamCode(awayId)]).toEqual([home, home, away, away]);
    }
  });

  it('maps every ESPN abbreviation and Odds API team name in the real samples', () => {
    const scoreboard = JSON.parse(fs.readFileSync(path.join(repoRoot, 'data/samples/espn/scoreboard_2022-12-25_pregame.json'), 'utf8')) as {
      events: Array<{ competitions: Array<{ competitors: Array<{ team: { abbreviation: string; displayName: string } }> }> }>;
    };
    for (const competitor of scoreboard.events.flatMap((event) => event.competitions[0].competitors)) {
      expect(teamCode(competitor.team.abbreviation)).toBe(teamCode(competitor.team.displayName));
    }
    const events = JSON.parse(fs.readFileSync(path.join(repoRoot, 'data/samples/oddsapi/events_list_2025-10-21_to_2026-01-20.json'), 'utf8')) as Array<{ home_team: string; away_team: string }>;
    const names = new Set(events.flatMap((event) => [event.home_team, event.away_team]));
    expect(names.size).toBe(30);
    for (const name of names) expect(() => teamCode(name, 'odds_api')).not.toThrow();
  });

  it('names the unknown spelling and where it came from', () => {
    expect(() => teamCode('SEA', 'espn')).toThrow(new UnknownTeamError('SEA', 'espn'));
    expect(() => teamCode('SEA', 'espn')).toThrow(/unknown team "SEA" from espn/);
  });

  it('keys a game the same way whatever the source spelling', () => {
    expect(matchupKey('2025-10-21', 'LAL', 'GS')).toBe(matchupKey('2025-10-21', 'Los Angeles Lakers', 'Golden State Warriors'));
    expect(matchupKey('2025-10-21', 'LAL', 'GSW')).toBe('2025-10-21|GSW@LAL');
  });

  it('knows a team by its city or its nickname alone, as official.nba.com names games', () => {
    expect(['Milwaukee', 'Toronto', 'Golden State', 'Oklahoma City', 'Trail Blazers', '76ers'].map((spelling) => teamCode(spelling))).toEqual(['MIL', 'TOR', 'GSW', 'OKC', 'POR', 'PHI']);
    expect(() => teamCode('Los Angeles')).toThrow(/unknown team "Los Angeles"/);
  });
});
