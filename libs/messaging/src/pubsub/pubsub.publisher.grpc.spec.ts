import { protos, PubSub } from '@google-cloud/pubsub';
import { TOPICS } from '../topology/topology';
import { PubSubPublisher } from './pubsub.publisher';

/**
 * The real @google-cloud/pubsub client in emulator mode (a non-googleapis apiEndpoint switches it to
 * insecure gRPC without credentials) against a loopback gRPC server answering Publisher.Publish.
 * grpc-js is taken from google-gax as @google-cloud/pubsub resolves it, so no dependency is added.
 */
interface GrpcServerCall {
  request: Buffer;
}
interface GrpcServer {
  addService(service: Record<string, unknown>, implementation: Record<string, unknown>): void;
  bindAsync(address: string, credentials: unknown, callback: (error: Error | null, port: number) => void): void;
  forceShutdown(): void;
}
interface GrpcModule {
  Server: new () => GrpcServer;
  ServerCredentials: { createInsecure(): unknown };
}

const grpc = (require(require.resolve('google-gax', { paths: [require.resolve('@google-cloud/pubsub')] })) as { grpc: GrpcModule }).grpc;
const { PublishRequest, PublishResponse } = protos.google.pubsub.v1;

describe('PubSubPublisher through the real PubSub client on a loopback gRPC server', () => {
  const requests: protos.google.pubsub.v1.PublishRequest[] = [];
  const savedMetadataDetection = process.env.METADATA_SERVER_DETECTION;
  let server: GrpcServer;
  let pubsub: PubSub;

  beforeAll(async () => {
    // The client asks Application Default Credentials for the universe domain even in emulator mode;
    // this keeps that from probing the GCE metadata server.
    process.env.METADATA_SERVER_DETECTION = 'none';
    server = new grpc.Server();
    const passThrough = (value: Buffer) => value;
    server.addService(
      {
        publish: {
          path: '/google.pubsub.v1.Publisher/Publish',
          requestStream: false,
          responseStream: false,
          requestSerialize: passThrough,
          requestDeserialize: passThrough,
          responseSerialize: passThrough,
          responseDeserialize: passThrough,
        },
      },
      {
        publish: (call: GrpcServerCall, respond: (error: Error | null, response: Buffer) => void) => {
          const request = PublishRequest.decode(call.request);
          requests.push(request);
          const messageIds = request.messages.map((_, index) => `server-id-${requests.length}-${index}`);
          respond(null, Buffer.from(PublishResponse.encode({ messageIds }).finish()));
        },
      },
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    pubsub = new PubSub({ projectId: 'test-project', apiEndpoint: `127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await pubsub.close();
    server.forceShutdown();
    if (savedMetadataDetection === undefined) delete process.env.METADATA_SERVER_DETECTION;
    else process.env.METADATA_SERVER_DETECTION = savedMetadataDetection;
  });

  it('sends the JSON bytes and attributes to the fully qualified topic and returns the server message id', async () => {
    const publisher = new PubSubPublisher({ projectId: 'test-project', pubsub, currentCorrelationId: () => 'corr-9' });
    const payload = { schema_version: '1', game_date: '2025-11-05', path: 'raw/x.json' };

    const published = await publisher.publish(TOPICS.phase1Complete, payload, { source: 'grpc-test' });
    await publisher.close();

    expect(published).toEqual({ topic: 'nba-phase1-scrapers-complete', messageId: 'server-id-1-0' });
    expect(requests).toHaveLength(1);
    expect(requests[0].topic).toBe('projects/test-project/topics/nba-phase1-scrapers-complete');
    expect(requests[0].messages).toHaveLength(1);
    const [message] = requests[0].messages;
    expect(Buffer.from(message.data as Uint8Array).toString('utf8')).toBe(JSON.stringify(payload));
    expect(message.attributes).toEqual({ source: 'grpc-test', correlation_id: 'corr-9', schema_version: '1' });
  });
});
