import { ReplayServer } from './replay.server';
import { extraKeys, getJson, missingKeys, openApiProperties, readSample, readSeasonCsv, startReplay } from './replay.test-support';

interface BdlGameBody {
  id: number;
  date: string;
  status: string;
  period: number;
  home_team: { abbreviation: string; id: number };
  visitor_team: { abbreviation: string; id: number };
  home_team_score: number;
  visitor_team_score: number;
}
interface BdlStatBody {
  id: number;
  pts: number;
  reb: number;
  ast: number;
  fgm: number;
  fga: number;
  min: string;
  player: { id: number; first_name: string; last_name: string };
  team: { abbreviation: string };
  game: BdlGameBody;
}
interface Page<T> {
  data: T[];
  meta: { next_cursor?: number; per_page: number };
}

const KEY = { headers: { Authorization: 'replay-test-key' } };

describe('balldontlie replay', () => {
  let server: ReplayServer;
  let base: string;
  const playerBox = readSeasonCsv('player_box.csv');
  const games = readSeasonCsv('games.csv');

  beforeAll(async () => {
    server = await startReplay();
    base = server.sourceUrls.balldontlie;
  });
  afterAll(() => server.close());

  it('answers 401 without an Authorization header, like the real API', async () => {
    const { status, body } = await getJson<{ error: string }>(`${base}/nba/v1/games?dates[]=2025-11-05`);
    expect(status).toBe(401);
    expect(body.error).toBeTruthy();
    expect((await fetch(`${base}/nba/v1/stats?dates[]=2025-11-05`, { headers: { Authorization: '' } })).status).toBe(401);
  });

  it('lists the 11 games of 2025-11-05 with their real final scores', async () => {
    const { status, body } = await getJson<Page<BdlGameBody>>(`${base}/nba/v1/games?dates[]=2025-11-05&per_page=100`, KEY);
    expect(status).toBe(200);
    expect(body.data).toHaveLength(11);
    const real = games.find((row) => row.game_date === '2025-11-05' && row.home_team === 'CLE')!;
    const served = body.data.find((game) => game.home_team.abbreviation === 'CLE')!;
    expect(served).toMatchObject({ status: 'Final', visitor_team: { abbreviation: real.away_team } });
    expect([served.home_team_score, served.visitor_team_score]).toEqual([Number(real.home_pts), Number(real.away_pts)]);
    expect(body.meta.next_cursor).toBeUndefined();
  });

  it('serves a game with exactly the keys of the real /v1/games object, plus the schema’s period_detail', async () => {
    const sample = readSample('balldontlie/v1_game_18448007_ATL_at_MIA_2026-04-12.json');
    const { body } = await getJson<Page<BdlGameBody>>(`${base}/nba/v1/games?dates[]=2025-11-05`, KEY);
    expect(missingKeys(sample, body.data[0])).toEqual([]);
    expect(extraKeys(sample, body.data[0])).toEqual(['period_detail']);
    expect(Object.keys(body.data[0])).toEqual(expect.arrayContaining(openApiProperties('NBAGame')));
  });

  it('walks every page of a date’s stats by cursor and returns each player_box row exactly once', async () => {
    const expected = playerBox.filter((row) => row.game_date === '2025-11-05');
    const seen: BdlStatBody[] = [];
    let cursor: number | undefined;
    let pages = 0;
    do {
      const { body } = await getJson<Page<BdlStatBody>>(`${base}/nba/v1/stats?dates[]=2025-11-05&per_page=25${cursor ? `&cursor=${cursor}` : ''}`, KEY);
      expect(body.meta.per_page).toBe(25);
      expect(body.data.length).toBeLessThanOrEqual(25);
      seen.push(...body.data);
      cursor = body.meta.next_cursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(expected.length);
    expect(new Set(seen.map((stat) => stat.id)).size).toBe(expected.length);
    expect(pages).toBe(Math.ceil(expected.length / 25));
    const mitchell = expected.find((row) => row.player_name === 'Donovan Mitchell')!;
    const served = seen.find((stat) => stat.player.id === Number(mitchell.player_id))!;
    expect(served).toMatchObject({ pts: Number(mitchell.pts), reb: Number(mitchell.reb), ast: Number(mitchell.ast), fgm: Number(mitchell.fgm), fga: Number(mitchell.fga) });
    expect(served).toMatchObject({ player: { first_name: 'Donovan', last_name: 'Mitchell' }, team: { abbreviation: 'CLE' }, game: { status: 'Final' } });
  });

  it('serves stats with the schema’s NBAStats keys, a flat game and a player with team_id as the real API sends, 25 per page, per_page capped at 100', async () => {
    const { body } = await getJson<Page<BdlStatBody>>(`${base}/nba/v1/stats?dates[]=2025-11-05`, KEY);
    expect(body.meta.per_page).toBe(25);
    expect(Object.keys(body.data[0]).sort()).toEqual(openApiProperties('NBAStats').sort());
    const playerKeys = [...openApiProperties('NBAPlayer').filter((key) => key !== 'team'), 'team_id'];
    expect(Object.keys(body.data[0].player).sort()).toEqual(playerKeys.sort());
    const game = body.data[0].game as unknown as Record<string, unknown>;
    expect(game).not.toHaveProperty('home_team');
    expect(game).toMatchObject({ home_team_id: expect.any(Number), visitor_team_id: expect.any(Number), home_team_score: expect.any(Number), postseason: false });
    const capped = await getJson<Page<BdlStatBody>>(`${base}/nba/v1/stats?dates[]=2025-11-05&per_page=500`, KEY);
    expect(capped.body.meta.per_page).toBe(100);
    expect(capped.body.data).toHaveLength(100);
  });

  it('serves box scores with the schema’s game keys, the team’s fields beside its players as the real API sends them, and the real player lines', async () => {
    const { body } = await getJson<{ data: Array<Record<string, unknown> & { home_team: { abbreviation: string; players: Array<{ pts: number; player: { id: number } }> } }> }>(
      `${base}/nba/v1/box_scores?date=2025-11-05`,
      KEY,
    );
    expect(body.data).toHaveLength(11);
    const box = body.data.find((entry) => entry.home_team.abbreviation === 'CLE')!;
    expect(Object.keys(box)).toEqual(expect.arrayContaining(openApiProperties('NBABoxScore')));
    // The schema nests the team under `team`; the real responses (data/samples/balldontlie/v1_box_scores_*.json) put its fields beside `players`.
    expect(Object.keys(box.home_team).sort()).toEqual(['abbreviation', 'city', 'conference', 'division', 'full_name', 'id', 'name', 'players']);
    expect(Object.keys(box.home_team.players[0]).sort()).toEqual(openApiProperties('NBABoxScore', ['properties', 'home_team', 'properties', 'players', 'items', 'properties']).sort());
    const mitchell = playerBox.find((row) => row.game_date === '2025-11-05' && row.player_name === 'Donovan Mitchell')!;
    expect(box.home_team.players.find((line) => line.player.id === Number(mitchell.player_id))!.pts).toBe(Number(mitchell.pts));
  });

  it('shows withheld games (2025-11-24..12-06) as scheduled, with no scores and no stats', async () => {
    const listed = await getJson<Page<BdlGameBody>>(`${base}/nba/v1/games?dates[]=2025-11-28&per_page=100`, KEY);
    expect(listed.body.data).toHaveLength(11);
    for (const game of listed.body.data) {
      expect(game.status).not.toBe('Final');
      expect(new Date(game.status).toISOString()).toBe(game.status);
      expect([game.home_team_score, game.visitor_team_score, game.period]).toEqual([0, 0, 0]);
    }
    const stats = await getJson<Page<BdlStatBody>>(`${base}/nba/v1/stats?dates[]=2025-11-28`, KEY);
    expect(stats.body.data).toEqual([]);
    const boxes = await getJson<{ data: Array<{ home_team: { players: unknown[] }; visitor_team: { players: unknown[] } }> }>(`${base}/nba/v1/box_scores?date=2025-11-28`, KEY);
    expect(boxes.body.data.every((box) => box.home_team.players.length === 0 && box.visitor_team.players.length === 0)).toBe(true);
  });

  it('shows games after the last box score (2026-01-19) as not final even though games.csv has their scores', async () => {
    const { body } = await getJson<Page<BdlGameBody>>(`${base}/nba/v1/games?dates[]=2026-01-25&per_page=100`, KEY);
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((game) => game.status !== 'Final' && game.home_team_score === 0)).toBe(true);
  });

  it('shows a game as not final until the replay clock passes its end', async () => {
    const early = await startReplay({ now: () => new Date('2025-11-05T23:00:00Z') });
    try {
      const { body } = await getJson<Page<BdlGameBody>>(`${early.sourceUrls.balldontlie}/nba/v1/games?dates[]=2025-11-05&per_page=100`, KEY);
      expect(body.data.every((game) => game.status !== 'Final')).toBe(true);
      const stats = await getJson<Page<BdlStatBody>>(`${early.sourceUrls.balldontlie}/nba/v1/stats?dates[]=2025-11-05`, KEY);
      expect(stats.body.data).toEqual([]);
    } finally {
      await early.close();
    }
  });

  it('rejects a malformed date with 400', async () => {
    expect((await fetch(`${base}/nba/v1/games?dates[]=11-05-2025`, KEY)).status).toBe(400);
    expect((await fetch(`${base}/nba/v1/box_scores`, KEY)).status).toBe(400);
  });
});
