import { playerLookup, teamCode } from '@lib/identity';
import { PdfTextPage, PositionedText, readPdfText, TextLine } from './pdf-text.reader';

export const INJURY_REPORT_COLUMNS = ['Game Date', 'Game Time', 'Matchup', 'Team', 'Player Name', 'Current Status', 'Reason'] as const;
type Column = (typeof INJURY_REPORT_COLUMNS)[number];

export const INJURY_STATUSES = ['Out', 'Doubtful', 'Questionable', 'Probable', 'Available'] as const;
export type InjuryStatus = (typeof INJURY_STATUSES)[number];

/** What a team that has not reported yet shows instead of players. */
export const NOT_YET_SUBMITTED = 'NOT YET SUBMITTED';

/** One row of the report: a player's status for a game, or a team that has not submitted its report. */
export interface InjuryReportRow {
  game_date: string;
  /** As printed, e.g. '07:30 (ET)'. */
  game_time: string;
  /** As printed, away@home in NBA.com tricodes, e.g. 'MIL@TOR'. */
  matchup: string;
  away_team: string;
  home_team: string;
  /** NBA.com tricode of the team the row is about. */
  team: string;
  /** The team's name as printed. */
  team_name: string;
  /** 'First Last'; null on a NOT YET SUBMITTED row. */
  player_name: string | null;
  /** As printed, 'Last, First'. */
  player_name_printed: string | null;
  player_lookup: string | null;
  status: InjuryStatus | null;
  /** e.g. 'Injury/Illness - Left Ankle; Sprain', 'G League - Two-Way', 'NOT YET SUBMITTED'. */
  reason: string | null;
  /** False for a team whose report shows NOT YET SUBMITTED. */
  submitted: boolean;
  /** The page the row starts on (1-based). */
  page: number;
}

export interface ParsedInjuryReport {
  /** The report's own title line, e.g. 'Injury Report: 11/05/25 05:00 PM', when it has one. */
  title: string | null;
  pages: number;
  rows: InjuryReportRow[];
}

export class InjuryReportFormatError extends Error {
  constructor(message: string) {
    super(`injury report: ${message}`);
    this.name = 'InjuryReportFormatError';
  }
}

/** A run of text belongs to a column when it starts at most this far (points) left of the column's heading. */
const COLUMN_SLACK_POINTS = 3;

interface ColumnStart {
  column: Column;
  x: number;
}

interface CarriedCells {
  gameDate?: string;
  gameTime?: string;
  matchup?: { printed: string; away: string; home: string };
  team?: { printed: string; code: string };
}

const lineText = (line: TextLine) => line.items.map((item) => item.text).join(' ');

/**
 * Joins runs of text into a cell: with a space, except after a word broken at its hyphen ('Two-'
 * then 'Way' is 'Two-Way', 'Karl-' then 'Anthony' is 'Karl-Anthony'); a free-standing ' - ' keeps its spaces.
 */
export function joinPrinted(pieces: readonly string[]): string {
  return pieces.reduce((joined, piece) => {
    if (joined === '') return piece;
    return /\p{L}-$/u.test(joined) ? `${joined}${piece}` : `${joined} ${piece}`;
  }, '');
}

/** The heading row's columns, left to right, or undefined when the line is not the heading row. */
function headingColumns(line: TextLine): ColumnStart[] | undefined {
  const starts: ColumnStart[] = [];
  for (const column of INJURY_REPORT_COLUMNS) {
    let found: PositionedText | undefined;
    // A heading may come as one run or as one run per word ('Game' 'Date').
    for (let first = 0; first < line.items.length && !found; first += 1) {
      for (let last = first; last < Math.min(line.items.length, first + 3); last += 1) {
        if (line.items.slice(first, last + 1).map((item) => item.text).join(' ') === column) {
          found = line.items[first];
          break;
        }
      }
    }
    if (!found) return undefined;
    starts.push({ column, x: found.x });
  }
  return starts.sort((a, b) => a.x - b.x);
}

function cellsOf(line: TextLine, columns: ColumnStart[], pageNumber: number): Partial<Record<Column, string>> {
  const cells: Partial<Record<Column, string[]>> = {};
  for (const item of line.items) {
    const column = [...columns].reverse().find((start) => item.x >= start.x - COLUMN_SLACK_POINTS);
    if (!column) {
      throw new InjuryReportFormatError(`page ${pageNumber}: ${JSON.stringify(item.text)} lies left of the ${columns[0].column} column`);
    }
    (cells[column.column] ??= []).push(item.text);
  }
  return Object.fromEntries(Object.entries(cells).map(([column, texts]) => [column, joinPrinted(texts!)]));
}

