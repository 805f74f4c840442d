export { OBJECT_STORE, ObjectNotFoundError } from './object-store.interface';
export type { ObjectStore, StoredObject } from './object-store.interface';
export { InvalidObjectPathError, assertObjectPath, assertObjectPrefix } from './object-path.validation';
export { LocalFolderStore } from './local/local-folder.store';
export type { LocalFolderStoreOptions } from './local/local-folder.store';
export { GcsObjectStore } from './gcs/gcs.store';
export type { GcsObjectStoreOptions } from './gcs/gcs.store';
export { createObjectStore } from './object-store.factory';
export type { ObjectStoreOptions } from './object-store.factory';
