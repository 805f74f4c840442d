import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

/** Name of the cookie a browser holds the token in, once it opened GET /session?token=…. */
export const OPERATOR_TOKEN_COOKIE = 'ops_token';

/** A request the operator endpoint will not serve; the message never contains the presented token. */
export class OperatorRefusal extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'OperatorRefusal';
  }
}

/** A fresh random token in DATA_DIR, readable by this user only (the file is replaced at every cluster start). */
export function writeOperatorToken(file: string): string {
  const token = randomBytes(32).toString('base64url');
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

export function readOperatorToken(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return fs.readFileSync(file, 'utf8').trim() || undefined;
}

/**
 * Who may use the operator endpoint: a request to one of its own host names (a DNS-rebound name is
 * refused), not sent by a page of another origin, carrying the token from DATA_DIR. The CLI tools send
 * it as `Authorization: Bearer`; a browser (the status page) gets it as an HttpOnly, SameSite=Strict
 * cookie by opening `GET /session?token=…` once, which then redirects to `/status`.
 */
export class OperatorAccess {
  private readonly allowedHosts: ReadonlySet<string>;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(
    private readonly token: string,
    listenHost: string,
    port: number,
  ) {
    const names = new Set([listenHost, 'localhost', '127.0.0.1', '[::1]']);
    this.allowedHosts = new Set([...names].map((name) => `${name}:${port}`));
    this.allowedOrigins = new Set([...this.allowedHosts].map((host) => `http://${host}`));
  }

  /** Throws OperatorRefusal unless the request may be served. */
  check(request: http.IncomingMessage): void {
    this.checkWhereFrom(request);
    const presented = bearerToken(request.headers.authorization) ?? cookieToken(request.headers.cookie);
    if (!presented || !this.matches(presented)) {
      throw new OperatorRefusal(401, 'a valid operator token is required: send "Authorization: Bearer <token>", the token being the contents of DATA_DIR/ops-token');
    }
  }

  /** GET /session?token=…: trades a valid token for the cookie, then sends the browser to the status page. */
  openSession(request: http.IncomingMessage, url: URL): { status: number; body: unknown; headers: Record<string, string> } | undefined {
    if (request.method !== 'GET' || url.pathname !== '/session') return undefined;
    this.checkWhereFrom(request);
    const presented = url.searchParams.get('token');
    if (!presented || !this.matches(presented)) throw new OperatorRefusal(401, 'GET /session needs ?token= with the contents of DATA_DIR/ops-token');
    return {
      status: 303,
      body: { session: 'opened' },
      headers: { location: '/status', 'set-cookie': `${OPERATOR_TOKEN_COOKIE}=${presented}; HttpOnly; SameSite=Strict; Path=/` },
    };
  }

  private checkWhereFrom(request: http.IncomingMessage): void {
    const host = request.headers.host ?? '';
    if (!this.allowedHosts.has(host.toLowerCase())) {
      throw new OperatorRefusal(403, `Host ${JSON.stringify(host.slice(0, 100))} is not this endpoint (one of ${[...this.allowedHosts].join(', ')})`);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !this.allowedOrigins.has(origin.toLowerCase())) {
      throw new OperatorRefusal(403, 'cross-origin requests are refused');
    }
    const fetchSite = request.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site' || fetchSite === 'same-site') throw new OperatorRefusal(403, 'cross-origin requests are refused');
  }

  private matches(presented: string): boolean {
    const expected = Buffer.from(this.token);
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === OPERATOR_TOKEN_COOKIE) return value.join('=');
  }
  return undefined;
}
