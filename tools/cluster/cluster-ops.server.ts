import http from 'node:http';
import { DeadLetterRepository, isCalendarDate, LocalPushRelay, RelayStatus } from '@lib/messaging';
import { answerStatusRequest, isUsableCorrelationId, JsonLimitError, parseJsonWithinLimits, PhaseExecutionRecord, StatusService } from '@lib/platform';
import {
  ALL_TABLES,
  PartitionFilterMissingError,
  QueryParameterError,
  ReadOnlyQueryOptions,
  ReadOnlyQueryRefusedError,
  ReadOnlyQueryResult,
  Warehouse,
  WarehouseError,
} from '@lib/warehouse';
import type { ScraperRunRecord } from '../../apps/phase1-scrapers/src/scraping/scraper-execution-log.repository';
import { OperatorAccess, OperatorRefusal } from './operator-access';

export interface RunStatusResponse {
  runs: PhaseExecutionRecord[];
  scraper_runs: ScraperRunRecord[];
  dead_letters: Awaited<ReturnType<DeadLetterRepository['findByCorrelationId']>>;
  relay: RelayStatus | null;
  /** The latest finished run of each phase and date under any correlation id: work an earlier command already did. */
  earlier_runs?: PhaseExecutionRecord[];
}

export type OperatorQueryResponse = ReadOnlyQueryResult;

/** What a route answers: JSON, or a page (the status page is served here too). */
export type OperatorReply = { status: number; json: unknown } | { status: number; html: string };

/** A route more features can add (GET /status, issue 14); it runs only after the access checks passed. */
export interface OperatorRoute {
  method: 'GET' | 'POST';
  path: string;
  handle: (request: { url: URL; body: unknown }) => Promise<OperatorReply>;
}

export interface ClusterOpsDependencies {
  warehouse: Warehouse;
  deadLetters: DeadLetterRepository;
  relay: LocalPushRelay | null;
  findRuns: (correlationId: string, from: string, to: string) => Promise<PhaseExecutionRecord[]>;
  findLatestFinishedRuns?: (from: string, to: string) => Promise<PhaseExecutionRecord[]>;
  findScraperRuns: (correlationId: string, from: string, to: string) => Promise<ScraperRunRecord[]>;
  describe: () => Record<string, unknown>;
  access: OperatorAccess;
  bodyLimitBytes: number;
  jsonMaxDepth: number;
  queryLimits: ReadOnlyQueryOptions;
  routes?: readonly OperatorRoute[];
  /** The status page (GET /status, GET /status/dates/:date), as phase 1 serves it. */
  status?: StatusService;
}

class BadOperatorRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The local cluster's operator endpoint on loopback: read-only SQL for `npm run query`, and run
 * status for `npm run pipeline`, so both can use a running cluster instead of fighting it for the
 * DuckDB file. Every request passes OperatorAccess first (Host, Origin, token); a body must be
 * application/json within the size and depth limits; anything malformed is a 400.
 */
