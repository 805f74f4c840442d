import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * `npm run build` into a fresh temporary folder (never the shared dist/, which a running cluster may
 * be using). The returned env lets a process started from that folder resolve the repo's node_modules.
 */
export function temporaryBuild(extraEnv: Record<string, string> = {}): { dir: string; env: NodeJS.ProcessEnv; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-build-'));
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'tools/build.js'), '--quiet', '--out-dir', dir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return {
    dir,
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A folder of stand-ins for gcloud, bq, npm and node that record each call's argv (one argument a line,
 * calls separated by a line "--end--") instead of touching anything. `describe`/`show` of a resource
 * fails, as on an empty project, except the project number and secret versions.
 */
export function recordingStubs(): { binDir: string; calls: () => string[][] } {
  const binDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-stubs-'));
  const log = path.join(binDir, 'calls.log');
  const script = `#!/usr/bin/env bash
{ basename "$0"; for argument in "$@"; do printf '%s\\n' "$argument"; done; echo '--end--'; } >> '${log}'
if [[ "$(basename "$0")" == gcloud && "$1 $2" == "projects describe" ]]; then echo 123456789; exit 0; fi
if [[ "$*" == *"versions describe"* ]]; then exit 0; fi
if [[ " $* " == *" describe "* ]]; then exit 1; fi
exit 0
`;
  for (const program of ['gcloud', 'bq', 'npm', 'node']) fs.writeFileSync(path.join(binDir, program), script, { mode: 0o755 });
  return {
    binDir,
    calls: () => {
      if (!fs.existsSync(log)) return [];
      const lines = fs.readFileSync(log, 'utf8').split('\n');
      const calls: string[][] = [];
      let current: string[] = [];
      for (const line of lines) {
        if (line === '--end--') {
          calls.push(current);
          current = [];
        } else if (line !== '' || current.length > 0) current.push(line);
      }
      return calls;
    },
  };
}
