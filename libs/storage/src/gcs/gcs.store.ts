import type { Bucket, SaveOptions, Storage } from '@google-cloud/storage';
import { ObjectNotFoundError, ObjectStore, StoredObject } from '../object-store.interface';
import { assertObjectPath, assertObjectPrefix } from '../object-path.validation';

export interface GcsObjectStoreOptions {
  bucket: string;
  /** Used only when `storage` is not given; otherwise Application Default Credentials decide. */
  projectId?: string;
  /** A configured client (tests point one at a loopback server through `apiEndpoint`). */
  storage?: Storage;
}

/** ObjectStore on a GCS bucket; object names are the store paths. */
export class GcsObjectStore implements ObjectStore {
  readonly kind = 'gcs' as const;
  readonly bucketName: string;
  private readonly bucket: Bucket;

  constructor(options: GcsObjectStoreOptions) {
    if (!options.bucket) throw new Error('gcs object store: bucket name is required');
    if (options.bucket.startsWith('gs://') || options.bucket.includes('/')) {
      throw new Error(`gcs object store: bucket must be a bare bucket name, got ${JSON.stringify(options.bucket)}`);
    }
    this.bucketName = options.bucket;
    // The client library is loaded only when a GCS store is made: local runs never pay for it.
    const storage = options.storage ?? new (require('@google-cloud/storage') as typeof import('@google-cloud/storage')).Storage(options.projectId ? { projectId: options.projectId } : {});
    this.bucket = storage.bucket(options.bucket);
  }

  async write(path: string, content: string | Buffer, contentType?: string): Promise<StoredObject> {
    assertObjectPath(path);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    // Payloads are small JSON documents: one multipart request beats a resumable session, and the
    // default crc32c validation still checks what GCS stored against what was sent.
    const options: SaveOptions = { resumable: false };
    if (contentType) options.contentType = contentType;
    try {
      await this.bucket.file(path).save(bytes, options);
    } catch (error) {
      throw this.failure('write', path, error);
    }
    return { path, uri: this.uri(path), bytes: bytes.length };
  }

  async read(path: string): Promise<Buffer> {
    assertObjectPath(path);
    try {
      const [content] = await this.bucket.file(path).download();
      return content;
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(this.uri(path));
      throw this.failure('read', path, error);
    }
  }

  async exists(path: string): Promise<boolean> {
    assertObjectPath(path);
    try {
      const [found] = await this.bucket.file(path).exists();
      return found;
    } catch (error) {
      throw this.failure('exists check of', path, error);
    }
  }

  async list(prefix: string): Promise<string[]> {
    assertObjectPrefix(prefix);
    try {
      const [files] = await this.bucket.getFiles({ prefix });
      // Names ending in '/' are folder placeholders made by the console, not objects.
      return files.map((file) => file.name).filter((name) => !name.endsWith('/')).sort();
    } catch (error) {
      throw new Error(`gcs object store: list of gs://${this.bucketName}/${prefix}* failed: ${messageOf(error)}`, { cause: error });
    }
  }

  uri(path: string): string {
    assertObjectPath(path);
    return `gs://${this.bucketName}/${path}`;
  }

  private failure(action: string, path: string, error: unknown): Error {
    return new Error(`gcs object store: ${action} ${this.uri(path)} failed: ${messageOf(error)}`, { cause: error });
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 404;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
