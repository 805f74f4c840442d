import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LocalPushRelay } from '@lib/messaging';
import { Clock, ManualClock, closeInfrastructure, createInfrastructure, Infrastructure, loadPlatformConfig } from '@lib/platform';
import { UpstreamClients } from '../../upstreams/upstream-clients';
import { ScraperExecutionLogRepository } from '../scraper-execution-log.repository';
import { ScraperRunner } from '../scraper.runner';

export interface FixtureAnswer {
  status: number;
  body: string | Buffer;
  contentType: string;
}

/**
 * One loopback HTTP server that stands in for an upstream (answers each path it was given, 404 for
 * the rest, as a CDN does) and for phase 2's push endpoint (records every completion message).
 */
export class FixtureServer {
  readonly requests: string[] = [];
  readonly completions: Array<Record<string, unknown>> = [];
  private readonly answers = new Map<string, FixtureAnswer>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FixtureServer> {
    const server = http.createServer();
    const fixture = new FixtureServer(server);
    server.on('request', (request, response) => fixture.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fixture;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  serve(requestPath: string, answer: FixtureAnswer): this {
    this.answers.set(requestPath, answer);
    return this;
  }

  reset(): void {
    this.answers.clear();
    this.requests.length = 0;
    this.completions.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/pubsub') {
        const envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { message: { data: string } };
        this.completions.push(JSON.parse(Buffer.from(envelope.message.data, 'base64').toString('utf8')) as Record<string, unknown>);
        response.writeHead(204).end();
        return;
      }
      this.requests.push(request.url ?? '');
      const answer = this.answers.get(request.url ?? '') ?? { status: 404, body: 'Not Found', contentType: 'text/plain' };
      response.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(Buffer.byteLength(answer.body)) }).end(answer.body);
    });
  }
}

/** A clock standing still at a chosen instant (retry waits are recorded, not walked). */
export class StillClock extends ManualClock {
  constructor(instant: Date) {
    super(instant);
  }
}

export interface ScraperRunHarness {
  runner: ScraperRunner;
  infrastructure: Infrastructure;
  /** Resolves once every completion message has reached the fixture server. */
  delivered(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real ScraperRunner over a fresh DuckDB file and local object store, with every upstream base
 * URL given and phase 2's push endpoint on the fixture server.
 */
export async function scraperRunHarness(fixture: FixtureServer, clock: Clock, settings: Record<string, string> = {}): Promise<ScraperRunHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scraper-run-'));
  const config = loadPlatformConfig({ DATA_DIR: dataDir, UPSTREAM_TIMEOUT_MS: '2000', RELAY_MAX_ATTEMPTS: '1', LOG_LEVEL: 'error', ...settings });
  const infrastructure = await createInfrastructure(config, { relayEndpoints: { 'phase2-raw': fixture.url } });
  const runner = new ScraperRunner(
    new UpstreamClients(config, clock),
    new ScraperExecutionLogRepository(infrastructure.warehouse),
    infrastructure.objectStore,
    infrastructure.publisher,
  );
  return {
    runner,
    infrastructure,
    delivered: () => (infrastructure.publisher as LocalPushRelay).whenIdle(),
    close: async () => {
      await closeInfrastructure(infrastructure);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
