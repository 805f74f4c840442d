import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { balldontlieRoutes } from './balldontlie.routes';
import { bigDataBallRoutes, readBigDataBallFiles } from './bigdataball.routes';
import { ClockRevealLayer, readInjuryReportFiles } from './clock-reveal.layer';
import { espnRoutes } from './espn.routes';
import { FaultDecision, FaultInjector, FaultRule, FaultRuleStatus, InvalidFaultRuleError } from './fault.injector';
import { nbaCdnRoutes } from './nba-cdn.routes';
import { nbaStatsRoutes } from './nba-stats.routes';
import { injuryReportRoutes, refereeAssignmentRoutes } from './nba-unbundled.routes';
import { OddsApiQuota, oddsApiRoutes } from './odds-api.routes';
import { isReplaySource, matchRoute, REPLAY_SOURCES, ReplayResponse, ReplaySource, serialiseBody, SourceRoutes } from './replay.http';
import { loggableQuery, RequestLog, RequestLogEntry } from './request.log';
import { loadSeasonData, SeasonData } from './season-data.loader';

export interface ReplayServerOptions {
  /** The season folder (games.csv, player_box.csv, props CSVs). */
  dataDir: string;
  /** Raw upstream samples; default `<dataDir>/../samples`. */
  samplesDir?: string;
  /** BigDataBall CSV files to serve; default `<dataDir>/bigdataball`. */
  bigdataballDir?: string;
  /** NBA.com injury report PDFs to serve from the times their names state (none bundled). */
  injuryReportDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Fault rules in force from the start (same JSON as REPLAY_FAULTS). */
  faults?: FaultRule[];
  /** The replay clock; default real time. */
  now?: () => Date;
  /** The Odds API usage quota the x-requests-* headers count down from; default 20,000. */
  oddsApiQuota?: number;
}

export interface ReplayServer {
  /** 'http://127.0.0.1:PORT' */
  url: string;
  port: number;
  /** Base URL of each upstream ('http://127.0.0.1:PORT/espn', …). */
  sourceUrls: Record<ReplaySource, string>;
  season: SeasonData;
  close(): Promise<void>;
  /** Replaces the fault rules (and their counters). Throws InvalidFaultRuleError on a bad rule. */
  setFaults(rules: FaultRule[] | unknown): Array<FaultRule & { id: string }>;
  clearFaults(): void;
  faults(): FaultRuleStatus[];
  requests(): RequestLogEntry[];
  clearRequests(): void;
}

const CONTROL_PREFIX = '__replay';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: Buffer, contentType: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': String(body.length) });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, Buffer.from(JSON.stringify(body), 'utf8'), 'application/json; charset=utf-8');
}

/** The upstream's path and query, decoded, as fault rules match them ('/nba/v1/stats?dates[]=2025-11-05'). */
function faultTarget(upstreamPath: string, search: string): string {
  try {
    return decodeURIComponent(upstreamPath + search);
  } catch (error) {
    if (error instanceof URIError) return upstreamPath + search;
    throw error;
  }
}

/**
 * Starts the replay server: the bundled season served in each upstream's own shape under its own
 * prefix, with fault injection and a request log. Resolves once it listens.
 */
