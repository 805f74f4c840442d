import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoopbackReport } from './testing/bigquery-loopback.scenario';

const SCENARIO = join(__dirname, 'testing', 'bigquery-loopback.scenario.ts');

// Loads the TypeScript scenario in a plain Node process, compiled by the repo's own swc.
const RUN_TYPESCRIPT = `
const swc = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformFileSync(filename, {
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  module._compile(code, filename);
};
require(process.argv[1]);
`;

/** The path with generated ids (staging table, job) replaced, so sequences compare exactly. */
const shape = (request: { method: string; path: string }) =>
  `${request.method} ${request.path.replace(/_staging_\w+/, '<staging>').replace(/(jobs|queries)\/[\w-]+/, '$1/<id>')}`;

describe('BigQueryWarehouse through the real BigQuery client, on a loopback server', () => {
  let report: LoopbackReport;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', RUN_TYPESCRIPT, SCENARIO], {
      cwd: join(__dirname, '..', '..', '..', '..'),
      timeout: 20_000,
    });
    report = JSON.parse(stdout);
  }, 30_000);

  it('upsert sends a staging table, an uploaded load job, a MERGE and a drop — never insertAll', () => {
    expect(report.upsert.map(shape)).toEqual([
      'POST /bigquery/v2/projects/test-project/datasets/nba_orchestration/tables',
      'POST /upload/bigquery/v2/projects/test-project/jobs',
      'GET /bigquery/v2/projects/test-project/jobs/<id>',
      'POST /bigquery/v2/projects/test-project/jobs',
      'GET /bigquery/v2/projects/test-project/queries/<id>',
      'GET /bigquery/v2/projects/test-project/jobs/<id>',
      'DELETE /bigquery/v2/projects/test-project/datasets/nba_orchestration/tables/<staging>',
    ]);
    expect(report.upsert.some((request) => request.path.includes('insertAll'))).toBe(false);
  });

  it('upsert uploads the rows as newline-delimited JSON replacing the staging table', () => {
    const upload = report.upsert[1].body;
    expect(upload).toContain('"sourceFormat":"NEWLINE_DELIMITED_JSON"');
    expect(upload).toContain('"writeDisposition":"WRITE_TRUNCATE"');
    expect(upload).toContain(
      '{"game_id":"g1","game_date":"2024-01-15","home_team":"BOS","points":null,"spread":null,"final":null,"tipoff_at":null,"box_score":{"q":[1]}}',
    );
  });

  it('upsert MERGEs with the partition dates bound as an ARRAY<DATE> parameter, in the configured location', () => {
    const merge = JSON.parse(report.upsert[3].body);
    expect(merge.configuration.query.query).toMatch(/^MERGE INTO nba_raw\.contract_games AS existing/);
    expect(merge.configuration.query.queryParameters).toEqual([
      {
        name: 'partition_dates',
        parameterType: { type: 'ARRAY', arrayType: { type: 'DATE' } },
        parameterValue: { arrayValues: [{ value: '2024-01-15' }, { value: '2024-01-16' }] },
      },
    ]);
    expect(merge.jobReference.location).toBe('US');
  });

  it('insertIfAbsent runs one MERGE job and reads "not inserted" from numDmlAffectedRows', () => {
    expect(report.insertIfAbsent.result).toEqual({ inserted: false });
    expect(report.insertIfAbsent.requests.map(shape)).toEqual([
      'POST /bigquery/v2/projects/test-project/jobs',
      'GET /bigquery/v2/projects/test-project/queries/<id>',
      'GET /bigquery/v2/projects/test-project/jobs/<id>',
    ]);
    const parameters = JSON.parse(report.insertIfAbsent.requests[0].body).configuration.query.queryParameters;
    expect(parameters).toContainEqual({ name: 'row_owner', parameterType: { type: 'STRING' }, parameterValue: { value: 'o' } });
  });

  it('query returns the same plain values as DuckDB: date and ISO strings, exact integers, parsed JSON', () => {
    expect(report.query.rows).toEqual([
      { day: '2024-01-15', n: 5, big: '9007199254740993', at: '2024-01-15T10:00:00.123Z', doc: { a: [1] } },
    ]);
  });

  it('migrate adds the declared columns an existing table lacks, nullable, by patching its schema; drops nothing', () => {
    expect(report.evolve.driftBefore).toEqual([
      { table: 'nba_raw.contract_games', kind: 'missing_column', column: 'spread', declared: 'FLOAT64' },
      { table: 'nba_raw.contract_games', kind: 'missing_column', column: 'box_score', declared: 'JSON' },
      { table: 'nba_raw.contract_games', kind: 'undeclared_column', column: 'legacy_note', actual: 'STRING' },
    ]);
    const patches = report.evolve.requests.filter((request) => request.method === 'PATCH');
    expect(patches.map(shape)).toEqual(['PATCH /bigquery/v2/projects/test-project/datasets/nba_raw/tables/contract_games']);
    const fields = JSON.parse(patches[0].body).schema.fields as Array<{ name: string; type: string; mode: string }>;
    // The table's own fields go back unchanged and first (legacy names, the undeclared column too), then the additions.
    expect(fields.map((field) => `${field.name} ${field.type} ${field.mode}`)).toEqual([
      'game_id STRING REQUIRED',
      'game_date DATE REQUIRED',
      'home_team STRING REQUIRED',
      'points INTEGER NULLABLE',
      'final BOOLEAN NULLABLE',
      'tipoff_at TIMESTAMP NULLABLE',
      'legacy_note STRING NULLABLE',
      'spread FLOAT64 NULLABLE',
      'box_score JSON NULLABLE',
    ]);
    expect(report.evolve.requests.some((request) => request.method === 'DELETE' || request.body.includes('DROP'))).toBe(false);
    expect(report.evolve.driftAfter).toEqual([{ table: 'nba_raw.contract_games', kind: 'undeclared_column', column: 'legacy_note', actual: 'STRING' }]);
  });

  it('migrate refuses a retyped column, naming the table and the column, and changes nothing', () => {
    expect(report.retyped.error).toContain('nba_raw.contract_games.points: declared INT64, the warehouse has STRING');
    expect(report.retyped.requests.every((request) => request.method === 'GET')).toBe(true);
  });

  it('every query job carries the run\'s labels (service, phase, run id) and the maximumBytesBilled cap', () => {
    const jobs = report.labelled.filter((request) => request.method === 'POST').map((request) => JSON.parse(request.body).configuration);
    expect(jobs.map((job) => job.query.query.split(/\s/)[0])).toEqual(['SELECT', 'MERGE']);
    for (const job of jobs) {
      expect(job.labels).toEqual({ app: 'nba-props', service: 'phase3-analytics', phase: '3', run_id: '6f1c2a9e-0b7d-4c1e-9a55-3e2d1b0c9f88' });
      expect(job.query.maximumBytesBilled).toBe('5000000000');
    }
  });
});
