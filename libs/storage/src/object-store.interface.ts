/**
 * Where scrapers put raw payloads and phase 2 reads them back, by path.
 * Paths are relative and '/'-separated, e.g. `raw/balldontlie/games/2025-11-05/<run>.json`.
 */
export interface ObjectStore {
  readonly kind: 'local' | 'gcs';
  /** Writes the object, replacing any previous one at the path. */
  write(path: string, content: string | Buffer, contentType?: string): Promise<StoredObject>;
  /** Reads the object; throws ObjectNotFoundError naming the path when it is absent. */
  read(path: string): Promise<Buffer>;
  exists(path: string): Promise<boolean>;
  /** Paths under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
  /** A URI an operator can paste: file:///… or gs://bucket/… */
  uri(path: string): string;
}

export interface StoredObject {
  path: string;
  uri: string;
  bytes: number;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly uriOrPath: string) {
    super(`object not found: ${uriOrPath}`);
    this.name = 'ObjectNotFoundError';
  }
}

export const OBJECT_STORE = Symbol('OBJECT_STORE');
