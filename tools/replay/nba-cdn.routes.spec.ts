import { ReplayServer } from './replay.server';
import { extraKeys, getJson, missingKeys, readSample, readSeasonCsv, startReplay } from './replay.test-support';

interface ScheduleGame {
  gameId: string;
  gameStatus: number;
  gameStatusText: string;
  gameDateTimeUTC: string;
  homeTeam: { teamTricode: string; score: number };
  awayTeam: { teamTricode: string; score: number };
}
interface Schedule {
  leagueSchedule: { seasonYear: string; gameDates: Array<{ gameDate: string; games: ScheduleGame[] }>; weeks: unknown[] };
}
interface LivePlayer {
  personId: number;
  statistics: Record<string, unknown>;
}
interface LiveBox {
  game: { gameId: string; gameStatus: number; homeTeam: { teamTricode: string; score: number; players: LivePlayer[] }; awayTeam: { score: number; players: LivePlayer[] } };
}

const SCHEDULE = '/static/json/staticData/scheduleLeagueV2.json';

describe('NBA.com CDN replay', () => {
  let server: ReplayServer;
  let base: string;
  let schedule: Schedule;
  const games = readSeasonCsv('games.csv');

  beforeAll(async () => {
    server = await startReplay();
    base = server.sourceUrls['nba-cdn'];
    schedule = (await getJson<Schedule>(`${base}${SCHEDULE}`)).body;
  });
  afterAll(() => server.close());

  const scheduled = (gameId: string) => schedule.leagueSchedule.gameDates.flatMap((day) => day.games).find((game) => game.gameId === gameId)!;

  it('lists every game of the 2025-26 season under NBA.com’s MM/DD/YYYY game dates', () => {
    expect(schedule.leagueSchedule.seasonYear).toBe('2025-26');
    const listed = schedule.leagueSchedule.gameDates.flatMap((day) => day.games.map((game) => game.gameId));
    expect(new Set(listed)).toEqual(new Set(games.map((row) => row.game_id)));
    const day = schedule.leagueSchedule.gameDates.find((entry) => entry.gameDate === '11/05/2025 00:00:00')!;
    expect(day.games).toHaveLength(11);
  });

  it('serves schedule games, weeks and the league object with the 2023-24 sample’s keys, plus the labels schedules carry since 2024-25', () => {
    const sample = readSample<Schedule>('nba_cdn/scheduleLeagueV2_2023-24_preseason_snapshot.json');
    expect(missingKeys(sample, schedule)).toEqual([]);
    // In data/samples/nba_cdn/scheduleLeagueV2_2024-25_odd_days.json and the 2025-26 snapshot (tools/replay/replay-shapes.spec.ts compares with all three).
    expect(extraKeys(sample, schedule)).toEqual(['leagueSchedule.gameDates[].games[].gameLabel', 'leagueSchedule.gameDates[].games[].gameSubLabel', 'leagueSchedule.gameDates[].games[].isNeutral']);
  });

  it('carries the real final score of a played game and marks it final', () => {
    const real = games.find((row) => row.game_date === '2025-11-05' && row.home_team === 'CLE')!;
    expect(scheduled(real.game_id)).toMatchObject({
      gameStatus: 3,
      gameStatusText: 'Final',
      gameDateTimeUTC: '2025-11-06T00:00:00Z',
      homeTeam: { teamTricode: 'CLE', score: Number(real.home_pts) },
      awayTeam: { teamTricode: real.away_team, score: Number(real.away_pts) },
    });
  });

  it('shows withheld games and games after the last box score as scheduled with no score', () => {
    for (const row of games.filter((candidate) => candidate.game_date === '2025-12-01' || candidate.game_date === '2026-02-01')) {
      const game = scheduled(row.game_id);
      expect(game.gameStatus).toBe(1);
      expect([game.homeTeam.score, game.awayTeam.score]).toEqual([0, 0]);
    }
  });

  it('serves a liveData box score of a final game with the sample’s keys and the real player lines', async () => {
    const sample = readSample<LiveBox>('nba_cdn/liveData_boxscore_0022000001.json');
    const real = games.find((row) => row.game_date === '2025-11-05' && row.home_team === 'CLE')!;
    const { status, body } = await getJson<LiveBox>(`${base}/static/json/liveData/boxscore/boxscore_${real.game_id}.json`);
    expect(status).toBe(200);
    expect(missingKeys(sample, body)).toEqual([]);
    expect(extraKeys(sample, body)).toEqual([]);
    expect([body.game.homeTeam.score, body.game.awayTeam.score]).toEqual([Number(real.home_pts), Number(real.away_pts)]);
    const line = readSeasonCsv('player_box.csv').find((row) => row.game_id === real.game_id && row.player_name === 'Donovan Mitchell')!;
    const mitchell = body.game.homeTeam.players.find((player) => player.personId === Number(line.player_id))!;
    expect(mitchell.statistics).toMatchObject({ points: Number(line.pts), reboundsTotal: Number(line.reb), assists: Number(line.ast), fieldGoalsMade: Number(line.fgm) });
  });

  it('answers 403 Access Denied for the liveData file of a game whose result has not arrived', async () => {
    const withheld = games.find((row) => row.game_date === '2025-11-28')!;
    const response = await fetch(`${base}/static/json/liveData/boxscore/boxscore_${withheld.game_id}.json`);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Access Denied');
  });

  it('serves the bundled liveData sample game as it is', async () => {
    const sample = readSample('nba_cdn/liveData_boxscore_0022000001.json');
    expect((await getJson(`${base}/static/json/liveData/boxscore/boxscore_0022000001.json`)).body).toEqual(sample);
  });
});
