import { ReplayServer } from './replay.server';
import { getJson, startReplay } from './replay.test-support';

describe('the replay server', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplay();
  });
  afterAll(() => server.close());

  it('listens on loopback and gives each upstream its own prefix on the one port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.sourceUrls).toMatchObject({
      balldontlie: `${server.url}/balldontlie`,
      'nba-stats': `${server.url}/nba-stats`,
      'nba-cdn': `${server.url}/nba-cdn`,
      espn: `${server.url}/espn`,
      'odds-api': `${server.url}/odds-api`,
      bigdataball: `${server.url}/bigdataball`,
    });
  });

  it('answers 404 for NBA.com’s injury report and referee assignments, of which no real data is bundled', async () => {
    const injury = await fetch(`${server.url}/nba-injury-report/referee/injury/Injury-Report_2025-11-05_05PM.pdf`);
    const referees = await fetch(`${server.url}/nba-referee-assignments/referee-assignments/`);
    expect([injury.status, referees.status]).toEqual([404, 404]);
    expect(await injury.text()).toContain('no NBA injury report is bundled');
  });

  it('answers 404 naming the known prefixes for a path outside them', async () => {
    const { status, body } = await getJson<{ sources: string[] }>(`${server.url}/sportradar/nba/games`);
    expect(status).toBe(404);
    expect(body.sources).toContain('balldontlie');
  });

  it('lets an operator pin and release the replay clock over PUT /__replay/clock', async () => {
    const finalOn = async () =>
      (
        await getJson<{ scoreboard: { games: Array<{ gameStatus: number }> } }>(`${server.sourceUrls['nba-stats']}/stats/scoreboardv3?GameDate=2025-11-05&LeagueID=00`)
      ).body.scoreboard.games.filter((game) => game.gameStatus === 3).length;
    expect(await finalOn()).toBe(11);
    const pinned = await getJson<{ now: string; pinned: boolean }>(`${server.url}/__replay/clock`, { method: 'PUT', body: JSON.stringify({ now: '2025-11-06T01:00:00Z' }) });
    expect(pinned.body).toEqual({ now: '2025-11-06T01:00:00.000Z', pinned: true });
    // At 8 pm ET no game has ended; at 9:20 pm ET the three 7 pm ET games have (tip + 2 h 15 min).
    expect(await finalOn()).toBe(0);
    await getJson(`${server.url}/__replay/clock`, { method: 'PUT', body: JSON.stringify({ now: '2025-11-06T02:20:00Z' }) });
    expect(await finalOn()).toBe(3);
    await getJson(`${server.url}/__replay/clock`, { method: 'PUT', body: JSON.stringify({ now: null }) });
    expect(await finalOn()).toBe(11);
  });

  // The hold is 60 s and this test's timeout 5 s: close() waiting for the hold fails the test.
  it('closes without waiting for a request a timeout fault holds open', async () => {
    const holding = await startReplay({ faults: [{ kind: 'timeout', source: 'espn', holdMs: 60_000 }] });
    const pending = fetch(`${holding.sourceUrls.espn}/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`).then(
      () => 'answered',
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await holding.close();
    expect(await pending).toBe('fetch failed');
  });
});
