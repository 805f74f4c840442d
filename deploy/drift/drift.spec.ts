import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES } from '@lib/messaging';
import { PlatformConfig } from '@lib/platform';
import { isolatedConfig } from '../../test/support/test-config';
import { LocalCluster } from '../../tools/cluster/local-cluster';
import { ALL_TABLES, defineTable, DuckDBWarehouse, phaseExecutionLogTable } from '@lib/warehouse';
import { REPO_ROOT } from '../testing/temporary-build';
import { serviceCodePaths } from './service-code';
import { runDrift } from './drift.main';

const GIT_ENV = { GIT_AUTHOR_NAME: 'drift test', GIT_AUTHOR_EMAIL: 'drift@test.invalid', GIT_COMMITTER_NAME: 'drift test', GIT_COMMITTER_EMAIL: 'drift@test.invalid' };

/** A small repository shaped like this one: five apps over libs, where only phase 1 imports libs/resilience. */
function temporaryRepository() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-drift-repo-'));
  const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const commit = (message: string, files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) write(file, text);
    run('add', '-A');
    run('commit', '-q', '-m', message);
    return run('rev-parse', 'HEAD');
  };
  run('init', '-q', '-b', 'main');
  return { dir, commit, run };
}

function initialFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': '{"name":"nba-props-platform"}\n',
    'libs/platform/src/index.ts': "export * from '@lib/messaging';\n",
    'libs/messaging/src/index.ts': 'export const TOPICS = {};\n',
    'libs/resilience/src/index.ts': 'export const retry = 1;\n',
    'tools/query/query.main.ts': 'export {};\n',
  };
  for (const service of SERVICE_NAMES) {
    const extra = service === 'phase1-scrapers' ? "import { retry } from '@lib/resilience';\n" : '';
    files[`apps/${service}/src/app.module.ts`] = `import { TOPICS } from '@lib/platform';\n${extra}export const service = '${service}';\n`;
  }
  return files;
}