function isoDate(printed: string, pageNumber: number): string {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(printed);
  if (!match) throw new InjuryReportFormatError(`page ${pageNumber}: Game Date ${JSON.stringify(printed)} is not MM/DD/YYYY`);
  return `${match[3]}-${match[1]}-${match[2]}`;
}

function readMatchup(printed: string, pageNumber: number): CarriedCells['matchup'] {
  const match = /^([A-Z]{2,4})@([A-Z]{2,4})$/.exec(printed);
  if (!match) throw new InjuryReportFormatError(`page ${pageNumber}: Matchup ${JSON.stringify(printed)} is not AWAY@HOME`);
  return { printed, away: teamCode(match[1], 'nbacom injury report'), home: teamCode(match[2], 'nbacom injury report') };
}

function readStatus(printed: string, pageNumber: number): InjuryStatus {
  const status = INJURY_STATUSES.find((candidate) => candidate.toLowerCase() === printed.toLowerCase());
  if (!status) throw new InjuryReportFormatError(`page ${pageNumber}: Current Status ${JSON.stringify(printed)} is not one of ${INJURY_STATUSES.join(', ')}`);
  return status;
}

function readPlayer(printed: string, pageNumber: number): { name: string; lookup: string } {
  const match = /^([^,]+),\s*(.+)$/.exec(printed);
  if (!match) throw new InjuryReportFormatError(`page ${pageNumber}: Player Name ${JSON.stringify(printed)} is not 'Last, First'`);
  return { name: `${match[2].trim()} ${match[1].trim()}`, lookup: playerLookup(printed, 'nbacom injury report') };
}

/**
 * Reads the report's table by where its text sits: the heading row of each page gives the left edge
 * of each column, and every run of text below it belongs to the column it starts in. Game Date, Game
 * Time, Matchup and Team are printed on the first row of their group only and carry down, across
 * pages too. A line with text in Reason alone is part of a reason that wraps: NBA.com centres a
 * wrapped Reason on its player's row, so its first line prints above the row and its last below;
 * each such line belongs to the row whose baseline is nearest.
 */
export function parseInjuryReportPages(pages: PdfTextPage[]): ParsedInjuryReport {
  if (pages.length > 0 && pages.every((page) => page.lines.length === 0)) {
    throw new InjuryReportFormatError(`the PDF has no text layer (${pages.length} pages without any text): a scanned or image-only report cannot be read`);
  }
  const rows: InjuryReportRow[] = [];
  const carried: CarriedCells = {};
  let title: string | null = null;
  let columns: ColumnStart[] | undefined;

  for (const page of pages) {
    const headingIndex = page.lines.findIndex((line) => headingColumns(line) !== undefined);
    if (headingIndex >= 0) columns = headingColumns(page.lines[headingIndex]);
    const tableLines: Array<{ line: TextLine; text: string; cells: Partial<Record<Column, string>> }> = [];
    page.lines.forEach((line, index) => {
      const text = lineText(line);
      if (/^Injury Report:/i.test(text)) title ??= text;
      // Above the heading row is the page's header; a page without a heading row continues the table.
      if (index <= headingIndex || /^Injury Report:/i.test(text) || /^Page \d+ of \d+$/i.test(text)) return;
      if (!columns) {
        throw new InjuryReportFormatError(`page ${page.pageNumber}: ${JSON.stringify(text)} comes before any heading row (${INJURY_REPORT_COLUMNS.join(', ')})`);
      }
      tableLines.push({ line, text, cells: cellsOf(line, columns, page.pageNumber) });
    });
    let rowAbove: { row: InjuryReportRow; y: number } | undefined;
    let heldForRowBelow: string[] = [];
    tableLines.forEach(({ line, text, cells }, index) => {
      if (isReasonOnly(cells)) {
        const below = tableLines.slice(index + 1).find((candidate) => !isReasonOnly(candidate.cells));
        const toBelow = below !== undefined && (rowAbove === undefined || Math.abs(below.line.y - line.y) < Math.abs(rowAbove.y - line.y));
        if (toBelow) heldForRowBelow.push(cells.Reason!);
        else {
          // The end of a reason carried over from the previous page belongs to its last row.
          const owner = rowAbove?.row ?? rows.at(-1);
          if (!owner) throw new InjuryReportFormatError(`page ${page.pageNumber}: Reason text ${JSON.stringify(cells.Reason)} before any row`);
          owner.reason = joinPrinted([owner.reason ?? '', cells.Reason!].filter(Boolean));
        }
        return;
      }
      const row = readLine(cells, text, page.pageNumber, carried);
      if (heldForRowBelow.length > 0) {
        row.reason = joinPrinted([...heldForRowBelow, row.reason ?? ''].filter(Boolean));
        heldForRowBelow = [];
      }
      rows.push(row);
      rowAbove = { row, y: line.y };
    });
  }
  if (!columns) throw new InjuryReportFormatError(`no heading row (${INJURY_REPORT_COLUMNS.join(', ')}) on any of ${pages.length} pages`);
  return { title, pages: pages.length, rows };
}

