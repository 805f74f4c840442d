import fs from 'node:fs';
import path from 'node:path';
import { joinPrinted, parseInjuryReport } from './injury-report.parser';
import { HANDMADE_REPORT_2025_11_05, handMadeInjuryReportPdf, HandMadeReport } from './testing/handmade-injury-report.fixture';

async function parse(report: HandMadeReport) {
  return parseInjuryReport(await handMadeInjuryReportPdf(report));
}

describe('the NBA.com injury report PDF, read by the position of its text (hand-made fixtures)', () => {
  it('reads every row, carrying the game and team cells down to the rows that leave them blank', async () => {
    const report = await parse(HANDMADE_REPORT_2025_11_05);
    expect(report).toMatchObject({ title: 'Injury Report: 11/05/25 05:00 PM', pages: 2 });
    expect(report.rows).toHaveLength(9);
    expect(report.rows[0]).toEqual({
      game_date: '2025-11-05',
      game_time: '07:00 (ET)',
      matchup: 'MIL@TOR',
      away_team: 'MIL',
      home_team: 'TOR',
      team: 'MIL',
      team_name: 'Milwaukee Bucks',
      player_name: 'Giannis Antetokounmpo',
      player_name_printed: 'Antetokounmpo, Giannis',
      player_lookup: 'giannisantetokounmpo',
      status: 'Questionable',
      reason: 'Injury/Illness - Left Ankle; Sprain',
      submitted: true,
      page: 1,
    });
    expect(report.rows[1]).toMatchObject({ game_date: '2025-11-05', game_time: '07:00 (ET)', matchup: 'MIL@TOR', team: 'MIL', player_lookup: 'bobbyportis', status: 'Out' });
    expect(report.rows[2]).toMatchObject({ matchup: 'MIL@TOR', team: 'TOR', team_name: 'Toronto Raptors', player_lookup: 'scottiebarnes', status: 'Probable' });
  });

  it('joins a reason wrapped onto the next line to its row', async () => {
    const report = await parse(HANDMADE_REPORT_2025_11_05);
    expect(report.rows[2].reason).toBe('Injury/Illness - Left Wrist; Contusion');
  });

  it('keeps a team that has not reported as a NOT YET SUBMITTED row without a player', async () => {
    const report = await parse(HANDMADE_REPORT_2025_11_05);
    expect(report.rows[3]).toEqual(
      expect.objectContaining({
        game_date: '2025-11-05',
        game_time: '07:30 (ET)',
        matchup: 'PHI@CLE',
        team: 'PHI',
        player_name: null,
        player_lookup: null,
        status: null,
        reason: 'NOT YET SUBMITTED',
        submitted: false,
      }),
    );
  });

  it('continues a game across the page break, and starts the next day when its date is printed', async () => {
    const report = await parse(HANDMADE_REPORT_2025_11_05);
    expect(report.rows[5]).toMatchObject({ page: 2, game_date: '2025-11-05', matchup: 'PHI@CLE', team: 'CLE', player_lookup: 'maxstrus', status: 'Out' });
    expect(report.rows[6]).toMatchObject({ page: 2, team: 'CLE', player_lookup: 'jaylontyson', status: 'Doubtful', reason: 'G League - Two-Way' });
    expect(report.rows[7]).toMatchObject({ game_date: '2025-11-06', game_time: '08:00 (ET)', matchup: 'DAL@DEN', team: 'DAL', player_lookup: 'kyrieirving' });
    expect(report.rows[8]).toMatchObject({ game_date: '2025-11-06', matchup: 'DAL@DEN', team: 'DEN', reason: 'Not With Team' });
  });

  it('refuses a PDF without the heading row, saying which columns it looked for', async () => {
    await expect(parse({ ...HANDMADE_REPORT_2025_11_05, withoutHeading: true })).rejects.toThrow(
      /injury report: page 1: "HAND-MADE TEST FIXTURE: not a real NBA injury report" comes before any heading row \(Game Date, Game Time, Matchup, Team, Player Name, Current Status, Reason\)/,
    );
  });

  it('refuses a status outside the five the league uses, naming the field and the value', async () => {
    const report: HandMadeReport = { title: 'Injury Report: 11/05/25 05:00 PM', pages: [[{ ...HANDMADE_REPORT_2025_11_05.pages[0][0], 'Current Status': 'Day-To-Day' }]] };
    await expect(parse(report)).rejects.toThrow(/page 1: Current Status "Day-To-Day" is not one of Out, Doubtful, Questionable, Probable, Available/);
  });

  it('refuses a team that does not play in the matchup it is listed under', async () => {
    const report: HandMadeReport = { title: 'Injury Report: 11/05/25 05:00 PM', pages: [[{ ...HANDMADE_REPORT_2025_11_05.pages[0][0], Team: 'Boston Celtics' }]] };
    await expect(parse(report)).rejects.toThrow(/Team "Boston Celtics" does not play in MIL@TOR/);
  });

  it('refuses bytes that are not a PDF, saying what they start with', async () => {
    await expect(parseInjuryReport(Buffer.from('<html>Access Denied</html>'))).rejects.toThrow(/not a readable PDF: the body does not start with %PDF-.*Access Denied/);
    await expect(parseInjuryReport(Buffer.from('%PDF-1.7 cut off'))).rejects.toThrow(/not a readable PDF: Invalid PDF structure/);
  });
});

