import { INestApplication } from '@nestjs/common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NAMES } from '@lib/messaging';
import {
  closeInfrastructure,
  createInfrastructure,
  createPlatformLogger,
  createServiceApp,
  Infrastructure,
  loadPlatformConfig,
  ServiceDefinition,
} from '@lib/platform';

/** One service to boot: its name and the module file that exports its ServiceDefinition. */
export interface BootTarget {
  service: string;
  modulePath: string;
}

export type BootResult = { service: string; ok: true; routes: string[] } | { service: string; ok: false; error: string };

/** Every service's app.module under a build (dist/) or source root. */
export function appModuleTargets(root: string): BootTarget[] {
  return SERVICE_NAMES.map((service) => ({ service, modulePath: path.join(root, 'apps', service, 'src', 'app.module') }));
}

/** `METHOD /path` of every route the app's HTTP server really registered. */
export function registeredRoutes(app: INestApplication): string[] {
  const server = app.getHttpAdapter().getInstance() as { router?: { stack?: Array<{ route?: { path: string; methods: Record<string, boolean> } }> } };
  const stack = server.router?.stack;
  if (!stack) throw new Error('registeredRoutes: the HTTP adapter has no express router to read');
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`) : [],
  );
}

function isServiceDefinition(value: unknown, service: string): value is ServiceDefinition {
  const candidate = value as Partial<ServiceDefinition> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.identity?.name === service && typeof candidate.handler === 'function';
}

/**
 * Nest names the provider and module in its own resolution errors; an error thrown inside a
 * constructor does not, so the constructor is read from the first `at new X` frame of its stack.
 */
export function describeBootError(error: unknown): string {
  const failure = error instanceof Error ? error : new Error(String(error));
  const constructedBy = /\n\s+at new (\w+) /.exec(failure.stack ?? '')?.[1];
  const where = constructedBy && !failure.message.includes(constructedBy) ? ` (thrown constructing provider ${constructedBy})` : '';
  return `${failure.message}${where}`;
}

async function bootOne(target: BootTarget, infrastructure: Infrastructure, root: string): Promise<BootResult> {
  const shown = path.relative(root, target.modulePath) || target.modulePath;
  let exports: Record<string, unknown>;
  try {
    exports = require(target.modulePath) as Record<string, unknown>;
  } catch (error) {
    return { service: target.service, ok: false, error: `cannot load ${shown}: ${(error as Error).message}` };
  }
  const definition = Object.values(exports).find((value) => isServiceDefinition(value, target.service));
  if (!definition) return { service: target.service, ok: false, error: `${shown} exports no ServiceDefinition for ${target.service}` };
  let app: INestApplication | undefined;
  try {
    app = await createServiceApp(definition, infrastructure, { logger: createPlatformLogger(infrastructure.config, target.service) });
    await app.listen(0, '127.0.0.1');
    const ready = await fetch(`${await app.getUrl()}/health/ready`);
    const body = await ready.text();
    if (ready.status !== 200) return { service: target.service, ok: false, error: `booted, but /health/ready answered ${ready.status}: ${body.slice(0, 500)}` };
    return { service: target.service, ok: true, routes: registeredRoutes(app) };
  } catch (error) {
    return { service: target.service, ok: false, error: describeBootError(error) };
  } finally {
    await app?.close();
  }
}

/**
 * Boots each service in this process on the embedded defaults (DuckDB and the object store in a
 * temporary folder, the local relay, no replay): every module must resolve, every provider must
 * construct, and /health/ready must answer 200. Every service is tried; each failure names its service.
 */
export async function bootCheck(targets: readonly BootTarget[], options: { root: string }): Promise<BootResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-predeploy-'));
  // Only DATA_DIR and logging are set: the developer's own environment (a BigQuery engine, say) must not leak in.
  const config = loadPlatformConfig({ DATA_DIR: dataDir, LOG_FORMAT: 'json', LOG_LEVEL: 'error' });
  const infrastructure = await createInfrastructure(config);
  try {
    const results: BootResult[] = [];
    for (const target of targets) results.push(await bootOne(target, infrastructure, options.root));
    return results;
  } finally {
    await closeInfrastructure(infrastructure);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function bootReport(results: readonly BootResult[]): string {
  return results
    .map((result) => (result.ok ? `ok      ${result.service} (${result.routes.length} routes)` : `FAILED  ${result.service}: ${result.error}`))
    .join('\n');
}
