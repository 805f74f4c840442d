import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One scripted answer, used by exactly one request, in order. */
export type ScriptedAnswer =
  | { status: number; headers?: Record<string, string>; body?: string | Buffer | object }
  /** Never answers: the client's timeout has to fire. */
  | { hang: true }
  /** Promises `declaredLength` bytes, sends `body`, then drops the connection. */
  | { cutOff: true; body: string; declaredLength: number };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A real HTTP server on 127.0.0.1 with a random port, answering from a per-test script, so the
 * client under test goes through real sockets, real timeouts and real axios parsing.
 */
export class ScriptedHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly answers: ScriptedAnswer[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<ScriptedHttpServer> {
    const server = http.createServer();
    const scripted = new ScriptedHttpServer(server);
    server.on('request', (request, response) => scripted.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return scripted;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  script(...answers: ScriptedAnswer[]): this {
    this.answers.push(...answers);
    return this;
  }

  async close(): Promise<void> {
    // Hanging answers keep their sockets open; without this close() would wait for them forever.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    this.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    const answer = this.answers.shift();
    if (!answer) {
      // A 418 is not retried, so an unscripted request fails its test at once and says why.
      response.writeHead(418, { 'content-type': 'text/plain' }).end(`no scripted answer for request ${this.requests.length}: ${request.url}`);
      return;
    }
    if ('hang' in answer) return;
    if ('cutOff' in answer) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(answer.declaredLength) });
      response.write(answer.body, () => response.socket?.destroy());
      return;
    }
    const body = answer.body === undefined ? '' : typeof answer.body === 'string' || Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body);
    response
      .writeHead(answer.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...answer.headers })
      .end(body);
  }
}

/**
 * The injected clock of a test: sleeping records the delay and moves virtual time forward at
 * once, so backoffs, Retry-After waits and cool-downs cost nothing and can be asserted exactly.
 */
export class RecordingClock {
  readonly sleeps: number[] = [];
  nowMs: number;

  constructor(startMs = Date.parse('2025-11-05T18:00:00Z'), private readonly randomValue = 0.5) {
    this.nowMs = startMs;
  }

  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.nowMs += ms;
  };

  readonly now = (): number => this.nowMs;

  readonly random = (): number => this.randomValue;

  advance(ms: number): void {
    this.nowMs += ms;
  }
}
