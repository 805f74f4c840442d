import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { isCalendarDate, SERVICE_NAMES, ServiceName, TOPOLOGY } from '@lib/messaging';
import { PlatformConfig } from '@lib/platform';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { readOperatorToken } from '../tools/cluster/operator-access';
import { rowCountsOfEveryTable } from './support/row-counts';
import { isolatedConfig, scraperCompletion } from './support/test-config';

/** Fixed so a failure replays exactly; fast-check prints the counterexample and its path. */
const SEED = 20251205;
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 60);
const REQUEST_TIMEOUT_MS = 10_000;

interface FuzzRequest {
  method: 'GET' | 'POST';
  query?: string;
  body?: string;
  contentType?: string;
}

// ---------- generators ----------

const notACalendarDate = fc.oneof(fc.string(), fc.constantFrom('2025-02-30', '2025-13-01', '25-11-05', '2025-11-05T00:00:00Z', "2025-11-05'--", '')).filter((value) => !isCalendarDate(value));
const anyJson = fc.jsonValue({ maxDepth: 4 });
const hostileValue = fc.oneof(
  anyJson,
  notACalendarDate,
  fc.constantFrom(1e20, -1, Number.MAX_SAFE_INTEGER + 2, '../../etc/passwd', '/etc/passwd', 'a\u0000b', '%00', '${jndi:x}', "'; DROP TABLE t; --"),
);
/** JSON text that is broken, too deep, or names a prototype key: always refused before any handler. */
const brokenJsonText = fc.oneof(
  fc.string(),
  fc.integer({ min: 33, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 33, max: 3000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.constantFrom('__proto__', 'constructor', 'prototype').chain((key) => anyJson.map((value) => `{"${key}": ${JSON.stringify(value)}}`)),
  fc.constantFrom('null', '1', '"x"', 'true', '{', '{"a":}', '\u0000'),
);
const wrongContentType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/html');

/** An object that always fails the route's DTO: an unknown field beside any known ones with hostile values. */
function refusedObject(knownFields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const unknownField = fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !knownFields.includes(key) && !['__proto__', 'constructor', 'prototype'].includes(key));
  const known = fc.record(Object.fromEntries(knownFields.map((field) => [field, hostileValue])), { requiredKeys: [] });
  const withUnknownField = fc.tuple(known, unknownField, hostileValue).map(([rest, field, value]): Record<string, unknown> => ({ ...rest, [field]: value }));
  if (knownFields.length === 0) return withUnknownField;
  const withInvalidKnownField = fc.tuple(fc.constantFrom(...knownFields), notACalendarDate, known).map(([field, bad, rest]): Record<string, unknown> => ({ ...rest, [field]: bad }));
  return fc.oneof(withUnknownField, withInvalidKnownField);
}

/** Bodies for a POST route: refused objects, arrays, broken or poison JSON, or the wrong content type. */
function refusedBodies(knownFields: readonly string[]): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(
    refusedObject(knownFields).map((body) => ({ method: 'POST' as const, body: JSON.stringify(body) })),
    fc.array(anyJson, { minLength: 1, maxLength: 3 }).map((body) => ({ method: 'POST' as const, body: JSON.stringify(body) })),
    brokenJsonText.map((body) => ({ method: 'POST' as const, body })),
    fc.tuple(wrongContentType, fc.string()).map(([contentType, body]) => ({ method: 'POST' as const, body: body || 'x', contentType })),
  );
}

/** Query strings with at least one unknown or malformed parameter (repeats included). */
function refusedQueries(knownFields: readonly string[]): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.oneof(fc.constantFrom(...knownFields, 'x', 'since[]', 'from[a]'), fc.string({ minLength: 1, maxLength: 8 })), notACalendarDate);
  return fc
    .array(pair, { minLength: 1, maxLength: 4 })
    .filter((pairs) => pairs.some(([key]) => knownFields.includes(key)) || pairs.some(([key]) => !knownFields.includes(key)))
    .map((pairs) => pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'));
}

