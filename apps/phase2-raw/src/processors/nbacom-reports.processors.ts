import { nbacInjuryReportTable, nbacPlayerListTable, nbacRefereeAssignmentsTable } from '@lib/warehouse';
import { PayloadShape, PayloadShapeError } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { matchupsListed } from './matchup-coverage';
import { RawProcessor, RawRows } from './raw-processor';
import { keepMappable, mappablePlayer, mappableTeam } from './unmappable-records';

const code = (field: PayloadShape) => mappableTeam(field, 'nbacom');

/** The key of a team's NOT YET SUBMITTED row, which names no player. */
export const NOT_YET_SUBMITTED_LOOKUP = 'not_yet_submitted';

/**
 * NBA.com's injury report as phase 1 parsed it from the PDF. Every published report keeps its own
 * rows, so a status that changes during the day (Questionable at 1 PM, Out at 5 PM) is kept as a history.
 */
export class NbacInjuryReportProcessor implements RawProcessor {
  readonly name = 'nbac_injury_report';
  readonly table = nbacInjuryReportTable;

  toRows(payload: RawPayload): RawRows {
    const report = payload.data.field('report');
    if (report.value === null) return { rows: [], detail: 'no report was published for the times tried' };
    const reportTimeEt = report.field('report_time_et').nonEmptyString();
    const reportTimeUtc = report.field('report_time_utc').nonEmptyString();
    const url = report.field('url').optionalString();
    const { rows, setAside } = keepMappable(
      payload.data.field('rows').items(),
      (row) => `${String(row.field('away_team').value)}@${String(row.field('home_team').value)}|${String(row.field('team').value)}|player:${String(row.field('player_name').value)}`,
      (row) => {
        const submitted = row.field('submitted').boolean();
        return {
          game_date: row.field('game_date').nonEmptyString(),
          report_time_et: reportTimeEt,
          report_time_utc: reportTimeUtc,
          game_time: row.field('game_time').optionalString(),
          home_team_code: code(row.field('home_team')),
          away_team_code: code(row.field('away_team')),
          team_code: code(row.field('team')),
          player_lookup: submitted ? row.field('player_lookup').nonEmptyString() : NOT_YET_SUBMITTED_LOOKUP,
          player_name: row.field('player_name').optionalString(),
          status: row.field('status').optionalString(),
          reason: row.field('reason').optionalString(),
          submitted,
          report_url: url,
          page: row.field('page').optionalInteger(),
        };
      },
    );
    const notSubmitted = rows.filter((row) => !row.submitted).map((row) => row.team_code);
    return {
      rows,
      setAside,
      coverage: matchupsListed(uniqueMatchups(rows), 'nbacom'),
      ...(notSubmitted.length > 0 ? { detail: `not yet submitted by ${notSubmitted.join(', ')}` } : {}),
    };
  }
}

/** official.nba.com's referee assignments for the page's date. */
export class NbacRefereeAssignmentsProcessor implements RawProcessor {
  readonly name = 'nbac_referee_assignments';
  readonly table = nbacRefereeAssignmentsTable;

  toRows(payload: RawPayload): RawRows {
    const pageDate = payload.data.field('page_date').nonEmptyString();
    const { rows, setAside } = keepMappable(
      payload.data.field('rows').items(),
      (row) => `${String(row.field('away_team').value)}@${String(row.field('home_team').value)}|official:${String(row.field('official_name').value)}`,
      (row) => ({
        game_date: pageDate,
        home_team_code: code(row.field('home_team')),
        away_team_code: code(row.field('away_team')),
        role: row.field('role').nonEmptyString(),
        official_name: row.field('official_name').nonEmptyString(),
        official_number: row.field('official_number').optionalInteger(),
      }),
    );
    return { rows, setAside, coverage: matchupsListed(uniqueMatchups(rows), 'nbacom') };
  }
}

function uniqueMatchups<T extends { home_team_code: string; away_team_code: string }>(rows: T[]): T[] {
  const seen = new Map<string, T>();
  for (const row of rows) seen.set(`${row.away_team_code}@${row.home_team_code}`, row);
  return [...seen.values()];
}

const PLAYER_LIST_COLUMNS = ['PERSON_ID', 'DISPLAY_FIRST_LAST', 'ROSTERSTATUS', 'FROM_YEAR', 'TO_YEAR', 'TEAM_ABBREVIATION'] as const;

/** commonallplayers (current season): one row per player with the NBA.com person id and team. */
export class NbacPlayerListProcessor implements RawProcessor {
  readonly name = 'nbac_player_list';
  readonly table = nbacPlayerListTable;

  toRows(payload: RawPayload): RawRows {
    const set = payload.data
      .field('resultSets')
      .items()
      .find((candidate) => candidate.field('name').string() === 'CommonAllPlayers');
    if (!set) throw new PayloadShapeError('payload.data.resultSets', 'a CommonAllPlayers result set', payload.data.field('resultSets').value);
    const headers = set.field('headers').items().map((header) => header.string());
    const absent = PLAYER_LIST_COLUMNS.filter((column) => !headers.includes(column));
    if (absent.length > 0) throw new PayloadShapeError(`${set.path}.headers`, `the columns ${absent.join(', ')}`, headers.join(','));
    const at = (name: (typeof PLAYER_LIST_COLUMNS)[number]) => headers.indexOf(name);
    const { rows, setAside } = keepMappable(
      set.field('rowSet').items(),
      (row) => `player:${String(row.items()[at('PERSON_ID')]?.value)}`,
      (row) => {
        const cells = row.items();
        const team = cells[at('TEAM_ABBREVIATION')].optionalString();
        return {
          game_date: payload.gameDate,
          person_id: cells[at('PERSON_ID')].integer(),
          ...mappablePlayer(cells[at('DISPLAY_FIRST_LAST')], 'nbacom'),
          team_code: team ? code(cells[at('TEAM_ABBREVIATION')]) : null,
          roster_status: cells[at('ROSTERSTATUS')].optionalInteger(),
          from_year: cells[at('FROM_YEAR')].optionalInteger(),
          to_year: cells[at('TO_YEAR')].optionalInteger(),
        };
      },
    );
    return { rows, setAside, detail: `${rows.length} players, ${rows.filter((row) => row.team_code).length} on a roster` };
  }
}