function isNotSubmitted(cells: Partial<Record<Column, string>>): boolean {
  // NOT YET SUBMITTED stands where the players would: in Reason, or across Player Name to Reason.
  return [cells['Player Name'], cells['Current Status'], cells.Reason].filter(Boolean).join(' ').toUpperCase() === NOT_YET_SUBMITTED;
}

/** A line with text in Reason only: part of a wrapped reason. */
function isReasonOnly(cells: Partial<Record<Column, string>>): boolean {
  const grouped = cells['Game Date'] ?? cells['Game Time'] ?? cells.Matchup ?? cells.Team;
  return !grouped && !cells['Player Name'] && !cells['Current Status'] && cells.Reason !== undefined && !isNotSubmitted(cells);
}

function readLine(cells: Partial<Record<Column, string>>, text: string, pageNumber: number, carried: CarriedCells): InjuryReportRow {
  const notSubmitted = isNotSubmitted(cells);

  if (cells['Game Date']) carried.gameDate = isoDate(cells['Game Date'], pageNumber);
  if (cells['Game Time']) carried.gameTime = cells['Game Time'];
  if (cells.Matchup) carried.matchup = readMatchup(cells.Matchup, pageNumber);
  if (cells.Team) carried.team = { printed: cells.Team, code: teamCode(cells.Team, 'nbacom injury report') };
  if (!cells['Player Name'] && !notSubmitted) {
    throw new InjuryReportFormatError(`page ${pageNumber}: line ${JSON.stringify(text)} has no Player Name and is not ${NOT_YET_SUBMITTED}`);
  }

  const { gameDate, gameTime, matchup, team } = carried;
  if (!gameDate || !gameTime || !matchup || !team) {
    const absent = [['Game Date', gameDate], ['Game Time', gameTime], ['Matchup', matchup], ['Team', team]].filter(([, value]) => !value).map(([name]) => name);
    throw new InjuryReportFormatError(`page ${pageNumber}: line ${JSON.stringify(text)} has no ${absent.join(', ')} printed above it`);
  }
  if (team.code !== matchup.away && team.code !== matchup.home) {
    throw new InjuryReportFormatError(`page ${pageNumber}: Team ${JSON.stringify(team.printed)} does not play in ${matchup.printed}`);
  }

  const player = cells['Player Name'] && !notSubmitted ? readPlayer(cells['Player Name'], pageNumber) : undefined;
  if (player && !cells['Current Status']) {
    throw new InjuryReportFormatError(`page ${pageNumber}: ${JSON.stringify(cells['Player Name'])} has no Current Status`);
  }
  return {
    game_date: gameDate,
    game_time: gameTime,
    matchup: matchup.printed,
    away_team: matchup.away,
    home_team: matchup.home,
    team: team.code,
    team_name: team.printed,
    player_name: player?.name ?? null,
    player_name_printed: player ? cells['Player Name']! : null,
    player_lookup: player?.lookup ?? null,
    status: cells['Current Status'] && !notSubmitted ? readStatus(cells['Current Status'], pageNumber) : null,
    reason: notSubmitted ? NOT_YET_SUBMITTED : (cells.Reason ?? null),
    submitted: !notSubmitted,
    page: pageNumber,
  };
}

/** The injury report PDF's rows. Throws UnreadablePdfError or InjuryReportFormatError saying what and where. */
export async function parseInjuryReport(pdf: Buffer): Promise<ParsedInjuryReport> {
  return parseInjuryReportPages(await readPdfText(pdf));
}
