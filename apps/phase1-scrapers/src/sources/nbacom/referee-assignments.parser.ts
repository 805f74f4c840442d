import { teamCode } from '@lib/identity';
import { HTMLElement, parse } from 'node-html-parser';

export const OFFICIAL_ROLES = { 'Crew Chief': 'crew_chief', Referee: 'referee', Umpire: 'umpire', Alternate: 'alternate' } as const;
type RoleHeading = keyof typeof OFFICIAL_ROLES;
export type OfficialRole = (typeof OFFICIAL_ROLES)[RoleHeading];

/** One official on one NBA game. */
export interface RefereeAssignmentRow {
  /** As printed, e.g. 'Milwaukee @ Toronto'. */
  game: string;
  /** NBA.com tricodes, away@home. */
  matchup: string;
  away_team: string;
  home_team: string;
  role: OfficialRole;
  official_name: string;
  /** The official's jersey number, when printed ('Scott Foster (#48)'). */
  official_number: number | null;
  /** The cell as printed. */
  printed: string;
}

export interface ParsedRefereeAssignments {
  /** The date the page says it is for (YYYY-MM-DD), when it prints one. */
  pageDate: string | null;
  pageDatePrinted: string | null;
  /** The headings of every assignments table on the page (NBA, G League, WNBA, …). */
  leagues: string[];
  games: number;
  rows: RefereeAssignmentRow[];
}

export class RefereeAssignmentsFormatError extends Error {
  constructor(message: string) {
    super(`referee assignments: ${message}`);
    this.name = 'RefereeAssignmentsFormatError';
  }
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const pad = (value: number | string) => String(value).padStart(2, '0');
const cellText = (element: HTMLElement) => element.textContent.replace(/\s+/g, ' ').trim();

function pageDateOf(text: string): { iso: string; printed: string } | null {
  const spelled = new RegExp(`\\b(${MONTHS.join('|')})\\s+(\\d{1,2}),\\s*(\\d{4})\\b`, 'i').exec(text);
  if (spelled) return { iso: `${spelled[3]}-${pad(MONTHS.indexOf(spelled[1].toLowerCase()) + 1)}-${pad(spelled[2])}`, printed: spelled[0] };
  const numeric = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/.exec(text);
  if (numeric) return { iso: `${numeric[3]}-${pad(numeric[1])}-${pad(numeric[2])}`, printed: numeric[0] };
  return null;
}

const isNbaLeague = (heading: string) => /\bNBA\b/i.test(heading) && !/G[\s-]*League|WNBA/i.test(heading);

function readOfficial(printed: string, where: string): { name: string; number: number | null } {
  const match = /^(.*?)\s*\(\s*#?\s*(\d+)\s*\)$/.exec(printed);
  const name = (match ? match[1] : printed).trim();
  if (!/[A-Za-z]/.test(name)) throw new RefereeAssignmentsFormatError(`${where}: official ${JSON.stringify(printed)} has no name`);
  return { name, number: match ? Number(match[2]) : null };
}

function readGame(printed: string, where: string): { away: string; home: string } {
  const parts = printed.split(/\s+@\s+|\s+at\s+/i);
  if (parts.length !== 2) throw new RefereeAssignmentsFormatError(`${where}: Game ${JSON.stringify(printed)} is not 'Away @ Home'`);
  return { away: teamCode(parts[0], 'official.nba.com referee assignments'), home: teamCode(parts[1], 'official.nba.com referee assignments') };
}

/**
 * Reads official.nba.com's referee assignments page: one table per league under a heading naming it,
 * with the columns Game, Crew Chief, Referee, Umpire and Alternate. Only the NBA table's games are
 * read; a page with assignment tables none of which is the NBA's is refused rather than read as empty.
 */
export function parseRefereeAssignments(html: string): ParsedRefereeAssignments {
  const root = parse(html);
  // structuredText keeps block elements apart, so a heading does not run into the date below it.
  const date = pageDateOf(root.structuredText);
  const leagues: string[] = [];
  const rows: RefereeAssignmentRow[] = [];
  let heading = '';
  let games = 0;
  for (const element of root.querySelectorAll('h1, h2, h3, h4, h5, h6, table')) {
    if (element.tagName !== 'TABLE') {
      heading = cellText(element);
      continue;
    }
    const tableRows = element.querySelectorAll('tr');
    const headings = (tableRows[0]?.querySelectorAll('th, td') ?? []).map(cellText);
    const gameColumn = headings.findIndex((text) => text.toLowerCase() === 'game');
    const roleColumns = (Object.keys(OFFICIAL_ROLES) as RoleHeading[])
      .map((role) => ({ role, index: headings.findIndex((text) => text.toLowerCase() === role.toLowerCase()) }))
      .filter((column) => column.index >= 0);
    // Other tables (the replay center's officials, layout tables) are not assignments.
    if (gameColumn < 0 || !roleColumns.some((column) => column.role === 'Crew Chief')) continue;
    leagues.push(heading || '(no heading)');
    if (!isNbaLeague(heading)) continue;
    for (const [index, tableRow] of tableRows.slice(1).entries()) {
      const cells = tableRow.querySelectorAll('td').map(cellText);
      if (cells.every((cell) => cell === '')) continue;
      const where = `${heading} table row ${index + 1}`;
      if (cells.length < headings.length) {
        throw new RefereeAssignmentsFormatError(`${where} has ${cells.length} cells where the heading has ${headings.length}: ${JSON.stringify(cells)}`);
      }
      const game = readGame(cells[gameColumn], where);
      games += 1;
      for (const { role, index: column } of roleColumns) {
        if (cells[column] === '') continue;
        const official = readOfficial(cells[column], `${where} ${role}`);
        rows.push({
          game: cells[gameColumn],
          matchup: `${game.away}@${game.home}`,
          away_team: game.away,
          home_team: game.home,
          role: OFFICIAL_ROLES[role],
          official_name: official.name,
          official_number: official.number,
          printed: cells[column],
        });
      }
    }
  }
  if (leagues.length > 0 && !leagues.some(isNbaLeague)) {
    throw new RefereeAssignmentsFormatError(`found assignment tables for ${leagues.join(', ')} but none under an NBA heading`);
  }
  return { pageDate: date?.iso ?? null, pageDatePrinted: date?.printed ?? null, leagues, games, rows };
}
