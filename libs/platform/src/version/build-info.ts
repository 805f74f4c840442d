import fs from 'node:fs';
import path from 'node:path';

export interface BuildInfo {
  version: string;
  commit: string;
  builtAt: string | null;
}

/**
 * The build writes dist/build-info.json with the commit it was built from; GIT_COMMIT (set by the
 * Docker build) wins over it. 'unknown' is shown, never guessed, when neither exists.
 */
export function readBuildInfo(commitOverride?: string, searchFrom: string = __dirname): BuildInfo {
  let directory = searchFrom;
  for (let depth = 0; depth < 8; depth += 1) {
    const candidate = path.join(directory, 'build-info.json');
    if (fs.existsSync(candidate)) {
      const info = JSON.parse(fs.readFileSync(candidate, 'utf8')) as BuildInfo;
      return { ...info, commit: commitOverride ?? info.commit };
    }
    const packageFile = path.join(directory, 'package.json');
    if (fs.existsSync(packageFile)) {
      const { version } = JSON.parse(fs.readFileSync(packageFile, 'utf8')) as { version: string };
      return { version, commit: commitOverride ?? 'unknown', builtAt: null };
    }
    directory = path.dirname(directory);
  }
  return { version: '0.0.0', commit: commitOverride ?? 'unknown', builtAt: null };
}
