import { Logger } from '@nestjs/common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ProviderPolicySettings, providerPolicy } from './provider.policy';
import { ResilientHttpClient } from './resilient-http.client';
import { RecordingClock, ScriptedHttpServer } from './testing/scripted-http.server';
import { UpstreamRequestError } from './upstream-request.error';

const GENEROUS_RATE_LIMIT = { requests: 1_000, perMs: 1_000 };

function clientFor(server: ScriptedHttpServer, clock: RecordingClock, settings: Partial<ProviderPolicySettings> = {}): ResilientHttpClient {
  const policy = providerPolicy('test_upstream', {
    baseUrl: server.baseUrl,
    timeoutMs: 2_000,
    maxRetries: 3,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    retryAfterCapSeconds: 30,
    rateLimit: GENEROUS_RATE_LIMIT,
    circuitBreaker: { failureThreshold: 5, coolDownMs: 60_000 },
    ...settings,
  });
  return new ResilientHttpClient(policy, clock);
}

async function failureOf(call: Promise<unknown>): Promise<UpstreamRequestError> {
  const outcome = await call.then(
    (value) => ({ resolved: value }),
    (error: unknown) => ({ rejected: error }),
  );
  if (!('rejected' in outcome)) throw new Error(`expected the call to fail, it returned ${JSON.stringify(outcome.resolved)}`);
  expect(outcome.rejected).toBeInstanceOf(UpstreamRequestError);
  return outcome.rejected as UpstreamRequestError;
}