export async function createReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const season = loadSeasonData({ dataDir: options.dataDir, samplesDir: options.samplesDir });
  const files = readBigDataBallFiles(options.bigdataballDir ?? path.join(season.dataDir, 'bigdataball'), season);
  const injector = new FaultInjector(options.faults ?? []);
  const log = new RequestLog();
  const quota = new OddsApiQuota(options.oddsApiQuota ?? 20_000);
  let pinnedNow: Date | null = null;
  const clock = (): Date => pinnedNow ?? options.now?.() ?? new Date();
  const reveal = new ClockRevealLayer(season, clock, readInjuryReportFiles(options.injuryReportDir));

  const routes = new Map<ReplaySource, SourceRoutes>(
    [
      balldontlieRoutes(season),
      nbaStatsRoutes(season),
      nbaCdnRoutes(season),
      espnRoutes(season),
      oddsApiRoutes(reveal.season, quota),
      bigDataBallRoutes(files),
      injuryReportRoutes(),
      refereeAssignmentRoutes(),
    ].map((sourceRoutes) => [sourceRoutes.source, sourceRoutes]),
  );

  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  let origin = '';

  async function handleControl(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const resource = url.pathname.slice(CONTROL_PREFIX.length + 2).replace(/\/$/, '');
    const method = request.method ?? 'GET';
    if (resource === 'faults' && method === 'GET') return sendJson(response, 200, { rules: injector.status() });
    if (resource === 'faults' && (method === 'POST' || method === 'PUT')) {
      const text = await readBody(request);
      try {
        return sendJson(response, 200, { rules: injector.set(JSON.parse(text)) });
      } catch (error) {
        if (error instanceof SyntaxError || error instanceof InvalidFaultRuleError) return sendJson(response, 400, { error: error.message });
        throw error;
      }
    }
    if (resource === 'faults' && method === 'DELETE') {
      injector.clear();
      return sendJson(response, 200, { rules: [] });
    }
    if (resource === 'requests' && method === 'GET') return sendJson(response, 200, log.list());
    if (resource === 'requests' && method === 'DELETE') {
      log.clear();
      return sendJson(response, 200, []);
    }
    if (resource === 'clock' && method === 'GET') return sendJson(response, 200, { now: clock().toISOString(), pinned: pinnedNow !== null, reveals: reveal.describe() });
    if (resource === 'clock' && method === 'PUT') {
      const text = await readBody(request);
      let body: { now?: unknown };
      try {
        body = JSON.parse(text) as { now?: unknown };
      } catch (error) {
        return sendJson(response, 400, { error: (error as Error).message });
      }
      if (body.now === null) pinnedNow = null;
      else if (typeof body.now === 'string' && !Number.isNaN(Date.parse(body.now))) pinnedNow = new Date(body.now);
      else return sendJson(response, 400, { error: 'now must be an ISO date-time or null' });
      return sendJson(response, 200, { now: clock().toISOString(), pinned: pinnedNow !== null });
    }
    if (resource === '' && method === 'GET') return sendJson(response, 200, { sources: sourceUrls(origin), loadMs: season.loadMs, games: season.games.length });
    return sendJson(response, 404, { error: `no control endpoint ${method} /${CONTROL_PREFIX}/${resource}` });
  }

  function answer(response: ServerResponse, entry: RequestLogEntry, reply: ReplayResponse, decision: FaultDecision, started: number): void {
    const { bytes: whole, contentType } = serialiseBody(reply);
    const bytes = decision.truncateFraction === undefined ? whole : whole.subarray(0, Math.floor(whole.length * decision.truncateFraction));
    entry.status = reply.status;
    entry.outcome = decision.applied.length > 0 ? 'fault' : 'served';
    entry.faults = [...decision.applied];
    entry.durationMs = Date.now() - started;
    send(response, reply.status, bytes, contentType, reply.headers);
  }

  async function handleUpstream(request: IncomingMessage, response: ServerResponse, url: URL, source: ReplaySource): Promise<void> {
    const started = Date.now();
    const now = clock();
    const upstreamPath = url.pathname.slice(source.length + 1) || '/';
    const decision = injector.evaluate(source, faultTarget(upstreamPath, url.search));
    const entry = log.start({
      receivedAt: new Date(started).toISOString(),
      replayNow: now.toISOString(),
      method: request.method ?? 'GET',
      source,
      path: upstreamPath,
      query: loggableQuery(url.searchParams),
      faults: decision.applied,
    });
    if (decision.latencyMs > 0) await wait(decision.latencyMs);
    const action = decision.action;
    if (action?.kind === 'timeout') {
      entry.faults = [...decision.applied];
      await wait(action.holdMs);
      entry.outcome = 'dropped';
      entry.durationMs = Date.now() - started;
      request.socket.destroy();
      return;
    }
    if (action?.kind === 'error') {
      const body = action.body ?? JSON.stringify({ error: http.STATUS_CODES[action.status] ?? 'Error', replay_fault: action.ruleId });
      return answer(response, entry, { status: action.status, body, contentType: 'application/json; charset=utf-8' }, decision, started);
    }
    if (action?.kind === 'rate_limit') {
      const body = { error: 'Too Many Requests', replay_fault: action.ruleId };
      return answer(response, entry, { status: 429, body, headers: { 'retry-after': action.retryAfter } }, decision, started);
    }
    const sourceRoutes = routes.get(source)!;
    const replayRequest = {
      source,
      method: request.method ?? 'GET',
      path: upstreamPath,
      query: url.searchParams,
      params: {},
      headers: request.headers,
      now,
      origin,
      visibility: decision.visibility,
    };
    const matched = matchRoute(sourceRoutes, replayRequest.method, upstreamPath);
    const reply =
      reveal.answer(source, replayRequest) ??
      (matched ? matched.route.handler({ ...replayRequest, params: matched.params }) : sourceRoutes.notFound(replayRequest));
    answer(response, entry, reply, decision, started);
  }

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://replay.invalid');
    const prefix = url.pathname.split('/')[1] ?? '';
    const handled =
      prefix === CONTROL_PREFIX
        ? handleControl(request, response, url)
        : isReplaySource(prefix)
          ? handleUpstream(request, response, url, prefix)
          : Promise.resolve(sendJson(response, 404, { error: `unknown upstream prefix /${prefix}`, sources: [...REPLAY_SOURCES] }));
    handled.catch((error: Error) => {
      if (!response.headersSent) sendJson(response, 500, { error: `replay server error: ${error.message}` });
      else response.destroy(error);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    url: origin,
    port: address.port,
    sourceUrls: sourceUrls(origin),
    season,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    setFaults: (rules) => injector.set(rules),
    clearFaults: () => injector.clear(),
    faults: () => injector.status(),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
  };
}

export function sourceUrls(origin: string): Record<ReplaySource, string> {
  return Object.fromEntries(REPLAY_SOURCES.map((source) => [source, `${origin}/${source}`])) as Record<ReplaySource, string>;
}