/** Push envelopes that can never be processed: malformed, not base64 JSON, unrouted, or a message missing or breaking a field. */
function poisonEnvelopes(subscription: string, validMessage: Record<string, unknown>): fc.Arbitrary<FuzzRequest> {
  const envelopeOf = (data: string, messageId = randomUUID(), sub = `projects/local/subscriptions/${subscription}`) => ({
    message: { data, messageId, attributes: {}, publishTime: new Date().toISOString() },
    subscription: sub,
  });
  const asBase64 = (text: string) => Buffer.from(text).toString('base64');
  const requiredFields = Object.keys(validMessage);
  // Phase 2's message carries the payload path as `path`, phase 3's as `source_path`; elsewhere the path goes where a date belongs.
  const pathField = 'source' in validMessage ? ('source_path' in validMessage ? 'source_path' : 'path') : 'game_date';
  const brokenMessage = fc.oneof(
    fc.constantFrom(...requiredFields).map((field) => Object.fromEntries(Object.entries(validMessage).filter(([key]) => key !== field))),
    // null and objects break every required field (strings, numbers, booleans, dates and the missing[] array alike).
    fc.tuple(fc.constantFrom(...requiredFields), fc.oneof(fc.constant(null), fc.object({ maxDepth: 2 }))).map(([field, value]) => ({ ...validMessage, [field]: value })),
    fc.constantFrom('../../etc/passwd', '/etc/passwd', 'raw/x/\u0000.json', 'raw/../../x').map((path) => ({ ...validMessage, [pathField]: path })),
    fc.constantFrom(1e20, -5, 1.5).map((records) => ({ ...validMessage, records })),
  );
  return fc
    .oneof(
      anyJson.map((body) => JSON.stringify(body)),
      fc.string().map((data) => JSON.stringify(envelopeOf(data))),
      brokenJsonText.map((text) => JSON.stringify(envelopeOf(asBase64(text)))),
      anyJson.map((payload) => JSON.stringify(envelopeOf(asBase64(JSON.stringify(payload))))),
      fc.string({ minLength: 1 }).map((sub) => JSON.stringify(envelopeOf(asBase64(JSON.stringify(validMessage)), randomUUID(), sub))),
      brokenMessage.map((message) => JSON.stringify(envelopeOf(asBase64(JSON.stringify(message))))),
      fc.tuple(fc.constantFrom('__proto__', 'constructor'), anyJson).map(([key, value]) => JSON.stringify(envelopeOf(asBase64(`{"${key}": ${JSON.stringify(value)}, ${JSON.stringify(validMessage).slice(1)}`)))),
    )
    .map((body) => ({ method: 'POST' as const, body }));
}

const probes = fc.oneof(fc.constant(''), refusedQueries(['verbose', 'x'])).map((query) => ({ method: 'GET' as const, query }));

/** A valid message of each service's inbound topic (its required fields only), to be broken by poisonEnvelopes. */
function validMessageFor(service: ServiceName): { subscription: string; message: Record<string, unknown> } {
  // Phase 1 subscribes to nothing: every push to it is unrouted.
  const subscription = TOPOLOGY.flatMap((topic) => topic.subscriptions).find((candidate) => candidate.service === service)?.name ?? 'nba-phase1-unrouted-sub';
  const completion = { schema_version: 1, game_date: '2025-11-05', backfill_mode: false, phase: 1, service: 'phase1-scrapers', run_id: 'r', status: 'success', records: 1, degraded: false };
  if (service === 'phase2-raw') {
    const { path: _optional, ...required } = scraperCompletion('2025-11-05');
    return { subscription, message: required };
  }
  if (service === 'phase3-analytics') {
    const raw = { processor: 'bdl_games', table: 'nba_raw.bdl_games', source: 'balldontlie', source_path: 'raw/balldontlie/games/2025-11-05/run.json' };
    return { subscription, message: { ...completion, phase: 2, service: 'phase2-raw', ...raw } };
  }
  return { subscription, message: completion };
}

/** What each route may be sent; a route the services serve without an entry here fails the spec. */
function strategies(service: ServiceName | 'operator'): Record<string, fc.Arbitrary<FuzzRequest>> {
  if (service === 'operator') {
    const sqlish = fc.oneof(
      fc.string(),
      fc.constantFrom('SELECT 1; DROP TABLE nba_orchestration.dead_letter', "COPY (SELECT 1) TO '/tmp/x'", "SELECT * FROM read_text('/etc/passwd')", 'ATTACH ":memory:" AS m', 'PRAGMA version'),
      fc.tuple(fc.constantFrom("SELECT '", 'SELECT $$', 'SELECT 1 --', '/*', 'SELECT "'), fc.string(), fc.constantFrom('CREATE TABLE x AS SELECT 1', 'DELETE FROM t', '')).map(([a, b, c]) => `${a}${b}; ${c}`),
    );
    return {
      'GET /cluster': probes,
      'GET /runs': refusedQueries(['correlation_id', 'from', 'to', 'dead_letters_since']).map((query) => ({ method: 'GET' as const, query })),
      'POST /query': fc.oneof(sqlish.map((sql) => ({ method: 'POST' as const, body: JSON.stringify({ sql }) })), refusedBodies(['sql', 'params'])),
      'GET /schema-drift': probes,
      'GET /status': refusedQueries(['to']).map((query) => ({ method: 'GET' as const, query })),
    };
  }
  const { subscription, message } = validMessageFor(service);
  const common: Record<string, fc.Arbitrary<FuzzRequest>> = {
    'GET /health': probes,
    'GET /health/ready': probes,
    'GET /version': probes,
    'GET /openapi.json': probes,
    'POST /runs/recover-stuck': refusedBodies([]),
    'POST /process_date': refusedBodies(['game_date', 'start_date', 'end_date', 'backfill_mode']),
    'POST /pubsub': poisonEnvelopes(subscription, message),
  };
  const perService: Partial<Record<ServiceName, Record<string, fc.Arbitrary<FuzzRequest>>>> = {
    'phase1-scrapers': {
      'POST /workflows/evaluate': refusedBodies([]),
      'POST /retries/run': refusedQueries(['since']).map((query) => ({ method: 'POST' as const, query })),
      'POST /reconciliation/run': refusedQueries(['from', 'to']).map((query) => ({ method: 'POST' as const, query })),
      'POST /self-heal/run': refusedQueries(['from', 'to']).map((query) => ({ method: 'POST' as const, query })),
      'POST /monitoring/checks': refusedQueries(['to']).map((query) => ({ method: 'POST' as const, query })),
      'GET /status': refusedQueries(['to']).map((query) => ({ method: 'GET' as const, query })),
      // The route's own path is not a date: always a 400 naming it.
      'GET /status/dates/:date': probes,
    },
    'phase3-analytics': { 'POST /transitions/check-deadlines': refusedBodies([]) },
    'phase4-precompute': {
      'POST /safety-net': refusedBodies(['start_date', 'end_date']),
      'POST /boundary/release': refusedBodies(['game_date', 'released_by', 'reason']),
    },
    'phase5-predictions': { 'POST /boundary/release': refusedBodies(['game_date', 'released_by', 'reason']) },
  };
  return { ...common, ...perService[service] };
}

