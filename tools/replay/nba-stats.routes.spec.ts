import { ReplayServer } from './replay.server';
import { extraKeys, getJson, missingKeys, readSample, readSeasonCsv, startReplay } from './replay.test-support';

interface ScoreboardGame {
  gameId: string;
  gameStatus: number;
  gameStatusText: string;
  gameTimeUTC: string;
  gameCode: string;
  gameLeaders: { homeLeaders: { personId: number; points: number }; awayLeaders: { personId: number; points: number } };
  homeTeam: { teamTricode: string; score: number; wins: number; losses: number };
  awayTeam: { teamTricode: string; score: number; wins: number; losses: number };
}
interface Scoreboard {
  scoreboard: { gameDate: string; games: ScoreboardGame[] };
}
interface BoxPlayer {
  personId: number;
  firstName: string;
  familyName: string;
  playerSlug: string;
  statistics: Record<string, number | string | null>;
}
interface BoxTeam {
  teamTricode: string;
  players: BoxPlayer[];
  statistics: Record<string, number | string | null>;
}
interface BoxScore {
  boxScoreTraditional: { gameId: string; homeTeam: BoxTeam; awayTeam: BoxTeam };
}

const seconds = (clock: string) => {
  const [minutes, secs] = clock.split(':').map(Number);
  return minutes * 60 + secs;
};

