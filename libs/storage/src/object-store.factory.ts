import { GcsObjectStore } from './gcs/gcs.store';
import { LocalFolderStore } from './local/local-folder.store';
import { ObjectStore } from './object-store.interface';

export type ObjectStoreOptions = { kind: 'local'; root: string } | { kind: 'gcs'; bucket: string; projectId?: string };

export function createObjectStore(options: ObjectStoreOptions): ObjectStore {
  switch (options.kind) {
    case 'local':
      return new LocalFolderStore({ root: options.root });
    case 'gcs':
      return new GcsObjectStore({ bucket: options.bucket, projectId: options.projectId });
    default: {
      const unknown: never = options;
      throw new Error(`createObjectStore: unknown kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}
