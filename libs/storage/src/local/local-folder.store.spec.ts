import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { ObjectNotFoundError } from '../object-store.interface';
import { InvalidObjectPathError } from '../object-path.validation';
import { LocalFolderStore } from './local-folder.store';

describe('LocalFolderStore', () => {
  let dataDir: string;
  let root: string;
  let store: LocalFolderStore;

  beforeEach(async () => {
    dataDir = await mkdtemp(nodePath.join(tmpdir(), 'local-folder-store-'));
    root = nodePath.join(dataDir, 'objects');
    store = new LocalFolderStore({ root });
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes an object under the root, creating folders, and reads it back', async () => {
    const stored = await store.write('raw/balldontlie/games/2025-11-05/run-1.json', '{"games":[]}', 'application/json');

    expect(stored).toEqual({
      path: 'raw/balldontlie/games/2025-11-05/run-1.json',
      uri: `file://${root}/raw/balldontlie/games/2025-11-05/run-1.json`,
      bytes: 12,
    });
    expect(await readFile(nodePath.join(root, 'raw/balldontlie/games/2025-11-05/run-1.json'), 'utf8')).toBe('{"games":[]}');
    expect((await store.read('raw/balldontlie/games/2025-11-05/run-1.json')).toString('utf8')).toBe('{"games":[]}');
  });

  it('counts bytes, not characters, and round-trips binary content', async () => {
    expect((await store.write('a/utf8.txt', 'é')).bytes).toBe(2);
    const binary = Buffer.from([0, 255, 10, 13]);
    await store.write('a/bin', binary);
    expect(await store.read('a/bin')).toEqual(binary);
  });

  it('replaces an existing object and leaves no temp files behind', async () => {
    await store.write('a/x.json', 'first, longer content');
    await store.write('a/x.json', 'second');

    expect((await store.read('a/x.json')).toString()).toBe('second');
    expect(await readdir(nodePath.join(root, 'a'))).toEqual(['x.json']);
  });

  it('lists paths under a prefix, sorted, as GCS prefixes match (folder or name prefix)', async () => {
    for (const path of ['raw/b/2.json', 'raw/a/1.json', 'raw/b/10.json', 'raw-other/x.json', 'other/y.json']) {
      await store.write(path, path);
    }

    expect(await store.list('raw/')).toEqual(['raw/a/1.json', 'raw/b/10.json', 'raw/b/2.json']);
    expect(await store.list('raw')).toEqual(['raw-other/x.json', 'raw/a/1.json', 'raw/b/10.json', 'raw/b/2.json']);
    expect(await store.list('raw/b/1')).toEqual(['raw/b/10.json']);
    expect(await store.list('')).toEqual(['other/y.json', 'raw-other/x.json', 'raw/a/1.json', 'raw/b/10.json', 'raw/b/2.json']);
    expect(await store.list('missing/')).toEqual([]);
  });

  it('hides in-flight temp files from list', async () => {
    await store.write('a/x.json', 'x');
    await writeFile(nodePath.join(root, 'a', 'y.json.~partial-0123456789abcdef'), 'half');

    expect(await store.list('a/')).toEqual(['a/x.json']);
  });

  it('reports existence of objects only', async () => {
    await store.write('a/x.json', 'x');

    expect(await store.exists('a/x.json')).toBe(true);
    expect(await store.exists('a/missing.json')).toBe(false);
    expect(await store.exists('a')).toBe(false);
    expect(await store.exists('a/x.json/deeper')).toBe(false);
  });

  it('throws ObjectNotFoundError naming the missing object', async () => {
    const error = await store.read('raw/nothing-here.json').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect((error as ObjectNotFoundError).uriOrPath).toBe(`file://${root}/raw/nothing-here.json`);
    expect((error as Error).message).toContain('raw/nothing-here.json');
  });

  it('treats a folder as a missing object on read', async () => {
    await store.write('a/x.json', 'x');
    await expect(store.read('a')).rejects.toBeInstanceOf(ObjectNotFoundError);
  });

  it.each([
    ['../outside.json', '".." segments'],
    ['a/../../outside.json', '".." segments'],
    ['/etc/passwd', 'absolute paths are refused'],
    ['', 'path is empty'],
    ['a//b.json', 'empty segment'],
    ['./a.json', '"." segments'],
    ['a\\b.json', 'use "/"'],
    ['a/', 'names a folder'],
  ])('refuses the path %j (%s) on every operation', async (path, reason) => {
    await expect(store.write(path, 'x')).rejects.toThrow(InvalidObjectPathError);
    await expect(store.write(path, 'x')).rejects.toThrow(reason);
    await expect(store.read(path)).rejects.toThrow(InvalidObjectPathError);
    await expect(store.exists(path)).rejects.toThrow(InvalidObjectPathError);
    expect(() => store.uri(path)).toThrow(InvalidObjectPathError);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('refuses list prefixes that escape the root', async () => {
    await expect(store.list('../')).rejects.toThrow(InvalidObjectPathError);
    await expect(store.list('/tmp/')).rejects.toThrow('absolute paths are refused');
  });

  it('refuses names that collide with its temp-file suffix', async () => {
    await expect(store.write('a/x.json.~partial-0123456789abcdef', 'x')).rejects.toThrow('temporary-file suffix');
  });

  it('names the object and the cause when a write fails', async () => {
    await mkdir(nodePath.join(root, 'a', 'x.json'), { recursive: true });

    const error = await store.write('a/x.json', 'x').catch((caught: unknown) => caught);

    expect((error as Error).message).toMatch(/^local object store: write of a\/x\.json to .*a\/x\.json failed: /);
    expect((error as Error).cause).toBeDefined();
    expect((await readdir(nodePath.join(root, 'a'))).sort()).toEqual(['x.json']);
  });

  it('gives a file:// URI an operator can paste', () => {
    expect(store.uri('raw/x y.json')).toBe(`file://${root}/raw/x%20y.json`);
  });
});
