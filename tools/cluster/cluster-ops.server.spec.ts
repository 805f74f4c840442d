import http from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadLetterRepository } from '@lib/messaging';
import { DuckDBWarehouse, processedMessagesTable } from '@lib/warehouse';
import { createClusterOpsServer, OperatorRoute } from './cluster-ops.server';
import { OperatorAccess, readOperatorToken, writeOperatorToken } from './operator-access';

const BODY_LIMIT = 4096;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request, so Host, Origin and broken bodies can be sent as an attacker would. */
function send(port: number, options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/cluster', headers: options.headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    // A refused large body may be cut off mid-send: the answer still arrives.
    request.on('error', reject);
    if (options.body !== undefined) request.write(options.body);
    request.end();
  });
}

describe('the operator endpoint refuses whoever should not use it', () => {
  let root: string;
  let warehouse: DuckDBWarehouse;
  let server: http.Server;
  let port: number;
  let token: string;
  let auth: Record<string, string>;
  let host: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ops-server-'));
    warehouse = new DuckDBWarehouse({ path: join(root, 'warehouse.duckdb') });
    await warehouse.migrate([processedMessagesTable]);
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    token = writeOperatorToken(join(root, 'ops-token'));
    const statusPage: OperatorRoute = { method: 'GET', path: '/status', handle: async () => ({ status: 200, html: '<h1>status</h1>' }) };
    server = createClusterOpsServer({
      warehouse,
      deadLetters: new DeadLetterRepository(warehouse),
      relay: null,
      findRuns: async () => [],
      findScraperRuns: async () => [],
      describe: () => ({ pid: process.pid }),
      access: new OperatorAccess(token, '127.0.0.1', port),
      bodyLimitBytes: BODY_LIMIT,
      jsonMaxDepth: 8,
      queryLimits: { maxRows: 100, timeoutMs: 5000 },
      routes: [statusPage],
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    host = `127.0.0.1:${port}`;
    auth = { host, authorization: `Bearer ${token}` };
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await warehouse.close();
    await rm(root, { recursive: true, force: true });
  });

  const postQuery = (sql: unknown, headers: Record<string, string> = {}) =>
    send(port, { method: 'POST', path: '/query', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ sql }) });

  it('writes a fresh 32-byte token readable by its owner only, and the CLI reads it back', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(join(root, 'ops-token')).mode & 0o777).toBe(0o600);
    expect(readOperatorToken(join(root, 'ops-token'))).toBe(token);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('answers a query with the token', async () => {
    const answer = await postQuery('SELECT 41 + 1 AS answer');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ rows: [{ answer: 42 }], truncated: false });
  });

  it('refuses a request without the token, or with a wrong one, with 401 and without echoing it', async () => {
    expect((await send(port, { headers: { host } })).status).toBe(401);
    const forged = 'forged-token-value-1234567890';
    const answer = await send(port, { headers: { host, authorization: `Bearer ${forged}` } });
    expect(answer.status).toBe(401);
    expect(answer.body).not.toContain(forged);
    expect(JSON.parse(answer.body).error).toMatch(/DATA_DIR\/ops-token/);
  });

  it('refuses a Host that is not its own (DNS rebinding) even with the token', async () => {
    const answer = await send(port, { headers: { ...auth, host: `attacker.example:${port}` } });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error).toMatch(/is not this endpoint/);
  });

  it.each([
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['the null Origin of a sandboxed page', { origin: 'null' }],
    ['a cross-site fetch', { 'sec-fetch-site': 'cross-site' }],
  ])('refuses %s with 403 even with the token', async (_label, headers) => {
    const answer = await postQuery('SELECT 1', headers);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error).toBe('cross-origin requests are refused');
  });

  it('accepts its own origin', async () => {
    expect((await postQuery('SELECT 1 AS one', { origin: `http://${host}` })).status).toBe(200);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses a %s body with 415 (what a page may post without a preflight)', async (type) => {
    const answer = await send(port, { method: 'POST', path: '/query', headers: { ...auth, 'content-type': type }, body: '{"sql":"SELECT 1"}' });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body).error).toMatch(/application\/json/);
  });

  it('refuses a body over the limit with 413, by its declared length and by what arrives', async () => {
    const big = JSON.stringify({ sql: `SELECT '${'x'.repeat(BODY_LIMIT)}'` });
    const declared = await send(port, { method: 'POST', path: '/query', headers: { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) }, body: big });
    expect(declared.status).toBe(413);
    const chunked = await send(port, { method: 'POST', path: '/query', headers: { ...auth, 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: big });
    expect(chunked.status).toBe(413);
  });

  it.each([
    ['null', /must be a JSON object/],
    ['[]', /must be a JSON object/],
    ['{"sql": 1}', /body must be \{"sql"/],
    ['{"sql": "SELECT 1", "extra": true}', /and nothing else/],
    ['{"sql": "SELECT 1"', /not acceptable JSON/],
    ['', /not acceptable JSON/],
    ['[[[[[[[[[[[[1]]]]]]]]]]]]', /deeper than 8 levels/],
    ['{"__proto__": {"sql": "SELECT 1"}}', /"__proto__" is not accepted/],
  ])('answers 400 to the malformed body %s', async (body, reason) => {
    const answer = await send(port, { method: 'POST', path: '/query', headers: { ...auth, 'content-type': 'application/json' }, body });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(reason);
  });

  it.each([
    ["SELECT '--' AS a; CREATE TABLE nba_orchestration.x AS SELECT 1 AS x", /2 statements/],
    ["SELECT * FROM read_csv('/etc/passwd')", /reaches outside the warehouse/],
    ['SELECT * FROM no_such_table', /Catalog Error/],
  ])('answers 400 naming why to %s', async (sql, reason) => {
    const answer = await postQuery(sql);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(reason);
  });

  it.each([
    ['/runs', /correlation_id must be given exactly once/],
    ['/runs?correlation_id=c1&correlation_id=c2&from=2025-11-05&to=2025-11-05&dead_letters_since=2025-11-05', /exactly once/],
    ['/runs?correlation_id=c1&from=2025-02-30&to=2025-11-05&dead_letters_since=2025-11-05', /from must be a calendar date/],
    ["/runs?correlation_id=c1&from=2025-11-05'--&to=2025-11-05&dead_letters_since=2025-11-05", /from must be a calendar date/],
  ])('answers 400 to GET %s', async (path, reason) => {
    const answer = await send(port, { path, headers: auth });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(reason);
  });

  it('lets a browser trade the token for an HttpOnly SameSite=Strict cookie, then serves the status page with it', async () => {
    const refused = await send(port, { path: '/session?token=wrong', headers: { host } });
    expect(refused.status).toBe(401);
    expect(refused.headers['set-cookie']).toBeUndefined();
    const session = await send(port, { path: `/session?token=${token}`, headers: { host } });
    expect(session.status).toBe(303);
    expect(session.headers.location).toBe('/status');
    const cookie = session.headers['set-cookie']![0];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send(port, { path: '/status', headers: { host, cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect((await send(port, { path: '/status', headers: { host } })).status).toBe(401);
    expect((await send(port, { path: '/status', headers: { host, cookie: cookie.split(';')[0], 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });
});
