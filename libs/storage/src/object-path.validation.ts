/**
 * Object paths are relative and '/'-separated. Both adapters enforce the same rule so a path that
 * works against the local folder also works against GCS, and none can climb out of the local root.
 */
export class InvalidObjectPathError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`invalid object path ${JSON.stringify(path)}: ${reason}`);
    this.name = 'InvalidObjectPathError';
  }
}

/** Throws InvalidObjectPathError unless `path` names an object (non-empty, relative, no '.', '..' or empty segments). */
export function assertObjectPath(path: string): void {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidObjectPathError(String(path), 'path is empty');
  checkCommon(path);
  if (path.endsWith('/')) throw new InvalidObjectPathError(path, 'path ends with "/" (that names a folder, not an object)');
  checkSegments(path, path.split('/'));
}

/** Like assertObjectPath, but '' (everything) and a trailing '/' are allowed. */
export function assertObjectPrefix(prefix: string): void {
  if (typeof prefix !== 'string') throw new InvalidObjectPathError(String(prefix), 'prefix is not a string');
  if (prefix.length === 0) return;
  checkCommon(prefix);
  const segments = prefix.split('/');
  if (prefix.endsWith('/')) segments.pop();
  checkSegments(prefix, segments);
}

function checkCommon(path: string): void {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    throw new InvalidObjectPathError(path, 'absolute paths are refused; give a path relative to the store root');
  }
  if (path.includes('\\')) throw new InvalidObjectPathError(path, 'use "/" as the separator, not "\\"');
  if (path.includes('\0')) throw new InvalidObjectPathError(path, 'path contains a NUL byte');
}

function checkSegments(path: string, segments: string[]): void {
  for (const segment of segments) {
    if (segment === '..') throw new InvalidObjectPathError(path, '".." segments would escape the store root');
    if (segment === '.') throw new InvalidObjectPathError(path, '"." segments are refused');
    if (segment === '') throw new InvalidObjectPathError(path, 'empty segment ("//")');
  }
}
