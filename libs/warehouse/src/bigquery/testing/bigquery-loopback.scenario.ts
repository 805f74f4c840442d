import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';
import { contractTables } from '../../testing/contract-tables.fixture';
import { BigQueryWarehouse } from '../bigquery.warehouse';

/**
 * Drives BigQueryWarehouse through the real @google-cloud/bigquery client against a loopback server
 * that records every request and answers like BigQuery, then prints what went over the wire as JSON.
 * Runs in its own Node process: the client's HTTP layer loads node-fetch with a dynamic import(),
 * which Jest's module sandbox refuses.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  body: string;
}

export interface LoopbackReport {
  upsert: RecordedRequest[];
  insertIfAbsent: { requests: RecordedRequest[]; result: unknown };
  query: { requests: RecordedRequest[]; rows: unknown };
  /** migrate() on a contract_games that lacks two declared columns and has one undeclared. */
  evolve: { driftBefore: unknown; requests: RecordedRequest[]; driftAfter: unknown };
  /** migrate() on a contract_games whose points column is a STRING. */
  retyped: { error: string; requests: RecordedRequest[] };
  /** A query and a MERGE inside a run, on a warehouse with labels and a bytes cap. */
  labelled: RecordedRequest[];
}

/**
 * Hand-made: the schema of an existing contract_games as tables.get answers it (BigQuery's legacy
 * type names), older than the declaration: no spread, no box_score, and a column since undeclared.
 */
const OLDER_GAMES_FIELDS = [
  { name: 'game_id', type: 'STRING', mode: 'REQUIRED' },
  { name: 'game_date', type: 'DATE', mode: 'REQUIRED' },
  { name: 'home_team', type: 'STRING', mode: 'REQUIRED' },
  { name: 'points', type: 'INTEGER', mode: 'NULLABLE' },
  { name: 'final', type: 'BOOLEAN', mode: 'NULLABLE' },
  { name: 'tipoff_at', type: 'TIMESTAMP', mode: 'NULLABLE' },
  { name: 'legacy_note', type: 'STRING', mode: 'NULLABLE' },
];

const JOB = { jobReference: { projectId: 'test-project', jobId: 'job-1', location: 'US' }, status: { state: 'DONE' } };

/** Tables the loopback holds: qualified name → schema fields (what tables.get answers). */
type LoopbackTables = Map<string, unknown[]>;

function recordingServer(recorded: RecordedRequest[], affectedRows: () => number, tables: LoopbackTables = new Map()): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0];
      recorded.push({ method: request.method ?? '', path, body });
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (path.includes('/queries/')) {
        // What BigQuery returns for one row of each awkward type (timestamps as int64 microseconds).
        const fields = [
          { name: 'day', type: 'DATE' },
          { name: 'n', type: 'INTEGER' },
          { name: 'big', type: 'INTEGER' },
          { name: 'at', type: 'TIMESTAMP' },
          { name: 'doc', type: 'JSON' },
        ];
        const values = ['2024-01-15', '5', '9007199254740993', '1705312800123456', '{"a":[1]}'];
        const rows = [{ f: values.map((v) => ({ v })) }];
        return reply(200, { ...JOB, jobComplete: true, totalRows: '1', schema: { fields }, rows });
      }
      if (path.includes('/jobs')) return reply(200, { ...JOB, statistics: { query: { numDmlAffectedRows: String(affectedRows()) } } });
      const dataset = /\/datasets\/([^/]+)$/.exec(path);
      if (request.method === 'GET' && dataset) return reply(200, { datasetReference: { projectId: 'test-project', datasetId: dataset[1] } });
      const table = /\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(path);
      if (table && (request.method === 'GET' || request.method === 'PATCH')) {
        const name = `${table[1]}.${table[2]}`;
        if (!tables.has(name)) return reply(404, { error: { code: 404, message: `Not found: Table test-project:${name}` } });
        if (request.method === 'PATCH') tables.set(name, (JSON.parse(body) as { schema: { fields: unknown[] } }).schema.fields);
        const tableReference = { projectId: 'test-project', datasetId: table[1], tableId: table[2] };
        return reply(200, { tableReference, schema: { fields: tables.get(name) } });
      }
      if (request.method === 'POST' && path.endsWith('/tables')) return reply(200, JSON.parse(body));
      if (request.method === 'DELETE') return reply(204, {});
      return reply(404, { error: { code: 404, message: `not faked: ${request.method} ${path}` } });
    });
  });
}

async function main(): Promise<void> {
  const { games, claims } = contractTables();
  const recorded: RecordedRequest[] = [];
  let affected = 1;
  const tables: LoopbackTables = new Map();
  const server = recordingServer(recorded, () => affected, tables);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'loopback-token', expiry_date: Date.now() + 3_600_000 });
    const client = new BigQuery({
      projectId: 'test-project',
      location: 'US',
      apiEndpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      authClient,
      autoRetry: false,
    });
    const warehouse = new BigQueryWarehouse({ projectId: 'test-project', location: 'US', client, tables: [games, claims] });
    const take = () => recorded.splice(0, recorded.length);

    await warehouse.upsert(games, [
      { game_id: 'g1', game_date: '2024-01-15', home_team: 'BOS', box_score: { q: [1] } },
      { game_id: 'g2', game_date: '2024-01-16', home_team: 'LAL' },
    ]);
    const upsert = take();

    affected = 0;
    const claim = { claim_key: 'k', owner: 'o', claimed_at: new Date('2024-01-15T00:00:00Z') };
    const insertIfAbsent = { result: await warehouse.insertIfAbsent(claims, claim), requests: take() };

    const query = { rows: await warehouse.query('SELECT CAST(@day AS DATE) AS day', { day: '2024-01-15' }), requests: take() };

    tables.set('nba_raw.contract_games', OLDER_GAMES_FIELDS);
    const driftBefore = await warehouse.schemaDrift([games]);
    take();
    await warehouse.migrate([games]);
    const evolve = { driftBefore, requests: take(), driftAfter: await warehouse.schemaDrift([games]) };
    take();

    tables.set('nba_raw.contract_games', OLDER_GAMES_FIELDS.map((field) => (field.name === 'points' ? { ...field, type: 'STRING' } : field)));
    const retypedError = await warehouse.migrate([games]).then(
      () => 'migrate did not fail',
      (error: Error) => error.message,
    );
    const retyped = { error: retypedError, requests: take() };

    const labelledWarehouse = new BigQueryWarehouse({
      projectId: 'test-project',
      location: 'US',
      client,
      tables: [games, claims],
      maximumBytesBilled: 5_000_000_000,
      jobLabels: () => ({ app: 'nba-props', service: 'phase3-analytics', phase: 3, run_id: '6F1C2A9E-0B7D-4C1E-9A55-3E2D1B0C9F88' }),
    });
    await labelledWarehouse.query('SELECT CAST(@day AS DATE) AS day', { day: '2024-01-15' });
    affected = 1;
    await labelledWarehouse.insertIfAbsent(claims, claim);
    const labelled = take();

    const report: LoopbackReport = { upsert, insertIfAbsent, query, evolve, retyped, labelled };
    process.stdout.write(JSON.stringify(report));
  } finally {
    server.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
