import * as nodePath from 'node:path';
import { createObjectStore, GcsObjectStore, LocalFolderStore } from './index';

describe('createObjectStore', () => {
  it('builds a local folder store rooted at the given folder', () => {
    const store = createObjectStore({ kind: 'local', root: 'relative/objects' });

    expect(store).toBeInstanceOf(LocalFolderStore);
    expect(store.kind).toBe('local');
    expect(store.uri('raw/x.json')).toBe(`file://${nodePath.resolve('relative/objects')}/raw/x.json`);
  });

  it('builds a GCS store on the bucket without touching the network', () => {
    const store = createObjectStore({ kind: 'gcs', bucket: 'nba-scraped-data', projectId: 'nba-props' });

    expect(store).toBeInstanceOf(GcsObjectStore);
    expect(store.kind).toBe('gcs');
    expect(store.uri('raw/x.json')).toBe('gs://nba-scraped-data/raw/x.json');
  });

  it('names an unknown kind', () => {
    expect(() => createObjectStore({ kind: 's3' } as never)).toThrow('createObjectStore: unknown kind "s3"');
  });
});
