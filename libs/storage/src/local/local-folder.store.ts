import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { ObjectNotFoundError, ObjectStore, StoredObject } from '../object-store.interface';
import { assertObjectPath, assertObjectPrefix, InvalidObjectPathError } from '../object-path.validation';

export interface LocalFolderStoreOptions {
  /** Folder that holds the objects, e.g. `<DATA_DIR>/objects`; created on first write. */
  root: string;
}

/**
 * In-flight writes live beside their target under this suffix, so the rename that publishes them
 * stays on one filesystem (atomic). list() hides them and write() refuses paths that look like them.
 */
const TEMP_SUFFIX_PATTERN = /\.~partial-[0-9a-f]{16}$/;

/** ObjectStore on a local folder: the same paths as GCS, as files under `root`. */
export class LocalFolderStore implements ObjectStore {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(options: LocalFolderStoreOptions) {
    if (!options.root) throw new Error('local object store: root folder is required');
    this.root = nodePath.resolve(options.root);
  }

  async write(path: string, content: string | Buffer, _contentType?: string): Promise<StoredObject> {
    const target = this.resolve(path);
    if (TEMP_SUFFIX_PATTERN.test(path)) {
      throw new InvalidObjectPathError(path, 'the name collides with the store\'s temporary-file suffix ".~partial-<hex>"');
    }
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const temp = `${target}.~partial-${randomBytes(8).toString('hex')}`;
    try {
      await mkdir(nodePath.dirname(target), { recursive: true });
      await writeFile(temp, bytes);
      await rename(temp, target);
    } catch (error) {
      const leftover = await removeTemp(temp);
      throw new Error(`local object store: write of ${path} to ${target} failed: ${messageOf(error)}${leftover}`, { cause: error });
    }
    return { path, uri: this.uri(path), bytes: bytes.length };
  }

  async read(path: string): Promise<Buffer> {
    const target = this.resolve(path);
    try {
      return await readFile(target);
    } catch (error) {
      if (isMissing(error) || codeOf(error) === 'EISDIR') throw new ObjectNotFoundError(this.uri(path));
      throw new Error(`local object store: read of ${path} from ${target} failed: ${messageOf(error)}`, { cause: error });
    }
  }

  async exists(path: string): Promise<boolean> {
    const target = this.resolve(path);
    try {
      return (await stat(target)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw new Error(`local object store: exists check of ${path} at ${target} failed: ${messageOf(error)}`, { cause: error });
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertObjectPrefix(prefix);
    // Only the folder part of the prefix can be walked; the rest filters names, as GCS prefixes do.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const paths: string[] = [];
    await this.walk(folder, paths);
    return paths.filter((path) => path.startsWith(prefix)).sort();
  }

  uri(path: string): string {
    return pathToFileURL(this.resolve(path)).href;
  }

  private resolve(path: string): string {
    assertObjectPath(path);
    const target = nodePath.resolve(this.root, ...path.split('/'));
    const base = this.root.endsWith(nodePath.sep) ? this.root : this.root + nodePath.sep;
    if (!target.startsWith(base)) {
      throw new InvalidObjectPathError(path, `resolves outside the store root ${this.root}`);
    }
    return target;
  }

  private async walk(relativeFolder: string, into: string[]): Promise<void> {
    const absolute = nodePath.join(this.root, ...relativeFolder.split('/').filter(Boolean));
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw new Error(`local object store: listing ${absolute} failed: ${messageOf(error)}`, { cause: error });
    }
    for (const entry of entries) {
      const relative = `${relativeFolder}${entry.name}`;
      if (entry.isDirectory()) await this.walk(`${relative}/`, into);
      else if (entry.isFile() && !TEMP_SUFFIX_PATTERN.test(entry.name)) into.push(relative);
    }
  }
}

/** Removes a failed write's temp file; returns a note for the error message when it could not. */
async function removeTemp(temp: string): Promise<string> {
  try {
    await unlink(temp);
    return '';
  } catch (cleanupError) {
    // Failing before the temp file existed is the common case and leaves nothing behind.
    return isMissing(cleanupError) ? '' : `; its temp file ${temp} was left behind: ${messageOf(cleanupError)}`;
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function isMissing(error: unknown): boolean {
  const code = codeOf(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