describe('real NBA.com injury reports (data/samples/nbac_injury_report, attributed in data/samples/README.md)', () => {
  const real = (file: string) => fs.readFileSync(path.resolve(__dirname, '../../../../../data/samples/nbac_injury_report', file));

  it('01/04/24 12:30 PM: a wrapped reason centred on its row goes to that row, not half to the row above', async () => {
    const report = await parseInjuryReport(real('injury_report_f4391904.pdf'));
    expect(report).toMatchObject({ title: 'Injury Report: 01/04/24 12:30 PM', pages: 3 });
    expect(report.rows).toHaveLength(43);
    const byPlayer = (name: string) => report.rows.find((row) => row.player_name === name);
    // Printed: 'Injury/Illness - Right Forearm;' above McDermott's row, 'Contusion' below it; Duke's own reason on his row.
    expect(byPlayer('Doug McDermott')).toMatchObject({ team: 'SAS', status: 'Out', reason: 'Injury/Illness - Right Forearm; Contusion' });
    expect(byPlayer('David Duke Jr.')).toMatchObject({ team: 'SAS', status: 'Out', reason: 'G League - Two-Way', player_lookup: 'davidduke' });
  });

  it('re-joins a word broken at its hyphen without a space, and keeps the spaces of a free-standing dash', async () => {
    const report = await parseInjuryReport(real('injury_report_f4391904.pdf'));
    expect(report.rows.find((row) => row.player_name === 'Dominick Barlow')!.reason).toBe('G League - Two-Way');
    expect(report.rows.filter((row) => /\w- \w/.test(row.reason ?? ''))).toEqual([]);
    expect(report.rows.find((row) => row.player_name === 'Draymond Green')).toMatchObject({ matchup: 'DEN@GSW', team: 'GSW', reason: 'League Suspension' });
    expect(report.rows.filter((row) => !row.submitted).map((row) => `${row.game_date} ${row.team}`)).toContain('2024-01-05 ATL');
  });

  it('says a PDF without a text layer has no text, instead of "no heading row"', async () => {
    await expect(parseInjuryReport(real('injury_report_f0027997.pdf'))).rejects.toThrow(/the PDF has no text layer \(5 pages without any text\)/);
  });

  it('joins printed runs: "Two-" + "Way" is "Two-Way", "Injury/Illness" + "-" + "Left" keeps its spaces', () => {
    expect(joinPrinted(['G', 'League', '-', 'Two-', 'Way'])).toBe('G League - Two-Way');
    expect(joinPrinted(['Towns,', 'Karl-', 'Anthony'])).toBe('Towns, Karl-Anthony');
  });
});
