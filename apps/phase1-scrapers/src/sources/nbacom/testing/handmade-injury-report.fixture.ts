import { PDFDocument, PDFFont, StandardFonts } from 'pdf-lib';
import { INJURY_REPORT_COLUMNS } from '../injury-report.parser';

/**
 * HAND-MADE TEST FIXTURE. No real NBA injury report is bundled with the project: this writes a small
 * PDF in the report's documented layout (landscape page, title line, a heading row repeated on every
 * page, cells placed at their column's left edge, "Page N of M" at the foot). The players are real
 * names; every status and reason is invented.
 */
export type HandMadeLine = Partial<Record<(typeof INJURY_REPORT_COLUMNS)[number], string>>;

export interface HandMadeReport {
  /** 'Injury Report: 11/05/25 05:00 PM' */
  title: string;
  pages: HandMadeLine[][];
  /** Leave the heading row out (an unparseable report). */
  withoutHeading?: boolean;
}

const COLUMN_X: Record<(typeof INJURY_REPORT_COLUMNS)[number], number> = {
  'Game Date': 24,
  'Game Time': 92,
  Matchup: 152,
  Team: 208,
  'Player Name': 352,
  'Current Status': 482,
  Reason: 560,
};
const PAGE = { width: 792, height: 612 };
const LINE_POINTS = 12;

export const HANDMADE_FIXTURE_MARK = 'HAND-MADE TEST FIXTURE: not a real NBA injury report';

export async function handMadeInjuryReportPdf(report: HandMadeReport): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.setTitle(HANDMADE_FIXTURE_MARK);
  const regular = await document.embedFont(StandardFonts.Helvetica);
  const bold = await document.embedFont(StandardFonts.HelveticaBold);
  report.pages.forEach((lines, index) => {
    const page = document.addPage([PAGE.width, PAGE.height]);
    const write = (text: string, x: number, y: number, font: PDFFont, size = 8) => page.drawText(text, { x, y, size, font });
    write(report.title, 24, PAGE.height - 30, bold, 11);
    write(HANDMADE_FIXTURE_MARK, 24, PAGE.height - 42, regular, 7);
    let y = PAGE.height - 60;
    if (!report.withoutHeading) {
      for (const column of INJURY_REPORT_COLUMNS) write(column, COLUMN_X[column], y, bold);
      y -= LINE_POINTS;
    }
    for (const line of lines) {
      for (const [column, text] of Object.entries(line) as Array<[(typeof INJURY_REPORT_COLUMNS)[number], string]>) {
        write(text, COLUMN_X[column], y, regular);
      }
      y -= LINE_POINTS;
    }
    write(`Page ${index + 1} of ${report.pages.length}`, PAGE.width / 2 - 20, 20, regular);
  });
  return Buffer.from(await document.save());
}

/**
 * The 5 PM report of 2025-11-05 as a hand-made fixture: grouped cells printed once, a reason wrapped
 * onto a second line, a team that has not submitted, a game whose rows continue on page 2, and the
 * next day's game (the report is cumulative).
 */
export const HANDMADE_REPORT_2025_11_05: HandMadeReport = {
  title: 'Injury Report: 11/05/25 05:00 PM',
  pages: [
    [
      { 'Game Date': '11/05/2025', 'Game Time': '07:00 (ET)', Matchup: 'MIL@TOR', Team: 'Milwaukee Bucks', 'Player Name': 'Antetokounmpo, Giannis', 'Current Status': 'Questionable', Reason: 'Injury/Illness - Left Ankle; Sprain' },
      { 'Player Name': 'Portis, Bobby', 'Current Status': 'Out', Reason: 'Injury/Illness - Right Hamstring; Strain' },
      { Team: 'Toronto Raptors', 'Player Name': 'Barnes, Scottie', 'Current Status': 'Probable', Reason: 'Injury/Illness - Left Wrist;' },
      { Reason: 'Contusion' },
      { 'Game Time': '07:30 (ET)', Matchup: 'PHI@CLE', Team: 'Philadelphia 76ers', Reason: 'NOT YET SUBMITTED' },
      { Team: 'Cleveland Cavaliers', 'Player Name': 'Mitchell, Donovan', 'Current Status': 'Available', Reason: 'Injury/Illness - Right Knee; Soreness' },
    ],
    [
      { 'Player Name': 'Strus, Max', 'Current Status': 'Out', Reason: 'Injury/Illness - Left Foot; Surgery' },
      { 'Player Name': 'Tyson, Jaylon', 'Current Status': 'Doubtful', Reason: 'G League - Two-Way' },
      { 'Game Date': '11/06/2025', 'Game Time': '08:00 (ET)', Matchup: 'DAL@DEN', Team: 'Dallas Mavericks', 'Player Name': 'Irving, Kyrie', 'Current Status': 'Out', Reason: 'Injury/Illness - Left Knee; ACL Repair' },
      { Team: 'Denver Nuggets', 'Player Name': 'Jones, Spencer', 'Current Status': 'Out', Reason: 'Not With Team' },
    ],
  ],
};