describe('ResilientHttpClient against a real local HTTP server', () => {
  let server: ScriptedHttpServer;
  let clock: RecordingClock;
  let logLines: string[];

  beforeEach(async () => {
    server = await ScriptedHttpServer.start();
    clock = new RecordingClock();
    logLines = [];
    const capture = (message: unknown) => void logLines.push(String(message));
    jest.spyOn(Logger.prototype, 'log').mockImplementation(capture);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(capture);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(capture);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await server.close();
  });

  describe('retries', () => {
    it('rides out a burst of 503s with jittered exponential backoff and reports every status it saw', async () => {
      server.script({ status: 503 }, { status: 503 }, { status: 200, body: { data: [{ id: 1 }] } });

      const response = await clientFor(server, clock).get<{ data: Array<{ id: number }> }>('/nba/v1/games');

      expect(response).toMatchObject({ data: { data: [{ id: 1 }] }, status: 200, attempts: 3, statusesSeen: [503, 503, 200] });
      // baseDelayMs 100 doubling, with "equal jitter" at random()=0.5: three quarters of each step.
      expect(clock.sleeps).toEqual([75, 150]);
      expect(response.durationMs).toBe(225);
      expect(server.requests).toHaveLength(3);
    });

    it('gives up after maxRetries on a 5xx that does not pass, saying what failed, where and after how many attempts', async () => {
      server.script({ status: 502 }, { status: 502 }, { status: 502 });

      const error = await failureOf(clientFor(server, clock, { maxRetries: 2 }).get('/nba/v1/games'));

      expect(error).toMatchObject({ provider: 'test_upstream', kind: 'http', status: 502, attempts: 3, statusesSeen: [502, 502, 502] });
      expect(error.message).toBe(`test_upstream GET ${server.baseUrl}/nba/v1/games failed [http] after 3 attempts: HTTP 502 (HTTP statuses seen: 502, 502, 502)`);
    });

    it('makes one attempt only when asked for a single attempt, and the next request retries as before', async () => {
      server.script({ status: 502 }, { status: 502 }, { status: 502 }, { status: 200, body: { data: [] } });
      const client = clientFor(server, clock, { maxRetries: 2 });

      const error = await failureOf(client.get('/nba/v1/games', { singleAttempt: true }));
      expect(error).toMatchObject({ kind: 'http', status: 502, attempts: 1, statusesSeen: [502] });
      expect(clock.sleeps).toEqual([]);

      expect(await client.get('/nba/v1/games')).toMatchObject({ status: 200, attempts: 3, statusesSeen: [502, 502, 200] });
      expect(server.requests).toHaveLength(4);
    });

    it('does not retry a 404: the answer is about the request and will not change', async () => {
      server.script({ status: 404, body: { error: 'no such game' } });

      const error = await failureOf(clientFor(server, clock).get('/nba/v1/games/999'));

      expect(error).toMatchObject({ kind: 'http', status: 404, attempts: 1, statusesSeen: [404] });
      expect(error.message).toContain('no such game');
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    });

    it('retries a request that gets no answer in time, then fails with kind timeout', async () => {
      server.script({ hang: true }, { hang: true }, { hang: true });

      const error = await failureOf(clientFor(server, clock, { timeoutMs: 100, maxRetries: 2 }).get('/slow'));

      expect(error).toMatchObject({ kind: 'timeout', attempts: 3, statusesSeen: [] });
      expect(error.message).toContain('no response within 100 ms');
      expect(server.requests).toHaveLength(3);
      expect(clock.sleeps).toEqual([75, 150]);
    });

    it('retries a connection that cannot be made, then fails with kind network and the socket error', async () => {
      const closed = await ScriptedHttpServer.start();
      const nobodyListening = closed.baseUrl;
      await closed.close();
      const client = new ResilientHttpClient(
        providerPolicy('test_upstream', { baseUrl: nobodyListening, maxRetries: 1, baseDelayMs: 100, rateLimit: GENEROUS_RATE_LIMIT }),
        clock,
      );

      const error = await failureOf(client.get('/anything'));

      expect(error).toMatchObject({ kind: 'network', code: 'ECONNREFUSED', attempts: 2, statusesSeen: [] });
      expect(error.message).toContain('ECONNREFUSED');
    });
  });

  describe('429 and Retry-After', () => {
    it('waits the delta-seconds a 429 asks for before retrying', async () => {
      server.script({ status: 429, headers: { 'retry-after': '7' } }, { status: 200, body: { ok: true } });

      const response = await clientFor(server, clock).get('/nba/v1/stats');

      expect(clock.sleeps).toEqual([7_000]);
      expect(response).toMatchObject({ attempts: 2, statusesSeen: [429, 200] });
    });

    it('reads an HTTP-date Retry-After against the injected clock', async () => {
      const threeSecondsAhead = new Date(clock.now() + 3_000).toUTCString();
      server.script({ status: 429, headers: { 'retry-after': threeSecondsAhead } }, { status: 200, body: {} });

      await clientFor(server, clock).get('/nba/v1/stats');

      expect(clock.sleeps).toEqual([3_000]);
    });

    it('caps a Retry-After of an hour at retryAfterCapSeconds', async () => {
      server.script({ status: 429, headers: { 'retry-after': '3600' } }, { status: 200, body: {} });

      await clientFor(server, clock, { retryAfterCapSeconds: 30 }).get('/nba/v1/stats');

      expect(clock.sleeps).toEqual([30_000]);
    });

    it('falls back to the backoff when a 429 says nothing about when to come back', async () => {
      server.script({ status: 429 }, { status: 200, body: {} });

      await clientFor(server, clock).get('/nba/v1/stats');

      expect(clock.sleeps).toEqual([75]);
    });

    it('gives up on a 429 that persists as rate_limited, passing on how long the upstream asked us to wait', async () => {
      server.script({ status: 429, headers: { 'retry-after': '5' } }, { status: 429, headers: { 'retry-after': '45' } });

      const error = await failureOf(clientFor(server, clock, { maxRetries: 1 }).get('/nba/v1/stats'));

      expect(error).toMatchObject({ kind: 'rate_limited', status: 429, attempts: 2, statusesSeen: [429, 429], retryAfterSeconds: 45 });
      expect(clock.sleeps).toEqual([5_000]);
    });
  });

  describe('response bodies', () => {
    it('retries a 200 whose JSON body was cut short, like a 5xx, and hands back the whole body that follows', async () => {
      server.script({ status: 200, body: '{"data":[{"id":1},{"id":2' }, { status: 200, body: 'not json at all' }, { status: 200, body: { data: [{ id: 1 }, { id: 2 }] } });

      const response = await clientFor(server, clock).get<{ data: Array<{ id: number }> }>('/nba/v1/stats');

      expect(response).toMatchObject({ data: { data: [{ id: 1 }, { id: 2 }] }, attempts: 3, statusesSeen: [200, 200, 200] });
      expect(clock.sleeps).toHaveLength(2);
      expect(logLines.some((line) => line.includes('HTTP 200 but response body is not valid JSON'))).toBe(true);
    });

    it('rejects a JSON body still truncated after every attempt as invalid_json instead of handing back half a payload', async () => {
      const truncated = { status: 200, body: '{"data":[{"id":1},{"id":2' };
      server.script(truncated, truncated, truncated, truncated);

      const error = await failureOf(clientFor(server, clock).get('/nba/v1/games'));

      expect(error).toMatchObject({ kind: 'invalid_json', status: 200, attempts: 4, statusesSeen: [200, 200, 200, 200] });
      expect(error.message).toMatch(/not valid JSON/);
      expect(error.message).toContain('{\\"data\\":[{\\"id\\":1},{\\"id\\":2');
      expect(error).not.toHaveProperty('data');
    });

    it('hands back a body asked for as text untouched, without trying to parse it', async () => {
      const csv = 'game_id,period,event\n0022500123,1,jump ball\n';
      server.script({ status: 200, headers: { 'content-type': 'text/csv' }, body: csv });

      const response = await clientFor(server, clock).get<string>('/files/pbp.csv', { responseType: 'text' });

      expect(response.data).toBe(csv);
    });

    it('hands back a body asked for as bytes exactly as sent, invalid UTF-8 included', async () => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff])]);
      server.script({ status: 200, headers: { 'content-type': 'application/pdf' }, body: pdf });

      const response = await clientFor(server, clock).get<Buffer>('/referee/injury/report.pdf', { responseType: 'bytes' });

      expect(Buffer.isBuffer(response.data)).toBe(true);
      expect(response.data.equals(pdf)).toBe(true);
    });

    it('names the body of an error answer to a bytes request in words', async () => {
      server.script({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found: no such report' });

      const error = await failureOf(clientFor(server, clock).get('/referee/injury/missing.pdf', { responseType: 'bytes' }));

      expect(error).toMatchObject({ kind: 'http', status: 404, attempts: 1 });
      expect(error.message).toContain('Not Found: no such report');
    });

    it('retries a body whose connection drops before the promised length arrives', async () => {
      server.script({ cutOff: true, body: '{"data":[1,2', declaredLength: 1_000 }, { status: 200, body: { data: [1, 2, 3] } });

      const response = await clientFor(server, clock).get<{ data: number[] }>('/nba/v1/games');

      expect(response).toMatchObject({ data: { data: [1, 2, 3] }, attempts: 2, statusesSeen: [200] });
      expect(logLines.some((line) => line.includes('body cut off after HTTP 200'))).toBe(true);
    });
  });

  describe('query parameters', () => {
    it('sends array parameters in the bracketed style balldontlie reads as a list', async () => {
      server.script({ status: 200, body: { data: [] } });

      const response = await clientFor(server, clock).get('/nba/v1/games', {
        params: { 'dates[]': ['2025-11-05', '2025-11-06'], per_page: 100, cursor: undefined },
      });

      expect(server.requests[0].url).toBe('/nba/v1/games?dates[]=2025-11-05&dates[]=2025-11-06&per_page=100');
      expect(response.url).toBe(`${server.baseUrl}/nba/v1/games?dates[]=2025-11-05&dates[]=2025-11-06&per_page=100`);
    });

    it('sends the policy headers and the call headers, the call winning on a clash', async () => {
      server.script({ status: 200, body: {} });

      await clientFor(server, clock, { headers: { 'User-Agent': 'policy-agent', Referer: 'https://www.nba.com/' } }).get('/x', {
        headers: { 'User-Agent': 'call-agent' },
      });

      expect(server.requests[0].headers).toMatchObject({ 'user-agent': 'call-agent', referer: 'https://www.nba.com/', accept: 'application/json' });
    });
  });

  describe('secrets', () => {
    const apiKey = 'sk-live-8f3a9c2e71';

    it('redacts secret query parameters in the returned url while still sending them', async () => {
      server.script({ status: 200, body: [] });

      const response = await clientFor(server, clock, { secretQueryParams: ['apiKey'] }).get('/v4/sports/basketball_nba/events', {
        params: { apiKey, regions: 'us' },
      });

      expect(server.requests[0].url).toBe(`/v4/sports/basketball_nba/events?apiKey=${apiKey}&regions=us`);
      expect(response.url).toBe(`${server.baseUrl}/v4/sports/basketball_nba/events?apiKey=***&regions=us`);
    });

    it('keeps a secret out of the error, its url and the retry logs, even when the upstream echoes it', async () => {
      const echo = { status: 500, body: { message: `key ${apiKey} is over quota` } };
      server.script(echo, echo);

      const error = await failureOf(
        clientFor(server, clock, { secretQueryParams: ['apiKey'], maxRetries: 1 }).get(`/v4/sports?apiKey=${apiKey}&regions=us`),
      );

      expect(error.url).toBe(`${server.baseUrl}/v4/sports?apiKey=***&regions=us`);
      expect(error.message).toContain('key *** is over quota');
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain(apiKey);
      expect(logLines.length).toBeGreaterThan(0);
      expect(logLines.join('\n')).not.toContain(apiKey);
    });
  });

  describe('circuit breaker', () => {
    it('opens after failureThreshold failed calls and then fails fast without touching the server', async () => {
      server.script({ status: 503 }, { status: 503 });
      const client = clientFor(server, clock, { maxRetries: 0, circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 } });

      await failureOf(client.get('/a'));
      await failureOf(client.get('/a'));
      const refused = await failureOf(client.get('/a'));

      expect(refused).toMatchObject({ kind: 'circuit_open', attempts: 0, statusesSeen: [] });
      expect(refused.message).toBe(`test_upstream GET ${server.baseUrl}/a not sent: circuit open after 2 consecutive failed calls; next trial call in 60000 ms`);
      expect(server.requests).toHaveLength(2);
      expect(client.circuitState()).toBe('open');
      expect(client.health().circuit).toMatchObject({ state: 'open', consecutiveFailures: 2, opened: 1, rejected: 1, failed: 2 });
    });

    it('lets one trial call through after the cool-down and closes again when it succeeds', async () => {
      server.script({ status: 503 }, { status: 200, body: { ok: true } });
      const client = clientFor(server, clock, { maxRetries: 0, circuitBreaker: { failureThreshold: 1, coolDownMs: 60_000 } });
      await failureOf(client.get('/a'));

      clock.advance(59_999);
      expect((await failureOf(client.get('/a'))).kind).toBe('circuit_open');
      clock.advance(1);
      expect(client.circuitState()).toBe('half_open');
      const trial = await client.get('/a');

      expect(trial.status).toBe(200);
      expect(client.circuitState()).toBe('closed');
      expect(server.requests).toHaveLength(2);
    });

    it('re-opens for a fresh cool-down when the half-open trial fails', async () => {
      server.script({ status: 503 }, { status: 503 });
      const client = clientFor(server, clock, { maxRetries: 0, circuitBreaker: { failureThreshold: 1, coolDownMs: 60_000 } });
      await failureOf(client.get('/a'));
      clock.advance(60_000);

      const trialFailure = await failureOf(client.get('/a'));
      const refused = await failureOf(client.get('/a'));

      expect(trialFailure).toMatchObject({ kind: 'http', status: 503 });
      expect(refused.kind).toBe('circuit_open');
      expect(client.circuitState()).toBe('open');
      expect(server.requests).toHaveLength(2);
    });

    it('counts a call once, after its retries, toward opening the circuit', async () => {
      server.script({ status: 503 }, { status: 503 }, { status: 503 }, { status: 200, body: {} });
      const client = clientFor(server, clock, { maxRetries: 2, circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 } });

      await failureOf(client.get('/a'));
      expect(client.health().circuit).toMatchObject({ state: 'closed', consecutiveFailures: 1 });
      await client.get('/a');

      expect(client.health().circuit).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    });

    it('does not open on 4xx answers, which show the upstream is up', async () => {
      server.script({ status: 404 }, { status: 404 }, { status: 404 });
      const client = clientFor(server, clock, { circuitBreaker: { failureThreshold: 2, coolDownMs: 60_000 } });

      for (let call = 0; call < 3; call += 1) expect((await failureOf(client.get('/missing'))).kind).toBe('http');

      expect(client.circuitState()).toBe('closed');
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('rate limiter', () => {
    it('spaces calls to the provider once its burst is spent', async () => {
      server.script({ status: 200, body: {} }, { status: 200, body: {} }, { status: 200, body: {} });
      const client = clientFor(server, clock, { rateLimit: { requests: 1, perMs: 1_000 } });

      for (let call = 0; call < 3; call += 1) await client.get('/a');

      expect(clock.sleeps).toEqual([1_000, 1_000]);
    });

    it('makes a retry wait for its token too, after the backoff', async () => {
      server.script({ status: 503 }, { status: 200, body: {} });
      const client = clientFor(server, clock, { rateLimit: { requests: 1, perMs: 1_000 } });

      const response = await client.get('/a');

      // 75 ms of backoff, then the rest of the second the first attempt's token is still owed.
      expect(clock.sleeps).toEqual([75, 925]);
      expect(response.durationMs).toBe(1_000);
    });
  });

  describe('proxy', () => {
    const proxyUser = 'scraper';
    const proxyPassword = 'pr0xy-s3cret';
    let proxy: http.Server;
    let proxySaw: Array<{ method?: string; url?: string; proxyAuthorization?: string }>;

    beforeEach(async () => {
      proxySaw = [];
      // A forward proxy: it gets the absolute URL, checks credentials, and fetches the target itself.
      proxy = http.createServer((request, response) => {
        proxySaw.push({ method: request.method, url: request.url, proxyAuthorization: request.headers['proxy-authorization'] });
        const upstream = http.request(request.url ?? '', { method: request.method }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        });
        upstream.on('error', (error) => response.writeHead(502).end(error.message));
        upstream.end();
      });
      // An https target is tunnelled: the proxy sees only CONNECT host:443. This one refuses it.
      proxy.on('connect', (request, socket) => {
        proxySaw.push({ method: request.method, url: request.url, proxyAuthorization: request.headers['proxy-authorization'] });
        socket.end('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n');
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });

    afterEach(async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    });

    const proxyUrl = () => `http://${proxyUser}:${proxyPassword}@127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const basicAuth = () => `Basic ${Buffer.from(`${proxyUser}:${proxyPassword}`).toString('base64')}`;

    it('routes requests through the proxy with its credentials', async () => {
      server.script({ status: 200, body: { resultSets: [] } });

      const response = await clientFor(server, clock, { proxyUrl: proxyUrl() }).get('/stats/scoreboardv2', { params: { GameDate: '2025-11-05' } });

      expect(response.data).toEqual({ resultSets: [] });
      expect(proxySaw).toEqual([{ method: 'GET', url: `${server.baseUrl}/stats/scoreboardv2?GameDate=2025-11-05`, proxyAuthorization: basicAuth() }]);
      expect(server.requests).toHaveLength(1);
    });

    it('tunnels an https upstream through the proxy with CONNECT, blames the proxy when it refuses, and never shows its credentials', async () => {
      const client = new ResilientHttpClient(
        providerPolicy('nba_stats', { baseUrl: 'https://stats.nba.example', proxyUrl: proxyUrl(), maxRetries: 0, rateLimit: GENEROUS_RATE_LIMIT }),
        clock,
      );

      const error = await failureOf(client.get('/stats/scoreboardv2'));

      expect(proxySaw).toEqual([{ method: 'CONNECT', url: 'stats.nba.example:443', proxyAuthorization: basicAuth() }]);
      const proxyShownAs = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      expect(error).toMatchObject({ kind: 'http', status: 407 });
      expect(error.message).toContain(`HTTP 407 (through proxy ${proxyShownAs})`);
      const everythingShown = [error.message, error.url, ...logLines].join('\n');
      expect(everythingShown).not.toContain(proxyPassword);
      expect(everythingShown).not.toContain(basicAuth().slice('Basic '.length));
      expect(logLines).toContain(`nba_stats: requests go through proxy ${proxyShownAs}`);
    });
  });
});
