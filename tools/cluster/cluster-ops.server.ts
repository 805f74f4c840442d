import http from 'node:http';
import { DeadLetterRepository, LocalPushRelay, RelayStatus } from '@lib/messaging';
import { PhaseExecutionRecord } from '@lib/platform';
import { PartitionFilterMissingError, QueryParameterError, Warehouse } from '@lib/warehouse';
import type { ScraperRunRecord } from '../../apps/phase1-scrapers/src/scraping/scraper-execution-log.repository';
import { assertReadOnlySql, ReadOnlyViolationError } from '../query/read-only-sql';

export interface RunStatusResponse {
  runs: PhaseExecutionRecord[];
  scraper_runs: ScraperRunRecord[];
  dead_letters: Awaited<ReturnType<DeadLetterRepository['findByCorrelationId']>>;
  relay: RelayStatus | null;
  /** The latest finished run of each phase and date under any correlation id: work an earlier command already did. */
  earlier_runs?: PhaseExecutionRecord[];
}

export interface ClusterOpsDependencies {
  warehouse: Warehouse;
  deadLetters: DeadLetterRepository;
  relay: LocalPushRelay | null;
  findRuns: (correlationId: string, from: string, to: string) => Promise<PhaseExecutionRecord[]>;
  findLatestFinishedRuns?: (from: string, to: string) => Promise<PhaseExecutionRecord[]>;
  findScraperRuns: (correlationId: string, from: string, to: string) => Promise<ScraperRunRecord[]>;
  describe: () => Record<string, unknown>;
}

/**
 * The local cluster's operator endpoint on loopback: read-only SQL for `npm run query`, and run
 * status for `npm run pipeline`, so both can use a running cluster instead of fighting it for the
 * DuckDB file (one process may hold it for writing).
 */
export function createClusterOpsServer(dependencies: ClusterOpsDependencies): http.Server {
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const route = `${request.method} ${url.pathname}`;
    const handle = async (): Promise<void> => {
      if (route === 'GET /cluster') return reply(200, dependencies.describe());
      if (route === 'GET /runs') {
        const correlationId = url.searchParams.get('correlation_id');
        const from = url.searchParams.get('from');
        const to = url.searchParams.get('to');
        const deadLettersSince = url.searchParams.get('dead_letters_since');
        if (!correlationId || !from || !to || !deadLettersSince) {
          return reply(400, { error: 'correlation_id, from, to and dead_letters_since are required' });
        }
        // Runs are partitioned by game date, dead letters by the day they were written.
        const today = new Date().toISOString().slice(0, 10);
        const body: RunStatusResponse = {
          runs: await dependencies.findRuns(correlationId, from, to),
          scraper_runs: await dependencies.findScraperRuns(correlationId, from, to),
          dead_letters: await dependencies.deadLetters.findByCorrelationId(correlationId, deadLettersSince, today),
          relay: dependencies.relay?.status() ?? null,
          ...(dependencies.findLatestFinishedRuns ? { earlier_runs: await dependencies.findLatestFinishedRuns(from, to) } : {}),
        };
        return reply(200, body);
      }
      if (route === 'POST /query') {
        const { sql } = JSON.parse(await readBody(request)) as { sql?: unknown };
        if (typeof sql !== 'string') return reply(400, { error: 'body must be {"sql": "..."}' });
        return reply(200, { rows: await dependencies.warehouse.query(assertReadOnlySql(sql)) });
      }
      return reply(404, { error: `no route ${route}` });
    };
    const isCallerMistake = (error: Error) =>
      [ReadOnlyViolationError, SyntaxError, PartitionFilterMissingError, QueryParameterError].some((type) => error instanceof type);
    handle().catch((error: Error) => reply(isCallerMistake(error) ? 400 : 500, { error: error.message }));
  });
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
