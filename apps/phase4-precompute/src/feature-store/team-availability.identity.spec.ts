import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse } from '@lib/warehouse';
import { seedBundledAnalytics } from '../../../../tools/seed/analytics.seeder';
import { PrecomputeRepository } from '../precompute/precompute.repository';
import { AvailabilityHistoryRow, buildTeamAvailability, LineStatus, PlayShare, RosterMember, ROSTER_RECENT_DAYS, USUAL_LINE_MIN_GAMES, USUAL_LINE_SHARE, USUAL_LINE_WINDOW_GAMES } from './team-availability.builder';

/**
 * The builder counts the season in one pass with rolling state; this oracle recounts every earlier
 * date from scratch, straight from the definitions (roster, games missed in a row, usual line, line
 * status, who played). On the real bundled season both must give the same rosters and shares.
 */
function oracle(gameDate: string, history: readonly AvailabilityHistoryRow[], listedBefore: ReadonlyArray<{ game_date: string; player_lookup: string }>, listedTonight: ReadonlySet<string>, teamsTonight: ReadonlySet<string>, teamsWithLinesTonight: ReadonlySet<string>): { roster: RosterMember[]; shares: Map<string, PlayShare> } {
  const listedOn = (date: string) => new Set(listedBefore.filter((row) => row.game_date === date).map((row) => row.player_lookup));
  const played = (row: AvailabilityHistoryRow) => row.minutes !== null && Number(row.minutes) > 0;
  const rosterOn = (date: string, teams: ReadonlySet<string>, listed: ReadonlySet<string>, teamsWithLines: ReadonlySet<string>): RosterMember[] => {
    const before = history.filter((row) => row.game_date < date);
    const cutoff = new Date(Date.parse(`${date}T00:00:00Z`) - ROSTER_RECENT_DAYS * 86_400_000).toISOString().slice(0, 10);
    const latest = new Map<string, AvailabilityHistoryRow>();
    for (const row of before) if (!latest.has(row.player_lookup) || latest.get(row.player_lookup)!.game_date <= row.game_date) latest.set(row.player_lookup, row);
    const everListed = listedBefore.filter((row) => row.game_date < date);
    const listedKeys = new Set(everListed.map((row) => `${row.game_date}|${row.player_lookup}`));
    const teamListed = new Set(before.filter((row) => listedKeys.has(`${row.game_date}|${row.player_lookup}`)).map((row) => `${row.game_date}|${row.team_code}`));
    const members: RosterMember[] = [];
    for (const [player, last] of latest) {
      if (last.game_date < cutoff || !teams.has(last.team_code)) continue;
      const teamDates = [...new Set(before.filter((row) => row.team_code === last.team_code).map((row) => row.game_date))].sort().reverse();
      let missed = 0;
      while (missed < teamDates.length && !before.some((row) => row.game_date === teamDates[missed] && row.team_code === last.team_code && row.player_lookup === player && played(row))) missed += 1;
      const chances = before
        .filter((row) => row.player_lookup === player && teamListed.has(`${row.game_date}|${row.team_code}`))
        .sort((a, b) => (a.game_date < b.game_date ? 1 : -1))
        .slice(0, USUAL_LINE_WINDOW_GAMES)
        .map((row) => listedKeys.has(`${row.game_date}|${row.player_lookup}`));
      const usual = chances.length >= USUAL_LINE_MIN_GAMES && chances.filter(Boolean).length / chances.length >= USUAL_LINE_SHARE;
      const status: LineStatus = !teamsWithLines.has(last.team_code) ? 'team_without_lines' : listed.has(player) ? 'listed' : usual ? 'usual_line_missing' : 'not_listed';
      members.push({ player_lookup: player, team_code: last.team_code, missed_games: Math.min(4, missed), line_status: status });
    }
    return members.sort((a, b) => (a.player_lookup < b.player_lookup ? -1 : 1));
  };
  const shares = new Map<string, PlayShare>();
  for (const date of [...new Set(history.map((row) => row.game_date))].sort()) {
    const rows = history.filter((row) => row.game_date === date);
    const listed = listedOn(date);
    const teamsWithLines = new Set(rows.filter((row) => listed.has(row.player_lookup)).map((row) => row.team_code));
    for (const member of rosterOn(date, new Set(rows.map((row) => row.team_code)), listed, teamsWithLines)) {
      const key = `${member.missed_games}|${member.line_status}`;
      const share = shares.get(key) ?? { played: 0, chances: 0 };
      const playedThen = rows.some((row) => row.player_lookup === member.player_lookup && row.team_code === member.team_code && played(row));
      shares.set(key, { played: share.played + (playedThen ? 1 : 0), chances: share.chances + 1 });
    }
  }
  return { roster: rosterOn(gameDate, teamsTonight, listedTonight, teamsWithLinesTonight), shares };
}

describe('team availability counted in one pass equals a recount from the definitions, on the real season', () => {
  let warehouse: DuckDBWarehouse;
  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'availability-identity-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    await seedBundledAnalytics(warehouse, { from: '2025-10-21', to: '2025-11-20' });
  }, 120_000);
  afterAll(async () => {
    await warehouse.close();
  });

  it.each(['2025-11-02', '2025-11-12', '2025-11-20'])('on %s', async (gameDate) => {
    const repository = new PrecomputeRepository(warehouse);
    const history = await repository.playerHistoryBefore(gameDate);
    const listedBefore = await repository.listedBefore(gameDate);
    const listedTonight = new Set(await repository.listedOn(gameDate));
    const subjects = await repository.subjectsOn(gameDate);
    const teamsTonight = new Set(subjects.map((subject) => subject.team_code));
    // as phase 4 decides it: a team has lines tonight when one of its players tonight is listed
    const teamsWithLinesTonight = new Set(subjects.filter((subject) => listedTonight.has(subject.player_lookup)).map((subject) => subject.team_code));
    expect(teamsWithLinesTonight.size).toBeGreaterThan(0);
    const expected = oracle(gameDate, history, listedBefore, listedTonight, teamsTonight, teamsWithLinesTonight);
    const actual = buildTeamAvailability(gameDate, history, listedBefore, teamsTonight, teamsWithLinesTonight, listedTonight);
    expect(expected.roster.length).toBeGreaterThan(100);
    expect(actual.roster).toEqual(expected.roster);
    expect(new Map([...actual.shares].sort())).toEqual(new Map([...expected.shares].sort()));
    expect([...actual.shares.values()].reduce((sum, share) => sum + share.chances, 0)).toBeGreaterThan(1000);
  }, 120_000);
});
