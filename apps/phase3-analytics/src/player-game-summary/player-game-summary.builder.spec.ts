import { ScheduledGame, SourceLine } from './box-score-inputs.repository';
import { buildPlayerGameSummary, DEFAULT_COMPLETENESS_RULES } from './player-game-summary.builder';

/** Hand-made games of one or two players a team: rosters that short are allowed here so each test stays small. */
const build = (gameDate: string, inputs: Parameters<typeof buildPlayerGameSummary>[1]) => buildPlayerGameSummary(gameDate, inputs, { minPlayersPerTeam: 1 });

const game = (overrides: Partial<ScheduledGame> = {}): ScheduledGame => ({
  game_id: '0022500171',
  game_date: '2025-11-05',
  season: '2025-26',
  game_status: 3,
  home_team_code: 'CLE',
  away_team_code: 'PHI',
  home_score: 30,
  away_score: 20,
  ...overrides,
});

function line(source: SourceLine['source_table'], team: string, player: string, overrides: Partial<SourceLine> = {}): SourceLine {
  return {
    source_table: source,
    game_id: source === 'bdl_player_boxscores' ? null : '0022500171',
    team_code: team,
    player_lookup: player,
    player_name: player,
    player_id: null,
    minutes: 24,
    points: 10,
    fgm: 4,
    fga: 10,
    fg3m: 1,
    fg3a: 3,
    ftm: 1,
    fta: 2,
    oreb: 1,
    dreb: 3,
    reb: 4,
    ast: 2,
    stl: 1,
    blk: 0,
    tov: 2,
    pf: 2,
    plus_minus: null,
    starter: null,
    dnp_reason: null,
    ...overrides,
  };
}

