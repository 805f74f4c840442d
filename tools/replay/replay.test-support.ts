import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '@lib/platform';
import { createReplayServer, ReplayServer, ReplayServerOptions } from './replay.server';

/** Helpers shared by the replay's specs: the bundled data's location, a server, and key-shape comparison. */
/** The repository holding data/ (the specs run from tools/replay; a build puts this file under dist/). */
export const REPO_ROOT = ((): string => {
  let directory = __dirname;
  while (directory !== path.dirname(directory) && !fs.existsSync(path.join(directory, 'data', 'season_2025_26'))) directory = path.dirname(directory);
  return directory;
})();
export const DATA_DIR = path.join(REPO_ROOT, 'data', 'season_2025_26');
export const SAMPLES_DIR = path.join(REPO_ROOT, 'data', 'samples');

export function startReplay(options: Partial<ReplayServerOptions> = {}): Promise<ReplayServer> {
  return createReplayServer({ dataDir: DATA_DIR, port: 0, ...options });
}

export function readSample<T = unknown>(relative: string): T {
  return JSON.parse(fs.readFileSync(path.join(SAMPLES_DIR, relative), 'utf8')) as T;
}

export function readSeasonCsv(name: string): Array<Record<string, string>> {
  return parseCsv(fs.readFileSync(path.join(DATA_DIR, name), 'utf8'));
}

export async function getJson<T = unknown>(url: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
}

/**
 * Every key path of `value` ('a.b[].c'); arrays contribute the key paths of their first element,
 * so two responses compare by the shape of a representative object at each level.
 */
export function keyPaths(value: unknown, prefix = ''): Set<string> {
  const paths = new Set<string>();
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      if (node.length > 0) walk(node[0], `${at}[]`);
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const next = at ? `${at}.${key}` : key;
        paths.add(next);
        walk(child, next);
      }
    }
  };
  walk(value, prefix);
  return paths;
}

/**
 * Key paths of the sample that the served object lacks. Paths under an array the served object
 * leaves empty, or under a value it serves as null (data not bundled), are not expected.
 */
export function missingKeys(sample: unknown, served: unknown): string[] {
  const servedPaths = keyPaths(served);
  const emptyOrNull = new Set<string>();
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      if (node.length === 0) emptyOrNull.add(`${at}[]`);
      else walk(node[0], `${at}[]`);
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) walk(child, at ? `${at}.${key}` : key);
    } else if (node === null) emptyOrNull.add(at);
  };
  walk(served, '');
  const covered = (keyPath: string) => [...emptyOrNull].some((prefix) => keyPath.startsWith(`${prefix}.`) || keyPath.startsWith(`${prefix}[]`));
  return [...keyPaths(sample)].filter((keyPath) => !servedPaths.has(keyPath) && !covered(keyPath)).sort();
}

/** Key paths served that the sample does not have. */
export function extraKeys(sample: unknown, served: unknown): string[] {
  const samplePaths = keyPaths(sample);
  return [...keyPaths(served)].filter((keyPath) => !samplePaths.has(keyPath)).sort();
}

/**
 * Property names of a schema in balldontlie's OpenAPI file (the sample's own text, read without a
 * YAML library), following `keys` below the schema, e.g. ['properties', 'home_team', 'properties'].
 */
export function openApiProperties(schema: string, keys: string[] = ['properties']): string[] {
  const lines = fs.readFileSync(path.join(SAMPLES_DIR, 'balldontlie', 'openapi_nba.yml'), 'utf8').split('\n');
  const indentOf = (line: string) => line.length - line.trimStart().length;
  let index = lines.findIndex((line) => line === `    ${schema}:`);
  if (index < 0) throw new Error(`schema ${schema} not in openapi_nba.yml`);
  for (const key of keys) {
    const indent = indentOf(lines[index]);
    let found = -1;
    for (let at = index + 1; at < lines.length; at += 1) {
      if (lines[at].trim() === '') continue;
      if (indentOf(lines[at]) <= indent) break;
      if (indentOf(lines[at]) === indent + 2 && lines[at].trim() === `${key}:`) {
        found = at;
        break;
      }
    }
    if (found < 0) throw new Error(`${schema}: no ${keys.join('.')}`);
    index = found;
  }
  const indent = indentOf(lines[index]);
  const names: string[] = [];
  for (let at = index + 1; at < lines.length; at += 1) {
    const line = lines[at];
    if (line.trim() === '') continue;
    if (indentOf(line) <= indent) break;
    if (indentOf(line) === indent + 2) names.push(line.trim().replace(/:.*$/, ''));
  }
  return names;
}
