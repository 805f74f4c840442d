import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Storage } from '@google-cloud/storage';
import { ObjectNotFoundError } from '../object-store.interface';
import { InvalidObjectPathError } from '../object-path.validation';
import { GcsObjectStore } from './gcs.store';

/**
 * The real @google-cloud/storage client pointed at a loopback server: a custom apiEndpoint makes the
 * client skip authentication (useAuthWithCustomEndpoint defaults to false), so no credentials or
 * network are needed and the assertions are on the HTTP requests the adapter really causes.
 */
interface RecordedRequest {
  method: string;
  /** Path as sent, still percent-encoded. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Reply = { status: number; json?: unknown; body?: Buffer; headers?: Record<string, string> };
type Responder = (request: RecordedRequest) => Reply;

class LoopbackGcs {
  readonly requests: RecordedRequest[] = [];
  responder: Responder = (request) => ({ status: 501, json: { error: { code: 501, message: `unscripted ${request.method} ${request.path}` } } });
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server!.close((error) => (error ? reject(error) : resolve())));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://loopback');
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      this.requests.push(request);
      const reply = this.responder(request);
      res.statusCode = reply.status;
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      if (reply.json !== undefined) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(reply.json));
      } else {
        res.end(reply.body ?? Buffer.alloc(0));
      }
    });
  }
}

/** CRC32C (Castagnoli), base64 of the big-endian value, as GCS reports it in metadata and x-goog-hash. */
function crc32c(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0x82f63b78 & -(crc & 1));
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

interface MultipartPart {
  headers: Record<string, string>;
  content: Buffer;
}

function parseMultipart(request: RecordedRequest): MultipartPart[] {
  const boundary = /boundary=([^;]+)/.exec(request.headers['content-type'] ?? '')?.[1];
  if (!boundary) throw new Error(`not a multipart request: content-type ${request.headers['content-type']}`);
  const text = request.body.toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((raw) => {
      const part = raw.replace(/^\r\n/, '').replace(/\r\n$/, '');
      const split = part.indexOf('\r\n\r\n');
      const headers = Object.fromEntries(
        part
          .slice(0, split)
          .split('\r\n')
          .map((line) => line.split(/:\s*/, 2).map((value, index) => (index === 0 ? value.toLowerCase() : value)) as [string, string]),
      );
      return { headers, content: Buffer.from(part.slice(split + 4), 'latin1') };
    });
}

/** What GCS answers to an upload: the stored object's metadata, with the checksum of what it received. */
function uploadAccepted(request: RecordedRequest, checksum?: string): Reply {
  const [metadata, media] = parseMultipart(request);
  return {
    status: 200,
    json: {
      ...JSON.parse(metadata.content.toString('utf8')),
      bucket: 'test-bucket',
      name: request.query.name,
      size: String(media.content.length),
      crc32c: checksum ?? crc32c(media.content),
    },
  };
}

describe('GcsObjectStore against the real Storage client on a loopback server', () => {
  const gcs = new LoopbackGcs();
  let store: GcsObjectStore;
  const savedEmulatorHost = process.env.STORAGE_EMULATOR_HOST;

  beforeAll(async () => {
    delete process.env.STORAGE_EMULATOR_HOST;
    const apiEndpoint = await gcs.start();
    store = new GcsObjectStore({ bucket: 'test-bucket', storage: new Storage({ apiEndpoint, projectId: 'test' }) });
  });

  afterAll(async () => {
    await gcs.stop();
    if (savedEmulatorHost !== undefined) process.env.STORAGE_EMULATOR_HOST = savedEmulatorHost;
  });

  beforeEach(() => {
    gcs.requests.length = 0;
  });

  describe('write', () => {
    it('sends one multipart upload with the name, content type and exact bytes', async () => {
      gcs.responder = (request) => uploadAccepted(request);
      const payload = '{"games":[{"id":1,"note":"é"}]}';

      const stored = await store.write('raw/balldontlie/games/2025-11-05/run-1.json', payload, 'application/json');

      expect(stored).toEqual({
        path: 'raw/balldontlie/games/2025-11-05/run-1.json',
        uri: 'gs://test-bucket/raw/balldontlie/games/2025-11-05/run-1.json',
        bytes: Buffer.byteLength(payload),
      });
      expect(gcs.requests).toHaveLength(1);
      const [upload] = gcs.requests;
      expect(upload.method).toBe('POST');
      expect(upload.path).toBe('/upload/storage/v1/b/test-bucket/o');
      expect(upload.query).toEqual({ uploadType: 'multipart', name: 'raw/balldontlie/games/2025-11-05/run-1.json' });
      expect(upload.headers.authorization).toBeUndefined();
      const [metadata, media] = parseMultipart(upload);
      expect(JSON.parse(metadata.content.toString('utf8'))).toEqual({ contentType: 'application/json' });
      expect(media.headers['content-type']).toBe('application/json');
      expect(media.content.equals(Buffer.from(payload, 'utf8'))).toBe(true);
    });

    it('uploads Buffers byte for byte and lets the client infer a content type when none is given', async () => {
      gcs.responder = (request) => uploadAccepted(request);
      const binary = Buffer.from([0, 1, 2, 253, 254, 255]);

      await store.write('raw/blob.bin', binary);

      const [metadata, media] = parseMultipart(gcs.requests[0]);
      expect(JSON.parse(metadata.content.toString('utf8'))).toEqual({ contentType: 'application/octet-stream' });
      expect(media.content.equals(binary)).toBe(true);
    });

    it('fails, naming the object, when the checksum GCS reports does not match what was sent', async () => {
      gcs.responder = (request) =>
        request.method === 'POST' ? uploadAccepted(request, crc32c(Buffer.from('something else'))) : { status: 204 };

      await expect(store.write('raw/x.json', '{}', 'application/json')).rejects.toThrow(
        /^gcs object store: write gs:\/\/test-bucket\/raw\/x\.json failed: .*did not match/,
      );
      // The client removes the corrupt upload itself.
      expect(gcs.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        'POST /upload/storage/v1/b/test-bucket/o',
        'DELETE /storage/v1/b/test-bucket/o/raw%2Fx.json',
      ]);
    });

    it('wraps a refused upload with the object URI and the cause', async () => {
      gcs.responder = () => ({ status: 403, json: { error: { code: 403, message: 'caller lacks storage.objects.create' } } });

      const error = await store.write('raw/x.json', '{}').catch((caught: unknown) => caught);

      expect((error as Error).message).toBe('gcs object store: write gs://test-bucket/raw/x.json failed: caller lacks storage.objects.create');
      expect((error as Error).cause).toMatchObject({ code: 403 });
    });
  });

  describe('read', () => {
    it('downloads the media of the named object', async () => {
      const content = Buffer.from('{"ok":true}');
      gcs.responder = () => ({ status: 200, body: content, headers: { 'x-goog-hash': `crc32c=${crc32c(content)}` } });

      expect(await store.read('raw/x.json')).toEqual(content);
      expect(gcs.requests.map((r) => [r.method, r.path, r.query])).toEqual([['GET', '/storage/v1/b/test-bucket/o/raw%2Fx.json', { alt: 'media' }]]);
    });

    it('turns a 404 into ObjectNotFoundError naming the gs:// URI', async () => {
      gcs.responder = () => ({ status: 404, json: { error: { code: 404, message: 'No such object: test-bucket/raw/missing.json' } } });

      const error = await store.read('raw/missing.json').catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect((error as ObjectNotFoundError).uriOrPath).toBe('gs://test-bucket/raw/missing.json');
    });

    it('wraps other failures with the URI', async () => {
      gcs.responder = () => ({ status: 403, json: { error: { code: 403, message: 'forbidden' } } });

      await expect(store.read('raw/x.json')).rejects.toThrow('gcs object store: read gs://test-bucket/raw/x.json failed: ');
      await expect(store.read('raw/x.json')).rejects.not.toBeInstanceOf(ObjectNotFoundError);
    });
  });

  describe('exists', () => {
    it('asks for the object metadata and maps 200 / 404 to true / false', async () => {
      gcs.responder = (request) =>
        request.path.endsWith('present.json')
          ? { status: 200, json: { bucket: 'test-bucket', name: 'raw/present.json' } }
          : { status: 404, json: { error: { code: 404, message: 'Not Found' } } };

      expect(await store.exists('raw/present.json')).toBe(true);
      expect(await store.exists('raw/absent.json')).toBe(false);
      expect(gcs.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /storage/v1/b/test-bucket/o/raw%2Fpresent.json',
        'GET /storage/v1/b/test-bucket/o/raw%2Fabsent.json',
      ]);
    });
  });

