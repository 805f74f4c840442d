import { judgeAgainstReality, WarehousePlayerRow } from './chaos-metrics';
import { RealSeason } from './real-season';
import { compareSnapshots, TableSnapshot } from './table-snapshot';

/** Hand-made: one real game of two players a side. */
const real: RealSeason = {
  games: [{ game_id: 'g1', game_date: '2025-11-03', home_team: 'DET', away_team: 'MEM', home_points: 30, away_points: 20 }],
  lines: [
    { game_id: 'g1', game_date: '2025-11-03', team: 'DET', player_lookup: 'a', points: 20, rebounds: 5, assists: 1 },
    { game_id: 'g1', game_date: '2025-11-03', team: 'DET', player_lookup: 'b', points: 10, rebounds: 2, assists: 3 },
    { game_id: 'g1', game_date: '2025-11-03', team: 'MEM', player_lookup: 'c', points: 20, rebounds: 7, assists: 0 },
  ],
};
const row = (player: string, points: number, tier = 'gold', source = 'bdl_player_boxscores'): WarehousePlayerRow => {
  const line = real.lines.find((candidate) => candidate.player_lookup === player)!;
  return { game_id: 'g1', game_date: '2025-11-03', team_code: line.team, player_lookup: player, points, reb: line.rebounds, ast: line.assists, quality_tier: tier, primary_source: source };
};

describe('judgeAgainstReality', () => {
  it('finds nothing wrong with the real box score, gold from the primary source', () => {
    expect(judgeAgainstReality(real, [row('a', 20), row('b', 10), row('c', 20)])).toMatchObject({ lost: 0, mislabelled: 0, games_with_box_scores: 1 });
  });

  it('counts a missing player and a wrong line as lost, and their game’s rows above bronze as mislabelled', () => {
    const judged = judgeAgainstReality(real, [row('a', 19), row('c', 20, 'silver', 'nbac_gamebook_player_stats')]);
    expect(judged.lost).toBe(2);
    expect(judged.lost_detail).toEqual(['player a of game g1: 19/5/1 points/rebounds/assists, really 20/5/1', 'player b of game g1 has no row']);
    expect(judged.mislabelled).toBe(2);
  });

  it('calls an honest bronze partial game lost but not mislabelled, and a game with no rows lost', () => {
    expect(judgeAgainstReality(real, [row('a', 20, 'bronze'), row('c', 20, 'bronze')])).toMatchObject({ lost: 1, mislabelled: 0 });
    expect(judgeAgainstReality(real, [])).toMatchObject({ lost: 1, lost_detail: ['game g1 (2025-11-03) has no analytics rows'], games_with_box_scores: 0 });
  });

  it('calls gold from a fallback source mislabelled', () => {
    expect(judgeAgainstReality(real, [row('a', 20), row('b', 10), row('c', 20, 'gold', 'espn_boxscores')]).mislabelled_detail).toEqual(['g1 c is gold from espn_boxscores']);
  });
});

describe('compareSnapshots', () => {
  const snapshot = (table: string, rows: Array<[string, string, string]>): TableSnapshot => ({
    table,
    values: new Map(rows.map(([key, value]) => [key, value])),
    provenance: new Map(rows.map(([key, , provenance]) => [key, provenance])),
  });

  it('asks derived tables for the clean run’s rows exactly, counts provenance apart, and lets raw tables hold more but never less', () => {
    const clean = [snapshot('nba_analytics.t', [['k1', 'v1', 'gold'], ['k2', 'v2', 'gold']]), snapshot('nba_raw.r', [['k1', 'v1', '']])];
    const same = compareSnapshots(clean, [snapshot('nba_analytics.t', [['k1', 'v1', 'silver'], ['k2', 'v2', 'gold']]), snapshot('nba_raw.r', [['k1', 'v1', ''], ['k9', 'v9', '']])]);
    expect(same.map((table) => [table.table, table.equal, table.provenance_only, table.extra])).toEqual([
      ['nba_analytics.t', true, 1, 0],
      ['nba_raw.r', true, 0, 1],
    ]);
    const lost = compareSnapshots(clean, [snapshot('nba_analytics.t', [['k1', 'other', 'gold'], ['k3', 'v3', 'gold']]), snapshot('nba_raw.r', [])]);
    expect(lost.map((table) => [table.equal, table.missing, table.different, table.extra])).toEqual([
      [false, 1, 1, 1],
      [false, 1, 0, 0],
    ]);
  });
});
