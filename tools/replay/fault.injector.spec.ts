import { FaultInjector, InvalidFaultRuleError, validateFaultRules } from './fault.injector';
import { ReplayServer } from './replay.server';
import { getJson, startReplay } from './replay.test-support';

const KEY = { headers: { Authorization: 'replay-test-key' } };
const SCOREBOARD = '/stats/scoreboardv3?GameDate=2025-11-05&LeagueID=00';

describe('fault injection over HTTP', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplay();
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.clearFaults();
    server.clearRequests();
  });

  const nbaStats = (suffix = SCOREBOARD) => fetch(`${server.sourceUrls['nba-stats']}${suffix}`);

  it('answers a burst of 429s with the configured Retry-After seconds, then serves again', async () => {
    server.setFaults([{ kind: 'rate_limit', source: 'nba-stats', burst: 2, retryAfterSeconds: 7 }]);
    const statuses: Array<[number, string | null]> = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await nbaStats();
      statuses.push([response.status, response.headers.get('retry-after')]);
    }
    expect(statuses).toEqual([
      [429, '7'],
      [429, '7'],
      [200, null],
    ]);
  });

  it('can give Retry-After as an HTTP-date that far in the future', async () => {
    server.setFaults([{ kind: 'rate_limit', source: 'espn', retryAfterSeconds: 30, retryAfterFormat: 'http-date' }]);
    const response = await fetch(`${server.sourceUrls.espn}/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`);
    expect(response.status).toBe(429);
    const retryAt = Date.parse(response.headers.get('retry-after')!);
    expect(response.headers.get('retry-after')).toMatch(/GMT$/);
    expect(retryAt - Date.now()).toBeGreaterThan(25_000);
    expect(retryAt - Date.now()).toBeLessThanOrEqual(31_000);
  });

  it('fails the first N matching requests with the configured status and leaves other paths alone', async () => {
    server.setFaults([{ kind: 'error', source: 'balldontlie', path: '^/nba/v1/stats', firstN: 2, status: 502 }]);
    const stats = `${server.sourceUrls.balldontlie}/nba/v1/stats?dates[]=2025-11-05`;
    const games = `${server.sourceUrls.balldontlie}/nba/v1/games?dates[]=2025-11-05`;
    const seen = [];
    for (const url of [stats, games, stats, stats]) seen.push((await fetch(url, KEY)).status);
    expect(seen).toEqual([502, 200, 502, 200]);
  });

  it('starts failing after `skip` requests, e.g. the second page of a cursor walk', async () => {
    server.setFaults([{ kind: 'error', source: 'balldontlie', path: '^/nba/v1/stats', skip: 1, firstN: 1, status: 500 }]);
    const first = await getJson<{ meta: { next_cursor: number } }>(`${server.sourceUrls.balldontlie}/nba/v1/stats?dates[]=2025-11-05&per_page=100`, KEY);
    expect(first.status).toBe(200);
    const second = await fetch(`${server.sourceUrls.balldontlie}/nba/v1/stats?dates[]=2025-11-05&per_page=100&cursor=${first.body.meta.next_cursor}`, KEY);
    expect(second.status).toBe(500);
  });

  it('fails a seeded share of requests in the same order on every run', async () => {
    const run = async () => {
      server.setFaults([{ kind: 'error', source: 'nba-stats', rate: 0.5, seed: 42 }]);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 20; attempt += 1) statuses.push((await nbaStats()).status);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(first).toContain(503);
    expect(first).toContain(200);
  });

  it('sends a cut-off JSON body that does not parse', async () => {
    const url = `${server.sourceUrls.balldontlie}/nba/v1/games?dates[]=2025-11-05`;
    const whole = await (await fetch(url, KEY)).text();
    server.setFaults([{ kind: 'truncate', source: 'balldontlie', fraction: 0.4 }]);
    const response = await fetch(url, KEY);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toHaveLength(Math.floor(whole.length * 0.4));
    expect(whole.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('leaves a game out of a source’s responses until the given attempt', async () => {
    server.setFaults([{ kind: 'missing_game', source: 'nba-stats', gameId: '0022500171', untilAttempt: 3 }]);
    const gameIds = async () => ((await (await nbaStats()).json()) as { scoreboard: { games: Array<{ gameId: string }> } }).scoreboard.games.map((game) => game.gameId);
    expect(await gameIds()).not.toContain('0022500171');
    expect(await gameIds()).not.toContain('0022500171');
    const third = await gameIds();
    expect(third).toContain('0022500171');
    expect(third).toHaveLength(11);
    const espn = await getJson<{ events: unknown[] }>(`${server.sourceUrls.espn}/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`);
    expect(espn.body.events).toHaveLength(11);
  });

  it('answers a missing game’s own box score as not arrived until the attempt', async () => {
    server.setFaults([{ kind: 'missing_game', source: 'nba-stats', path: 'boxscore', gameId: '0022500171', untilAttempt: 2 }]);
    const players = async () =>
      ((await (await nbaStats('/stats/boxscoretraditionalv3?GameID=0022500171')).json()) as { boxScoreTraditional: { homeTeam: { players: unknown[] } } }).boxScoreTraditional.homeTeam.players.length;
    expect(await players()).toBe(0);
    expect(await players()).toBeGreaterThan(0);
  });

  it('holds the response open past a client’s timeout', async () => {
    server.setFaults([{ kind: 'timeout', source: 'espn', holdMs: 5_000 }]);
    const started = Date.now();
    await expect(fetch(`${server.sourceUrls.espn}/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`, { signal: AbortSignal.timeout(300) })).rejects.toThrow(
      /aborted|timeout/i,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const [entry] = server.requests();
    expect(entry).toMatchObject({ source: 'espn', status: null, outcome: 'held', faults: ['timeout-1'] });
  });

  it('drops the connection once the hold is over', async () => {
    server.setFaults([{ kind: 'timeout', source: 'espn', holdMs: 100 }]);
    await expect(fetch(`${server.sourceUrls.espn}/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`)).rejects.toThrow();
    expect(server.requests()[0]).toMatchObject({ outcome: 'dropped', status: null });
  });

  it('delays the response by the configured latency', async () => {
    server.setFaults([{ kind: 'latency', source: '*', path: 'scoreboardv3', ms: 200 }]);
    const started = Date.now();
    expect((await nbaStats()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });
});

describe('fault rules over the control API', () => {
  let server: ReplayServer;

  beforeAll(async () => {
    server = await startReplay({ faults: [{ kind: 'error', source: 'espn', status: 500, id: 'espn-down' }] });
  });
  afterAll(() => server.close());

  it('applies rules given at start-up', async () => {
    expect((await fetch(`${server.sourceUrls.espn}/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`)).status).toBe(500);
    expect(server.faults()).toMatchObject([{ rule: { id: 'espn-down' }, matched: 1, applied: 1 }]);
  });

  it('replaces rules with POST /__replay/faults, lists them with counters, and clears them with DELETE', async () => {
    const posted = await getJson<{ rules: Array<{ id: string }> }>(`${server.url}/__replay/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ kind: 'rate_limit', source: 'odds-api', burst: 1, retryAfterSeconds: 2 }] }),
    });
    expect(posted.status).toBe(200);
    expect(posted.body.rules.map((rule) => rule.id)).toEqual(['rate_limit-1']);
    expect((await fetch(`${server.sourceUrls['odds-api']}/v4/sports/basketball_nba/events?apiKey=secret-key`)).status).toBe(429);
    expect((await fetch(`${server.sourceUrls.espn}/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`)).status).toBe(200);
    const listed = await getJson<{ rules: Array<{ matched: number; applied: number }> }>(`${server.url}/__replay/faults`);
    expect(listed.body.rules).toMatchObject([{ matched: 1, applied: 1 }]);
    expect((await fetch(`${server.url}/__replay/faults`, { method: 'DELETE' })).status).toBe(200);
    expect((await getJson<{ rules: unknown[] }>(`${server.url}/__replay/faults`)).body.rules).toEqual([]);
  });

  it('rejects an invalid rule with 400 naming the field', async () => {
    const response = await getJson<{ error: string }>(`${server.url}/__replay/faults`, {
      method: 'POST',
      body: JSON.stringify([{ kind: 'missing_game', source: 'espn', untilAttempt: 2 }]),
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toContain('gameId');
  });

  it('logs each request with its status and faults, masking the Odds API key', async () => {
    server.clearRequests();
    server.setFaults([{ kind: 'rate_limit', source: 'odds-api', id: 'odds-429' }]);
    await fetch(`${server.sourceUrls['odds-api']}/v4/sports/basketball_nba/events?apiKey=secret-key`);
    await fetch(`${server.sourceUrls['odds-api']}/v4/sports/basketball_nba/events?apiKey=secret-key`);
    const log = await getJson<Array<{ source: string; path: string; status: number; faults: string[]; query: Record<string, string> }>>(`${server.url}/__replay/requests`);
    expect(log.body.map((entry) => [entry.source, entry.path, entry.status, entry.faults])).toEqual([
      ['odds-api', '/v4/sports/basketball_nba/events', 429, ['odds-429']],
      ['odds-api', '/v4/sports/basketball_nba/events', 200, []],
    ]);
    expect(log.body[0].query.apiKey).toBe('***');
    expect(JSON.stringify(log.body)).not.toContain('secret-key');
  });
});

describe('fault rule validation (REPLAY_FAULTS, files and the control API share it)', () => {
  it('accepts one rule, an array of rules, or {"rules": [...]}, and numbers unnamed rules by kind', () => {
    expect(validateFaultRules({ kind: 'latency', source: 'espn', ms: 10 }).map((rule) => rule.id)).toEqual(['latency-1']);
    expect(validateFaultRules({ rules: [{ kind: 'latency', source: '*', ms: 10 }, { kind: 'error', source: 'espn' }] }).map((rule) => rule.id)).toEqual(['latency-1', 'error-2']);
  });

  it.each([
    [{ kind: 'explode', source: 'espn' }, 'kind'],
    [{ kind: 'error', source: 'yahoo' }, 'source'],
    [{ kind: 'error', source: 'espn', path: '(' }, 'path'],
    [{ kind: 'error', source: 'espn', rate: 1.5 }, 'rate'],
    [{ kind: 'latency', source: 'espn' }, 'ms'],
    [{ kind: 'release_delay', source: 'espn', hours: 2 }, 'bigdataball'],
    [{ kind: 'missing_game', source: 'espn', gameId: '171', untilAttempt: 2 }, 'gameId'],
  ])('rejects %j, naming %s', (rule, field) => {
    expect(() => validateFaultRules([rule])).toThrow(InvalidFaultRuleError);
    expect(() => validateFaultRules([rule])).toThrow(field);
  });

  it('counts a rule’s requests only when its source and path match', () => {
    const injector = new FaultInjector([{ kind: 'error', source: 'espn', path: 'summary', firstN: 1 }]);
    expect(injector.evaluate('espn', '/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105').action).toBeUndefined();
    expect(injector.evaluate('balldontlie', '/summary').action).toBeUndefined();
    expect(injector.evaluate('espn', '/apis/site/v2/sports/basketball/nba/summary?event=1').action).toMatchObject({ kind: 'error', status: 503 });
    expect(injector.evaluate('espn', '/apis/site/v2/sports/basketball/nba/summary?event=1').action).toBeUndefined();
  });
});