describe('NBA.com stats replay', () => {
  let server: ReplayServer;
  let base: string;

  beforeAll(async () => {
    server = await startReplay();
    base = server.sourceUrls['nba-stats'];
  });
  afterAll(() => server.close());

  it('rebuilds the 2025-11-05 scoreboard with NBA.com’s real scores, tip times, records and game leaders', async () => {
    const real = readSample<Scoreboard>('nba_stats/scoreboardv3_2025-11-05.json');
    const { status, body } = await getJson<Scoreboard>(`${base}/stats/scoreboardv3?GameDate=2025-11-05&LeagueID=00`);
    expect(status).toBe(200);
    expect(body.scoreboard.games).toHaveLength(11);
    const pick = (game: ScoreboardGame) => ({
      gameId: game.gameId,
      gameCode: game.gameCode,
      gameStatus: game.gameStatus,
      gameTimeUTC: game.gameTimeUTC,
      home: [game.homeTeam.teamTricode, game.homeTeam.score, game.homeTeam.wins, game.homeTeam.losses],
      away: [game.awayTeam.teamTricode, game.awayTeam.score, game.awayTeam.wins, game.awayTeam.losses],
      leaders: [game.gameLeaders.homeLeaders.personId, game.gameLeaders.homeLeaders.points, game.gameLeaders.awayLeaders.personId, game.gameLeaders.awayLeaders.points],
    });
    const byId = (games: ScoreboardGame[]) => [...games].sort((left, right) => left.gameId.localeCompare(right.gameId)).map(pick);
    expect(byId(body.scoreboard.games)).toEqual(byId(real.scoreboard.games));
  });

  it('serves scoreboard games with the sample’s keys and no others', async () => {
    const real = readSample<Scoreboard>('nba_stats/scoreboardv3_2025-11-05.json');
    const { body } = await getJson<Scoreboard>(`${base}/stats/scoreboardv3?GameDate=2025-11-05&LeagueID=00`);
    expect(missingKeys(real, body)).toEqual([]);
    expect(extraKeys(real, body)).toEqual([]);
  });

  it('rebuilds boxscoretraditionalv3 for 0022500165 to match NBA.com’s own box score player by player', async () => {
    const real = readSample<BoxScore>('nba_stats/boxscoretraditionalv3_0022500165_MIL_at_TOR_2025-11-04.json');
    const { body } = await getJson<BoxScore>(`${base}/stats/boxscoretraditionalv3?GameID=0022500165&LeagueID=00&StartPeriod=0&EndPeriod=0`);
    const realPlayers = [...real.boxScoreTraditional.homeTeam.players, ...real.boxScoreTraditional.awayTeam.players].filter((player) => player.statistics.minutes !== '');
    const served = [...body.boxScoreTraditional.homeTeam.players, ...body.boxScoreTraditional.awayTeam.players];
    expect(served).toHaveLength(realPlayers.length);
    const countingStats = ['fieldGoalsMade', 'fieldGoalsAttempted', 'threePointersMade', 'threePointersAttempted', 'freeThrowsMade', 'freeThrowsAttempted', 'reboundsOffensive', 'reboundsDefensive', 'reboundsTotal', 'assists', 'steals', 'blocks', 'turnovers', 'foulsPersonal', 'points'];
    for (const player of realPlayers) {
      const mine = served.find((candidate) => candidate.personId === player.personId)!;
      expect({ personId: mine.personId, firstName: mine.firstName, familyName: mine.familyName, playerSlug: mine.playerSlug }).toEqual({
        personId: player.personId,
        firstName: player.firstName,
        familyName: player.familyName,
        playerSlug: player.playerSlug,
      });
      for (const stat of countingStats) expect({ personId: player.personId, stat, value: mine.statistics[stat] }).toEqual({ personId: player.personId, stat, value: player.statistics[stat] });
      // player_box keeps minutes to two decimals, so seconds may differ by one.
      expect(Math.abs(seconds(String(mine.statistics.minutes)) - seconds(String(player.statistics.minutes)))).toBeLessThanOrEqual(1);
    }
    for (const side of ['homeTeam', 'awayTeam'] as const) {
      const { plusMinusPoints: realMargin, ...realTotals } = real.boxScoreTraditional[side].statistics;
      const { plusMinusPoints: margin, ...totals } = body.boxScoreTraditional[side].statistics;
      expect(totals).toEqual(realTotals);
      expect(margin).toBe(realMargin);
    }
  });

  it('serves a 2025-11-05 box score with the real player_box line of each player', async () => {
    const real = readSeasonCsv('games.csv').find((row) => row.game_date === '2025-11-05' && row.home_team === 'CLE')!;
    const lines = readSeasonCsv('player_box.csv').filter((row) => row.game_id === real.game_id);
    const { body } = await getJson<BoxScore>(`${base}/stats/boxscoretraditionalv3?GameID=${real.game_id}`);
    const served = [...body.boxScoreTraditional.homeTeam.players, ...body.boxScoreTraditional.awayTeam.players];
    expect(served).toHaveLength(lines.length);
    const mitchell = lines.find((row) => row.player_name === 'Donovan Mitchell')!;
    expect(served.find((player) => player.personId === Number(mitchell.player_id))!.statistics).toMatchObject({
      points: Number(mitchell.pts),
      reboundsTotal: Number(mitchell.reb),
      assists: Number(mitchell.ast),
      fieldGoalsMade: Number(mitchell.fgm),
      fieldGoalsAttempted: Number(mitchell.fga),
    });
    expect(body.boxScoreTraditional.homeTeam.statistics.points).toBe(Number(real.home_pts));
  });

  it('serves the box score with the sample’s keys, leaving starters and bench as nulls (not marked in the data)', async () => {
    const real = readSample<BoxScore>('nba_stats/boxscoretraditionalv3_0022500165_MIL_at_TOR_2025-11-04.json');
    const { body } = await getJson<BoxScore & { boxScoreTraditional: { homeTeam: { starters: Record<string, unknown> } } }>(`${base}/stats/boxscoretraditionalv3?GameID=0022500165`);
    expect(missingKeys(real, body)).toEqual([]);
    expect(extraKeys(real, body)).toEqual([]);
    expect(Object.values(body.boxScoreTraditional.homeTeam.starters).every((value) => value === null)).toBe(true);
  });

  it('shows a withheld date’s games as scheduled and their box scores without players', async () => {
    const { body } = await getJson<Scoreboard>(`${base}/stats/scoreboardv3?GameDate=2025-11-26&LeagueID=00`);
    const expected = readSeasonCsv('games.csv').filter((row) => row.game_date === '2025-11-26');
    expect(body.scoreboard.games).toHaveLength(expected.length);
    for (const game of body.scoreboard.games) {
      expect(game.gameStatus).toBe(1);
      expect(game.gameStatusText).toMatch(/^\d{1,2}:\d{2} (am|pm) ET$/);
      expect([game.homeTeam.score, game.awayTeam.score]).toEqual([0, 0]);
    }
    const box = await getJson<BoxScore>(`${base}/stats/boxscoretraditionalv3?GameID=${expected[0].game_id}`);
    expect(box.body.boxScoreTraditional.homeTeam.players).toEqual([]);
    expect(box.body.boxScoreTraditional.awayTeam.players).toEqual([]);
  });

  it('serves play-by-play only for the bundled sample game and an empty action list for any other', async () => {
    const real = readSample('nba_stats/playbyplayv3_0022400001_ATL_at_BOS_2024-11-12.json');
    expect((await getJson(`${base}/stats/playbyplayv3?GameID=0022400001&StartPeriod=0&EndPeriod=0`)).body).toEqual(real);
    const other = await getJson<{ game: { gameId: string; actions: unknown[] } }>(`${base}/stats/playbyplayv3?GameID=0022500171`);
    expect(other.status).toBe(200);
    expect(other.body.game).toEqual({ gameId: '0022500171', videoAvailable: 0, actions: [] });
  });

  it('answers 400 without a GameDate or GameID, and 404 for an endpoint it does not replay', async () => {
    expect((await fetch(`${base}/stats/scoreboardv3?LeagueID=00`)).status).toBe(400);
    expect((await fetch(`${base}/stats/boxscoretraditionalv3`)).status).toBe(400);
    expect((await fetch(`${base}/stats/leaguegamelog`)).status).toBe(404);
  });
});
