import { IncomingHttpHeaders } from 'node:http';
import { GameVisibility } from './fault.injector';

/** Each upstream's prefix on the replay server; the upstream's own paths follow it. */
export const REPLAY_SOURCES = [
  'balldontlie',
  'nba-stats',
  'nba-cdn',
  'espn',
  'odds-api',
  'bigdataball',
  'nba-injury-report',
  'nba-referee-assignments',
] as const;
export type ReplaySource = (typeof REPLAY_SOURCES)[number];

export function isReplaySource(value: string): value is ReplaySource {
  return (REPLAY_SOURCES as readonly string[]).includes(value);
}

export interface ReplayRequest {
  source: ReplaySource;
  method: string;
  /** The upstream's path, after the source prefix ('/nba/v1/stats'). */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The replay clock at the time of the request. */
  now: Date;
  /** The replay server's own origin ('http://127.0.0.1:8091'), for absolute URLs in responses. */
  origin: string;
  visibility: GameVisibility;
}

export interface ReplayResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string or a Buffer (sent as is with `contentType`). */
  body: unknown;
  contentType?: string;
}

export type RouteHandler = (request: ReplayRequest) => ReplayResponse;

export interface Route {
  method: 'GET';
  pattern: RegExp;
  handler: RouteHandler;
}

export interface SourceRoutes {
  source: ReplaySource;
  routes: Route[];
  /** The upstream's own answer to a path it does not have. */
  notFound: RouteHandler;
}

export function get(pattern: RegExp, handler: RouteHandler): Route {
  return { method: 'GET', pattern, handler };
}

export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): ReplayResponse {
  return { status, body, headers };
}

export function textResponse(status: number, body: string, contentType: string, headers?: Record<string, string>): ReplayResponse {
  return { status, body, contentType, headers };
}

/** The matching route of a source and its named path parameters, or undefined. */
export function matchRoute(routes: SourceRoutes, method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes.routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: { ...(match.groups ?? {}) } };
  }
  return undefined;
}

/** Every value of a repeated query parameter given as `name[]`, `name` or `name[0]`. */
export function queryList(query: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of query) {
    if (key === `${name}[]` || key === name || new RegExp(`^${name}\\[\\d+\\]$`).test(key)) values.push(value);
  }
  return values;
}

/** Query parameter lookup ignoring case, as NBA.com's stats API does ('GameID' or 'gameid'). */
export function queryParamIgnoringCase(query: URLSearchParams, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [key, value] of query) if (key.toLowerCase() === lower) return value;
  return null;
}

export function serialiseBody(response: ReplayResponse): { bytes: Buffer; contentType: string } {
  if (Buffer.isBuffer(response.body)) return { bytes: response.body, contentType: response.contentType ?? 'application/octet-stream' };
  if (typeof response.body === 'string') return { bytes: Buffer.from(response.body, 'utf8'), contentType: response.contentType ?? 'text/plain; charset=utf-8' };
  return { bytes: Buffer.from(JSON.stringify(response.body), 'utf8'), contentType: response.contentType ?? 'application/json; charset=utf-8' };
}