  describe('list', () => {
    it('lists by prefix across pages, sorted, without folder placeholders', async () => {
      gcs.responder = (request) =>
        request.query.pageToken === 'page-2'
          ? { status: 200, json: { items: [{ name: 'raw/a/1.json' }] } }
          : { status: 200, json: { items: [{ name: 'raw/b/2.json' }, { name: 'raw/b/' }, { name: 'raw/b/10.json' }], nextPageToken: 'page-2' } };

      expect(await store.list('raw/')).toEqual(['raw/a/1.json', 'raw/b/10.json', 'raw/b/2.json']);
      expect(gcs.requests.map((r) => [r.method, r.path, r.query])).toEqual([
        ['GET', '/storage/v1/b/test-bucket/o', { prefix: 'raw/' }],
        ['GET', '/storage/v1/b/test-bucket/o', { prefix: 'raw/', pageToken: 'page-2' }],
      ]);
    });

    it('returns [] for an empty listing', async () => {
      gcs.responder = () => ({ status: 200, json: { kind: 'storage#objects' } });
      expect(await store.list('nothing/')).toEqual([]);
    });
  });

  it('refuses paths that are not relative object paths before any request', async () => {
    await expect(store.write('../x.json', '{}')).rejects.toThrow(InvalidObjectPathError);
    await expect(store.read('/abs.json')).rejects.toThrow(InvalidObjectPathError);
    await expect(store.list('a/../../')).rejects.toThrow(InvalidObjectPathError);
    expect(gcs.requests).toEqual([]);
  });

  it('builds gs:// URIs and refuses bucket names that are URIs', () => {
    expect(store.uri('raw/x.json')).toBe('gs://test-bucket/raw/x.json');
    expect(() => new GcsObjectStore({ bucket: 'gs://test-bucket' })).toThrow('bare bucket name');
  });
});