export function createClusterOpsServer(dependencies: ClusterOpsDependencies): http.Server {
  const routes = new Map<string, OperatorRoute['handle']>([
    ['GET /cluster', async () => ({ status: 200, json: dependencies.describe() })],
    ['GET /runs', ({ url }) => runStatus(dependencies, url)],
    ['POST /query', ({ body }) => query(dependencies, body)],
    // npm run drift -- --schema: the running cluster holds the DuckDB file, so it answers for it.
    ['GET /schema-drift', async () => ({ status: 200, json: { drift: await dependencies.warehouse.schemaDrift(ALL_TABLES) } })],
    ...(dependencies.routes ?? []).map((route): [string, OperatorRoute['handle']] => [`${route.method} ${route.path}`, route.handle]),
  ]);

  return http.createServer((request, response) => {
    const reply = (answer: OperatorReply, headers: Record<string, string> = {}) => {
      if (response.headersSent) return;
      const isPage = 'html' in answer;
      response.writeHead(answer.status, {
        'content-type': isPage ? 'text/html; charset=utf-8' : 'application/json',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(isPage ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:", 'x-frame-options': 'DENY' } : {}),
        ...headers,
      });
      response.end(isPage ? answer.html : JSON.stringify(answer.json));
    };
    const refuse = (status: number, error: string) => {
      // What the client still sends of a refused body is discarded, not buffered, and the connection closed after the answer.
      const unread = !request.complete;
      if (unread) request.resume();
      reply({ status, json: { error } }, unread ? { connection: 'close' } : {});
    };

    const handle = async (): Promise<void> => {
      const url = new URL(request.url ?? '/', 'http://operator.invalid');
      const session = dependencies.access.openSession(request, url);
      if (session) return reply({ status: session.status, json: session.body }, session.headers);
      dependencies.access.check(request);
      if (request.method === 'GET' && dependencies.status) {
        const page = await answerStatusRequest(dependencies.status, url.pathname, url.searchParams);
        if (page) return reply(page.contentType.startsWith('text/html') ? { status: page.status, html: page.body } : { status: page.status, json: JSON.parse(page.body) });
      }
      const route = `${request.method} ${url.pathname}`;
      const handler = routes.get(route);
      if (!handler) return refuse(404, `no route ${route}`);
      const body = request.method === 'POST' ? await readJsonBody(request, dependencies) : undefined;
      reply(await handler({ url, body }));
    };

    handle().catch((error: Error) => {
      if (error instanceof OperatorRefusal || error instanceof BadOperatorRequest) return refuse(error.status, error.message);
      if (isCallerMistake(error)) return refuse(400, error.message);
      if (error instanceof WarehouseError && /interrupted after/.test(error.message)) return refuse(503, error.message);
      refuse(500, error.message);
    });
  });
}

async function runStatus(dependencies: ClusterOpsDependencies, url: URL): Promise<OperatorReply> {
  const single = (name: string): string => {
    const values = url.searchParams.getAll(name);
    if (values.length !== 1) throw new BadOperatorRequest(400, `${name} must be given exactly once`);
    return values[0];
  };
  const correlationId = single('correlation_id');
  const [from, to, deadLettersSince] = ['from', 'to', 'dead_letters_since'].map(single);
  if (!isUsableCorrelationId(correlationId)) throw new BadOperatorRequest(400, 'correlation_id is not a usable correlation id');
  for (const [name, value] of [['from', from], ['to', to], ['dead_letters_since', deadLettersSince]]) {
    if (!isCalendarDate(value)) throw new BadOperatorRequest(400, `${name} must be a calendar date YYYY-MM-DD`);
  }
  if (to < from) throw new BadOperatorRequest(400, 'to must not be before from');
  // Runs are partitioned by game date, dead letters by the day they were written.
  const today = new Date().toISOString().slice(0, 10);
  // The relay is read before the runs: when it had nothing left to deliver, every run it carried
  // had ended before the runs are read, so an idle relay never comes with a run still 'running'.
  const relay = dependencies.relay?.status() ?? null;
  const body: RunStatusResponse = {
    runs: await dependencies.findRuns(correlationId, from, to),
    scraper_runs: await dependencies.findScraperRuns(correlationId, from, to),
    dead_letters: await dependencies.deadLetters.findByCorrelationId(correlationId, deadLettersSince, today),
    relay,
    ...(dependencies.findLatestFinishedRuns ? { earlier_runs: await dependencies.findLatestFinishedRuns(from, to) } : {}),
  };
  return { status: 200, json: body };
}

async function query(dependencies: ClusterOpsDependencies, body: unknown): Promise<OperatorReply> {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body) : [];
  const { sql, params } = (body ?? {}) as { sql?: unknown; params?: unknown };
  if (typeof sql !== 'string' || fields.some((field) => field !== 'sql' && field !== 'params')) {
    throw new BadOperatorRequest(400, 'body must be {"sql": "<one SELECT>", "params"?: {...}} and nothing else');
  }
  const scalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params) || !Object.values(params).every(scalar))) {
    throw new BadOperatorRequest(400, 'params must be an object of strings, numbers and booleans');
  }
  const options = params === undefined ? dependencies.queryLimits : { ...dependencies.queryLimits, params: params as Record<string, string | number | boolean> };
  const result: OperatorQueryResponse = await dependencies.warehouse.queryReadOnly(sql, options);
  return { status: 200, json: result };
}

/** DuckDB's own words for a statement the caller got wrong (a missing table, a bad cast), not a failure of ours. */
const CALLER_MISTAKE_IN_DUCKDB = /(Binder|Catalog|Parser|Conversion|Invalid Input|Out of Range|Not implemented) Error/;

function isCallerMistake(error: Error): boolean {
  if ([ReadOnlyQueryRefusedError, PartitionFilterMissingError, QueryParameterError, JsonLimitError, SyntaxError].some((type) => error instanceof type)) return true;
  return error instanceof WarehouseError && error.operation === 'queryReadOnly' && CALLER_MISTAKE_IN_DUCKDB.test(error.message);
}

async function readJsonBody(request: http.IncomingMessage, limits: Pick<ClusterOpsDependencies, 'bodyLimitBytes' | 'jsonMaxDepth'>): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') throw new BadOperatorRequest(415, `content-type must be application/json, got ${type || 'none'}`);
  const declared = Number(request.headers['content-length']);
  if (declared > limits.bodyLimitBytes) throw new BadOperatorRequest(413, `body of ${declared} bytes is over the ${limits.bodyLimitBytes}-byte limit (REQUEST_BODY_LIMIT_BYTES)`);
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limits.bodyLimitBytes) throw new BadOperatorRequest(413, `body is over the ${limits.bodyLimitBytes}-byte limit (REQUEST_BODY_LIMIT_BYTES)`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = parseJsonWithinLimits(text, limits.jsonMaxDepth);
  } catch (error) {
    throw new BadOperatorRequest(400, `body is not acceptable JSON: ${(error as Error).message}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadOperatorRequest(400, 'body must be a JSON object');
  return body;
}
