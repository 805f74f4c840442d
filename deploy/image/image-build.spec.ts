import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { SERVICE_NAMES } from '@lib/messaging';
import { isolatedConfig } from '../../test/support/test-config';
import { REPO_ROOT, temporaryBuild } from '../testing/temporary-build';

const COMMIT = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** The node flags of the Dockerfile's CMD (e.g. --enable-source-maps), so the build is started as the image starts it. */
function imageNodeFlags(): string[] {
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
  if (!cmd) throw new Error('the Dockerfile has no exec-form CMD');
  const argv = JSON.parse(cmd[1]) as string[];
  expect(argv[0]).toBe('node');
  return argv.slice(1).filter((argument) => argument.startsWith('--'));
}

function start(entry: string, env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, [...imageNodeFlags(), entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Polls until the service answers or its process ends; the failure carries what the process printed. */
async function healthOf(url: string, started: Started): Promise<{ status: number; body: unknown }> {
  let ended = false;
  void started.exited.then(() => (ended = true));
  for (;;) {
    try {
      const response = await fetch(`${url}/health`);
      return { status: response.status, body: await response.json() };
    } catch {
      if (ended) throw new Error(`the service exited before answering /health:\n${started.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Bare package names a compiled file requires. */
function requiredSpecifiers(file: string): string[] {
  return [...fs.readFileSync(file, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
}

/** Every package reached from the entry files through the build's own relative requires. */
function packagesReachedFrom(entries: string[]): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of requiredSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const base = path.resolve(path.dirname(file), specifier);
        const candidates = [base, `${base}.js`, path.join(base, 'index.js')];
        const found = candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
        if (!found) throw new Error(`${file} requires ${specifier}, which the build does not contain`);
        queue.push(found);
      } else {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        if (!packages.has(name)) packages.set(name, path.relative(REPO_ROOT, file));
      }
    }
  }
  return packages;
}

describe('the image build steps, outside Docker', () => {
  const build = temporaryBuild({ GIT_COMMIT: COMMIT });
  afterAll(() => build.remove());

  it('builds every app, the entry point, and the build info with the commit', () => {
    for (const service of SERVICE_NAMES) expect(fs.existsSync(path.join(build.dir, 'apps', service, 'src', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(build.dir, 'apps', 'main.js'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(build.dir, 'build-info.json'), 'utf8'))).toMatchObject({ commit: COMMIT, version: expect.any(String) });
  });

  it('writes each service\'s OpenAPI document at build time', () => {
    for (const service of SERVICE_NAMES) {
      const document = JSON.parse(fs.readFileSync(path.join(build.dir, 'openapi', `${service}.json`), 'utf8')) as { info: { title: string }; paths: Record<string, unknown> };
      expect([service, document.info.title]).toEqual([service, service]);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/process_date', '/pubsub', '/health/ready']));
    }
  });

  it('needs only production dependencies at run time (the final stage installs no others)', () => {
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const entries = [path.join(build.dir, 'apps', 'main.js'), ...SERVICE_NAMES.map((service) => path.join(build.dir, 'apps', service, 'src', 'main.js'))];
    const reached = packagesReachedFrom(entries);
    const builtins = new Set(builtinModules);
    const undeclared = [...reached].filter(([name]) => !builtins.has(name.replace(/^node:/, '')) && !(name in dependencies));

    expect(undeclared).toEqual([]);
    expect([...reached.keys()]).toEqual(expect.arrayContaining(['@nestjs/core', '@duckdb/node-api']));
  });

  // Five services start at once, each loading its source maps (--enable-source-maps, as the image runs): allow more than the default 30 s.
  it('starts each service by SERVICE on $PORT, answers /health, reports the commit, and stops on SIGTERM', async () => {
    const config = await isolatedConfig();
    const running = SERVICE_NAMES.map((service, index) => {
      const port = config.LOCAL_PORT_BASE + index;
      const env = { ...build.env, SERVICE: service, PORT: String(port), DATA_DIR: path.join(config.DATA_DIR, service), LOG_FORMAT: 'json', LOG_LEVEL: 'warn' };
      return { service, url: `http://127.0.0.1:${port}`, started: start(path.join(build.dir, 'apps', 'main.js'), env) };
    });
    try {
      for (const { service, url, started } of running) {
        expect(await healthOf(url, started)).toEqual({ status: 200, body: { status: 'ok', service } });
        const version = (await (await fetch(`${url}/version`)).json()) as { commit: string };
        expect([service, version.commit]).toEqual([service, COMMIT]);
      }
      for (const { started } of running) started.child.kill('SIGTERM');
      for (const { service, started } of running) expect([service, await started.exited]).toEqual([service, 0]);
    } finally {
      for (const { started } of running) if (started.child.exitCode === null) started.child.kill('SIGKILL');
    }
  }, 90_000);

  it('runs with source maps: a thrown error\'s log line carries stack_trace pointing at the TypeScript line', async () => {
    const notADirectory = path.join(build.dir, 'build-info.json');
    const started = start(path.join(build.dir, 'apps', 'main.js'), { ...build.env, SERVICE: 'phase2-raw', DATA_DIR: notADirectory, LOG_FORMAT: 'json' });

    expect(imageNodeFlags()).toContain('--enable-source-maps');
    expect(await started.exited).toBe(1);
    const line = started.output().split('\n').find((candidate) => candidate.includes('"stack_trace"'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line!) as { severity: string; message: string; stack_trace: string };
    expect(entry.severity).toBe('CRITICAL');
    expect(entry.message).toContain('phase2-raw failed to start: duckdb open failed: cannot open');
    // The top frame is the .ts file and line of the throw, not the compiled .js under the build folder.
    const frame = /\n\s+at .*\((.+\.ts):(\d+):\d+\)/.exec(entry.stack_trace);
    expect(frame).not.toBeNull();
    const [, file, lineNumber] = frame!;
    expect(path.relative(REPO_ROOT, file)).toBe(path.join('libs', 'warehouse', 'src', 'duckdb', 'duckdb.warehouse.ts'));
    expect(fs.readFileSync(file, 'utf8').split('\n')[Number(lineNumber) - 1]).toContain('throw new WarehouseError(`cannot open');
  });

  it('refuses to start without a known SERVICE, listing the valid ones', async () => {
    const started = start(path.join(build.dir, 'apps', 'main.js'), { ...build.env, SERVICE: 'phase9' });

    expect(await started.exited).toBe(78);
    expect(started.output()).toContain('SERVICE must be one of phase1-scrapers, phase2-raw, phase3-analytics, phase4-precompute, phase5-predictions (got "phase9")');
  });
});
