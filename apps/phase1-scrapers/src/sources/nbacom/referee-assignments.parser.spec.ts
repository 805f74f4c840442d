import fs from 'node:fs';
import path from 'node:path';
import { parseRefereeAssignments } from './referee-assignments.parser';

const HANDMADE_PAGE = fs.readFileSync(path.join(__dirname, 'testing', 'HANDMADE-TEST-FIXTURE.referee-assignments.html'), 'utf8');

describe("official.nba.com's referee assignments page (hand-made fixture)", () => {
  it('reads one row per official of every NBA game, with team codes, role and number', () => {
    const parsed = parseRefereeAssignments(HANDMADE_PAGE);
    expect(parsed).toMatchObject({ pageDate: '2025-11-05', pageDatePrinted: 'November 5, 2025', leagues: ['NBA', 'NBA G League'], games: 3 });
    expect(parsed.rows).toHaveLength(10);
    expect(parsed.rows.filter((row) => row.matchup === 'MIL@TOR')).toEqual([
      { game: 'Milwaukee @ Toronto', matchup: 'MIL@TOR', away_team: 'MIL', home_team: 'TOR', role: 'crew_chief', official_name: 'Scott Foster', official_number: 48, printed: 'Scott Foster (#48)' },
      { game: 'Milwaukee @ Toronto', matchup: 'MIL@TOR', away_team: 'MIL', home_team: 'TOR', role: 'referee', official_name: 'Bill Kennedy', official_number: 55, printed: 'Bill Kennedy (#55)' },
      { game: 'Milwaukee @ Toronto', matchup: 'MIL@TOR', away_team: 'MIL', home_team: 'TOR', role: 'umpire', official_name: 'Natalie Sago', official_number: 9, printed: 'Natalie Sago (#9)' },
    ]);
    expect(parsed.rows).toContainEqual(expect.objectContaining({ matchup: 'PHI@CLE', role: 'alternate', official_name: 'Aaron Smith', official_number: 81 }));
    expect(parsed.rows).toContainEqual(expect.objectContaining({ matchup: 'GSW@OKC', role: 'crew_chief', official_name: 'Zach Zarba' }));
  });

  it('leaves the G League and replay-center tables out', () => {
    const parsed = parseRefereeAssignments(HANDMADE_PAGE);
    expect(parsed.rows.some((row) => /Official|Fraher/.test(row.official_name))).toBe(false);
  });

  it('reads a page without assignment tables as no games', () => {
    expect(parseRefereeAssignments('<html><body><h1>Referee Assignments</h1><p>November 6, 2025</p><p>No games today.</p></body></html>')).toEqual({
      pageDate: '2025-11-06',
      pageDatePrinted: 'November 6, 2025',
      leagues: [],
      games: 0,
      rows: [],
    });
  });

  it('refuses assignment tables none of which is the NBA one, naming what it found', () => {
    const onlyGLeague = HANDMADE_PAGE.replace('<h2>NBA</h2>', '<h2>WNBA</h2>');
    expect(() => parseRefereeAssignments(onlyGLeague)).toThrow(/referee assignments: found assignment tables for WNBA, NBA G League but none under an NBA heading/);
  });

  it('refuses a game it cannot read as Away @ Home, naming the row', () => {
    const broken = HANDMADE_PAGE.replace('<td>Milwaukee @ Toronto</td>', '<td>Milwaukee vs Toronto</td>');
    expect(() => parseRefereeAssignments(broken)).toThrow(/NBA table row 1: Game "Milwaukee vs Toronto" is not 'Away @ Home'/);
    const unknownTeam = HANDMADE_PAGE.replace('<td>Milwaukee @ Toronto</td>', '<td>Seattle @ Toronto</td>');
    expect(() => parseRefereeAssignments(unknownTeam)).toThrow(/unknown team "Seattle" from official.nba.com referee assignments/);
  });
});