describe('buildPlayerGameSummary', () => {
  it('takes a game complete in the primary source as gold, and fills a player only a fallback has as silver', () => {
    const built = build('2025-11-05', {
      games: [game()],
      lines: [
        line('bdl_player_boxscores', 'CLE', 'donovanmitchell', { points: 30 }),
        line('bdl_player_boxscores', 'PHI', 'tyresemaxey', { points: 20 }),
        line('nbac_gamebook_player_stats', 'CLE', 'donovanmitchell', { points: 29, starter: true }),
        line('nbac_gamebook_player_stats', 'CLE', 'deanwade', { minutes: null, points: 0, dnp_reason: "DNP - Coach's Decision" }),
      ],
    });
    const byPlayer = Object.fromEntries(built.players.map((row) => [row.player_lookup, row]));
    expect(byPlayer.donovanmitchell).toMatchObject({ points: 30, primary_source: 'bdl_player_boxscores', quality_tier: 'gold', is_home: true, opponent_code: 'PHI' });
    expect(byPlayer.donovanmitchell.sources_available).toEqual(['bdl_player_boxscores', 'nbac_gamebook_player_stats']);
    expect(byPlayer.deanwade).toMatchObject({ primary_source: 'nbac_gamebook_player_stats', played: false, dnp_reason: "DNP - Coach's Decision", quality_tier: 'bronze' });
    expect(byPlayer.deanwade.quality_flags).toEqual(['filled_from_nbac_gamebook_player_stats', 'minutes_missing']);
    expect(built.teams.map((team) => [team.team_code, team.points, team.official_points, team.points_reconciled])).toEqual([
      ['CLE', 30, 30, true],
      ['PHI', 20, 20, true],
    ]);
  });

  it('uses the first fallback holding both teams when the primary lacks the game, as silver', () => {
    const built = build('2025-11-05', {
      games: [game({ home_score: 10, away_score: 10 })],
      lines: [line('espn_boxscores', 'CLE', 'a'), line('espn_boxscores', 'PHI', 'b'), line('nbac_gamebook_player_stats', 'CLE', 'a'), line('nbac_gamebook_player_stats', 'PHI', 'b')],
    });
    expect(built.players.map((row) => [row.primary_source, row.quality_tier])).toEqual([
      ['nbac_gamebook_player_stats', 'silver'],
      ['nbac_gamebook_player_stats', 'silver'],
    ]);
    expect(built.coverage.filter((event) => !event.available)).toEqual([
      expect.objectContaining({ source: 'bdl_player_boxscores', gameId: '0022500171', fallbackUsed: 'nbac_gamebook_player_stats' }),
    ]);
  });

  it('marks a game no source has complete as bronze, and one no source has at all as missing', () => {
    const built = build('2025-11-05', {
      games: [game(), game({ game_id: '0022500172', home_team_code: 'BOS', away_team_code: 'NYK' })],
      lines: [line('bdl_player_boxscores', 'CLE', 'a')],
    });
    expect(built.players).toEqual([
      expect.objectContaining({ quality_tier: 'bronze', quality_flags: ['game_incomplete_in_every_source', 'points_not_reconciled:CLE:10_of_30', 'team_missing:PHI'] }),
    ]);
    expect(built.incompleteGames).toEqual([{ game_id: '0022500171', problems: ['points_not_reconciled:CLE:10_of_30', 'team_missing:PHI'] }]);
    expect(built.missingGames).toEqual(['0022500172']);
  });

  it('leaves games that are not final out, as awaiting results, not missing', () => {
    const built = build('2025-11-28', { games: [game({ game_status: 1, home_score: null, away_score: null })], lines: [] });
    expect(built).toMatchObject({ players: [], missingGames: [], awaitingResults: ['0022500171'] });
  });

  it('counts a line whose team played no final game that date against coverage', () => {
    const built = build('2025-11-05', {
      games: [game()],
      lines: [line('bdl_player_boxscores', 'CLE', 'a'), line('bdl_player_boxscores', 'PHI', 'b'), line('bdl_player_boxscores', 'LAL', 'c')],
    });
    expect(built).toMatchObject({ boxScorePlayers: 3, coveredPlayers: 2, unmatchedLines: 1 });
  });

  it('computes usage rate and true shooting by their formulas', () => {
    const built = build('2025-11-05', {
      games: [game({ home_score: 36, away_score: 10 })],
      lines: [
        line('bdl_player_boxscores', 'CLE', 'a', { minutes: 40, fga: 20, fta: 10, tov: 4, points: 26 }),
        line('bdl_player_boxscores', 'CLE', 'b', { minutes: 20, fga: 5, fta: 0, tov: 1, points: 10 }),
        line('bdl_player_boxscores', 'PHI', 'c'),
      ],
    });
    const a = built.players.find((row) => row.player_lookup === 'a')!;
    // team: 60 min, plays 25 + 4.4 + 5 = 34.4; a: 20 + 4.4 + 4 = 28.4 → 100 · 28.4 · 12 / (40 · 34.4)
    expect(a.usage_rate).toBeCloseTo((100 * 28.4 * 12) / (40 * 34.4), 2);
    expect(a.true_shooting_pct).toBeCloseTo(26 / (2 * (20 + 4.4)), 4);
    const cle = built.teams.find((team) => team.team_code === 'CLE')!;
    expect(cle).toMatchObject({ points: 36, opponent_points: 10, possessions: 25 + 4.4 - 2 + 5, players: 2 });
  });

  it("takes NBA.com person ids from the player list for sources without them, the team breaking a shared lookup", () => {
    const built = build('2025-11-05', {
      games: [game()],
      lines: [
        line('bdl_player_boxscores', 'CLE', 'donovanmitchell'),
        line('bdl_player_boxscores', 'PHI', 'garytrent'),
        line('bdl_player_boxscores', 'PHI', 'unlisted'),
        line('nbac_gamebook_player_stats', 'CLE', 'ownid', { player_id: 42 }),
      ],
      listedPlayers: [
        { player_lookup: 'donovanmitchell', person_id: 1628378, team_code: 'CLE' },
        { player_lookup: 'garytrent', person_id: 1629018, team_code: 'PHI' },
        { player_lookup: 'garytrent', person_id: 1001, team_code: null },
        { player_lookup: 'ownid', person_id: 7, team_code: 'CLE' },
      ],
    });
    const idOf = (lookup: string) => built.players.find((row) => row.player_lookup === lookup)?.player_id;
    expect([idOf('donovanmitchell'), idOf('garytrent'), idOf('unlisted'), idOf('ownid')]).toEqual([1628378, 1629018, null, 42]);
  });

  describe('tiers tell the truth about a partial box score', () => {
    /** A team of `players` players scoring `each` points apiece, from one source. */
    const roster = (source: SourceLine['source_table'], team: string, players: number, each: number) =>
      Array.from({ length: players }, (_, index) => line(source, team, `${team.toLowerCase()}player${index}`, { points: each }));

    it('never calls gold a primary-source game whose players do not add up to the final score; a complete fallback stands in as silver', () => {
      // balldontlie lost most of the game (the replay's missing_game fault): 61 points of 253
      const partial = [...roster('bdl_player_boxscores', 'CLE', 5, 7), ...roster('bdl_player_boxscores', 'PHI', 4, 6)];
      const complete = [...roster('nbac_gamebook_player_stats', 'CLE', 13, 10), ...roster('nbac_gamebook_player_stats', 'PHI', 12, 10)];
      const fallbackTooLate = buildPlayerGameSummary('2025-11-05', { games: [game({ home_score: 130, away_score: 120 })], lines: partial });
      expect(new Set(fallbackTooLate.players.map((row) => row.quality_tier))).toEqual(new Set(['bronze']));
      expect(fallbackTooLate.players[0].quality_flags).toEqual(
        expect.arrayContaining(['game_incomplete_in_every_source', 'points_not_reconciled:CLE:35_of_130', 'roster_short:CLE:5', 'roster_short:PHI:4']),
      );
      expect(fallbackTooLate.teams.map((team) => team.points_reconciled)).toEqual([false, false]);
      expect(fallbackTooLate.incompleteGames.map((incomplete) => incomplete.game_id)).toEqual(['0022500171']);

      const healed = buildPlayerGameSummary('2025-11-05', { games: [game({ home_score: 130, away_score: 120 })], lines: [...partial, ...complete] });
      expect(healed.incompleteGames).toEqual([]);
      expect(healed.teams.map((team) => [team.team_code, team.points, team.points_reconciled])).toEqual([
        ['CLE', 130, true],
        ['PHI', 120, true],
      ]);
      expect(new Set(healed.players.map((row) => `${row.primary_source} ${row.quality_tier}`))).toEqual(new Set(['nbac_gamebook_player_stats silver']));
    });

    it('never calls gold a game whose points add up but whose roster is short', () => {
      const built = buildPlayerGameSummary('2025-11-05', {
        games: [game({ home_score: 100, away_score: 100 })],
        lines: [...roster('bdl_player_boxscores', 'CLE', 5, 20), ...roster('bdl_player_boxscores', 'PHI', 10, 10)],
      });
      expect(DEFAULT_COMPLETENESS_RULES.minPlayersPerTeam).toBe(8);
      expect(new Set(built.players.map((row) => row.quality_tier))).toEqual(new Set(['bronze']));
      expect(built.incompleteGames).toEqual([{ game_id: '0022500171', problems: ['roster_short:CLE:5'] }]);
    });

    it('calls a game gold when the primary source has it complete', () => {
      const built = buildPlayerGameSummary('2025-11-05', {
        games: [game({ home_score: 100, away_score: 90 })],
        lines: [...roster('bdl_player_boxscores', 'CLE', 10, 10), ...roster('bdl_player_boxscores', 'PHI', 9, 10)],
      });
      expect(new Set(built.players.map((row) => row.quality_tier))).toEqual(new Set(['gold']));
      expect(built.incompleteGames).toEqual([]);
    });

    it('calls silver a game only the merged sources have complete, and never gold a game whose final score is unknown', () => {
      const merged = buildPlayerGameSummary('2025-11-05', {
        games: [game({ home_score: 100, away_score: 90 })],
        lines: [...roster('bdl_player_boxscores', 'CLE', 10, 10), ...roster('bdl_player_boxscores', 'PHI', 8, 10), line('nbac_gamebook_player_stats', 'PHI', 'latesub', { points: 10 })],
      });
      expect(new Set(merged.players.map((row) => row.quality_tier))).toEqual(new Set(['silver']));
      expect(merged.players[0].quality_flags).toEqual(['complete_only_when_sources_merged']);

      const unknownScore = buildPlayerGameSummary('2025-11-05', {
        games: [game({ home_score: null, away_score: null })],
        lines: [...roster('bdl_player_boxscores', 'CLE', 10, 10), ...roster('bdl_player_boxscores', 'PHI', 9, 10)],
      });
      expect(new Set(unknownScore.players.map((row) => row.quality_tier))).toEqual(new Set(['silver']));
      expect(unknownScore.players[0].quality_flags).toEqual(['final_score_unknown']);
    });
  });
});