describe('drift check against the local cluster started at an older commit', () => {
  const repo = temporaryRepository();
  const deployedCommit = repo.commit('initial services', initialFiles());
  let config: PlatformConfig;
  let cluster: LocalCluster;

  const drift = async (...argv: string[]) => {
    let output = '';
    const code = await runDrift(['--repo', repo.dir, ...argv], {
      env: { DATA_DIR: config.DATA_DIR, LOG_LEVEL: 'error' },
      out: (text) => (output += text),
      cwd: repo.dir,
    });
    return { code, output };
  };
  const statusOf = (output: string, service: string) => new RegExp(`^${service} +\\S+ +\\S+ +([A-Z]+):`, 'm').exec(output)?.[1];

  beforeAll(async () => {
    config = await isolatedConfig({ GIT_COMMIT: deployedCommit, LOCAL_REPLAY: 'false' });
    cluster = await LocalCluster.start({ config });
  });
  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(repo.dir, { recursive: true, force: true });
  });

  it('follows each app to the libs it imports, directly and through other libs', () => {
    expect(serviceCodePaths(repo.dir, 'phase1-scrapers')).toEqual([
      'apps/phase1-scrapers',
      'libs/messaging',
      'libs/platform',
      'libs/resilience',
      'apps/main.ts',
      'package.json',
      'package-lock.json',
      '.swcrc',
      'tools/build.js',
      'Dockerfile',
    ]);
    expect(serviceCodePaths(repo.dir, 'phase2-raw')).not.toContain('libs/resilience');
  });

  it('exits 0 when the cluster runs HEAD', async () => {
    const { code, output } = await drift('--cluster');

    expect(code).toBe(0);
    for (const service of SERVICE_NAMES) expect([service, statusOf(output, service)]).toEqual([service, 'CURRENT']);
    expect(output).toContain('no drift: every service runs its code as of HEAD');
  });

  it('stays current when a commit touches only specs, docs or tools no service ships', async () => {
    repo.commit('docs and specs', {
      'apps/phase2-raw/src/app.module.spec.ts': 'it("x", () => {});\n',
      'libs/platform/README.md': '# platform\n',
      'tools/query/query.main.ts': 'export const changed = true;\n',
    });

    expect((await drift()).code).toBe(0);
  });

  it('reports the one service whose app changed as stale, names the change, and exits 1', async () => {
    const change = repo.commit('phase 2: new raw processor', { 'apps/phase2-raw/src/raw-processor.ts': 'export const processor = 1;\n' });
    const { code, output } = await drift();

    expect(code).toBe(1);
    expect(statusOf(output, 'phase2-raw')).toBe('STALE');
    expect(output).toContain(`last change ${change.slice(0, 12)} "phase 2: new raw processor"`);
    for (const service of SERVICE_NAMES.filter((name) => name !== 'phase2-raw')) expect([service, statusOf(output, service)]).toEqual([service, 'CURRENT']);
    expect(output).toMatch(/^DRIFT: phase2-raw \(stale\)/m);
  });

  it('marks stale the services importing a changed lib, directly or through another lib', async () => {
    repo.commit('resilience: new breaker', { 'libs/resilience/src/index.ts': 'export const retry = 2;\n' });
    expect((await drift('--stale-only')).output).toBe('phase1-scrapers\nphase2-raw\n');

    repo.commit('messaging: new topic', { 'libs/messaging/src/index.ts': "export const TOPICS = { a: 'a' };\n" });
    expect((await drift('--stale-only')).output).toBe(`${SERVICE_NAMES.join('\n')}\n`);
  });

  it('takes deployed commits from revision labels too, and counts a commit it does not know as drift', async () => {
    const head = repo.run('rev-parse', 'HEAD');
    const atHead = await drift('--deployed', `phase3-analytics=${head}`);
    expect(atHead.code).toBe(0);
    expect(atHead.output).toMatch(/^phase3-analytics +\S+ +\S+ +CURRENT: at HEAD \(from deployed revision label\)/m);

    const foreign = await drift('--deployed', 'phase3-analytics=0123456789abcdef0123456789abcdef01234567');
    expect(foreign.code).toBe(1);
    expect(foreign.output).toContain('UNKNOWN: deployed commit 0123456789abcdef0123456789abcdef01234567 is not in this repository');
  });

  it('names a service it cannot reach', async () => {
    const { code, output } = await drift('--url', 'phase4-precompute=http://127.0.0.1:9');

    expect(code).toBe(1);
    expect(output).toMatch(/phase4-precompute .* UNKNOWN: http:\/\/127\.0\.0\.1:9\/version unreachable: fetch failed/);
  });

  it('compares the cluster\'s warehouse with the declared tables: no drift right after migrate', async () => {
    const { code, output } = await drift('--schema-only');

    expect(code).toBe(0);
    expect(output).toMatch(/^schema of the local cluster's warehouse \(.*warehouse\.duckdb\) against the \d+ declared tables: no drift$/m);
  });

  it('refuses bad input with exit 2', async () => {
    expect(await drift('--url', 'phase9=http://x')).toEqual({ code: 2, output: expect.stringContaining('--url "phase9=http://x" is not <service>=<value>') });
  });
});

describe('schema drift of a warehouse file no cluster holds', () => {
  it('names each missing column and undeclared column, and exits 1 while a declared column is missing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-schema-drift-'));
    try {
      // The warehouse as an older release left it: phase_execution_log without `detail`, and a column no longer declared.
      const older = defineTable({
        ...phaseExecutionLogTable,
        columns: [...phaseExecutionLogTable.columns.filter((column) => column.name !== 'detail'), { name: 'host', type: 'STRING' }],
      });
      const warehouse = new DuckDBWarehouse({ path: path.join(dataDir, 'warehouse.duckdb') });
      await warehouse.migrate([...ALL_TABLES.filter((table) => table !== phaseExecutionLogTable), older]);
      await warehouse.close();
      let output = '';
      const code = await runDrift(['--schema-only'], { env: { DATA_DIR: dataDir }, out: (text) => (output += text), cwd: REPO_ROOT });

      expect(code).toBe(1);
      expect(output).toContain('nba_orchestration.phase_execution_log.detail: column is declared (STRING) but missing (migrate adds it, nullable)');
      expect(output).toContain('nba_orchestration.phase_execution_log.host: column (STRING) exists but is not declared (kept; never dropped)');
      expect(output).toMatch(/^SCHEMA DRIFT: the warehouse differs from the declarations$/m);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