// ---------- the spec ----------

/** Routes a Nest service serves, read from its Express router, as "METHOD /path". */
function servedRoutes(cluster: LocalCluster, service: ServiceName): string[] {
  const router = cluster.application(service).getHttpAdapter().getInstance().router as { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  return router.stack.flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : []));
}

describe('fuzzing every route of every service (seeded): no 500, no hang, no crash, no row written by a refused request', () => {
  let config: PlatformConfig;
  let cluster: LocalCluster;
  let operatorToken: string;

  beforeAll(async () => {
    config = await isolatedConfig({ LOCAL_REPLAY: 'false', LOCAL_SCHEDULER: 'off' });
    cluster = await LocalCluster.start({ config });
    operatorToken = readOperatorToken(config.operatorTokenPath)!;
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const targets: Array<ServiceName | 'operator'> = [...SERVICE_NAMES, 'operator'];

  it('has a fuzz strategy for every route each service serves', () => {
    for (const service of SERVICE_NAMES) {
      expect(servedRoutes(cluster, service).sort()).toEqual(Object.keys(strategies(service)).sort());
    }
  });

  it.each(targets)('%s', async (service) => {
    const baseUrl = service === 'operator' ? `http://${config.LOCAL_HOST}:${config.LOCAL_OPS_PORT}` : cluster.serviceUrl(service);
    for (const [route, requests] of Object.entries(strategies(service))) {
      const path = route.split(' ')[1];
      const before = await rowCountsOfEveryTable(cluster.infrastructure.warehouse);
      let deadLettered = 0;
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const response = await fetch(`${baseUrl}${path}${request.query ? `?${request.query}` : ''}`, {
            method: request.method,
            headers: {
              ...(request.body !== undefined ? { 'content-type': request.contentType ?? 'application/json' } : {}),
              ...(service === 'operator' ? { authorization: `Bearer ${operatorToken}` } : {}),
            },
            body: request.body,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          });
          const text = await response.text();
          if (route === 'POST /pubsub' && response.status === 200) {
            // Acknowledged only when dead-lettered: nothing here may run a phase.
            expect(JSON.parse(text)).toMatchObject({ outcome: 'dead_lettered' });
            deadLettered += 1;
            return;
          }
          const refusedOrRead = response.status < 500 && (request.method === 'GET' || route === 'POST /query' || response.status >= 400);
          if (!refusedOrRead) throw new Error(`${route} answered ${response.status} to ${JSON.stringify(request).slice(0, 300)}: ${text.slice(0, 300)}`);
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
      const after = await rowCountsOfEveryTable(cluster.infrastructure.warehouse);
      const changed = Object.fromEntries(Object.keys(after).filter((table) => after[table] !== before[table]).map((table) => [table, after[table] - before[table]]));
      expect({ route, changed }).toEqual({ route, changed: deadLettered > 0 ? { 'nba_orchestration.dead_letter': deadLettered } : {} });
    }
    // No crash: the service still answers.
    expect((await fetch(`${baseUrl}${service === 'operator' ? '/cluster' : '/health'}`, { headers: { authorization: `Bearer ${operatorToken}` } })).status).toBe(200);
  }, 120_000);
});
