import { execFileSync, spawnSync } from 'node:child_process';

/** What changes every service's image: the entry point, dependencies and the build itself. */
export const SHARED_BUILD_PATHS = ['apps/main.ts', 'package.json', 'package-lock.json', '.swcrc', 'tools/build.js', 'Dockerfile'];

/** Specs and docs live beside the code but never run in a service. */
const NOT_SHIPPED = [':(exclude,glob)**/*.spec.ts', ':(exclude,glob)**/*.md'];

export function git(repo: string, args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The @lib/<name> imports in the files under `paths` at `commit` (git grep reads the commit, not the working tree). */
function libImports(repo: string, commit: string, paths: string[]): Set<string> {
  const result = spawnSync('git', ['grep', '-h', '-o', '-E', "@lib/[a-z][a-z0-9-]*['\"]", commit, '--', ...paths, ...NOT_SHIPPED], { cwd: repo, encoding: 'utf8' });
  if (result.status === 1) return new Set();
  if (result.status !== 0) throw new Error(`git grep for @lib imports in ${paths.join(' ')} at ${commit} failed: ${result.stderr.trim()}`);
  return new Set(result.stdout.split('\n').filter(Boolean).map((match) => match.slice('@lib/'.length, -1)));
}

/**
 * What a service's image is built from, at `commit`: its app folder, every lib it imports directly or
 * through another lib, and the shared build files. Pathspecs, for git log and git diff.
 */
export function serviceCodePaths(repo: string, service: string, commit = 'HEAD'): string[] {
  const libs = new Set<string>();
  let frontier = libImports(repo, commit, [`apps/${service}`]);
  while (frontier.size > 0) {
    for (const lib of frontier) libs.add(lib);
    const next = libImports(repo, commit, [...frontier].map((lib) => `libs/${lib}`));
    frontier = new Set([...next].filter((lib) => !libs.has(lib)));
  }
  return [`apps/${service}`, ...[...libs].sort().map((lib) => `libs/${lib}`), ...SHARED_BUILD_PATHS];
}

/** The last commit up to `commit` that changed what the service ships. */
export function lastCodeChange(repo: string, paths: string[], commit = 'HEAD'): { sha: string; subject: string } {
  const line = git(repo, ['log', '-1', '--format=%H %s', commit, '--', ...paths, ...NOT_SHIPPED]);
  const space = line.indexOf(' ');
  return space === -1 ? { sha: line, subject: '' } : { sha: line.slice(0, space), subject: line.slice(space + 1) };
}

/** The full sha of `commit` when the repository has it, else null (a build from elsewhere, or unfetched history). */
export function resolveCommit(repo: string, commit: string): string | null {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${commit}^{commit}`], { cwd: repo, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Whether the service's code is the same at both commits (whatever else changed between them). */
export function sameServiceCode(repo: string, paths: string[], from: string, to: string): boolean {
  const result = spawnSync('git', ['diff', '--quiet', from, to, '--', ...paths, ...NOT_SHIPPED], { cwd: repo, encoding: 'utf8' });
  if (result.status === 0) return true;
  if (result.status === 1) return false;
  throw new Error(`git diff ${from} ${to} failed: ${result.stderr.trim()}`);
}
