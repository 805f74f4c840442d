import { SERVICE_NAMES } from '@lib/messaging';
import { LocalCluster } from '../tools/cluster/local-cluster';
import { isolatedConfig } from './support/test-config';

// The document's shape is inspected field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OpenApi = Record<string, any>;

describe('GET /openapi.json on every service', () => {
  let cluster: LocalCluster;
  const documents = new Map<string, OpenApi>();

  beforeAll(async () => {
    cluster = await LocalCluster.start({ config: await isolatedConfig({ LOCAL_REPLAY: 'false', LOCAL_SCHEDULER: 'off' }), withOpsServer: false });
    for (const service of SERVICE_NAMES) {
      const response = await fetch(`${cluster.serviceUrl(service)}/openapi.json`);
      expect([service, response.status]).toEqual([service, 200]);
      documents.set(service, (await response.json()) as OpenApi);
    }
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  it.each(SERVICE_NAMES)('%s: an OpenAPI 3 document of its own routes', (service) => {
    const document = documents.get(service)!;
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info).toMatchObject({ title: service, version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready', '/version', '/process_date', '/pubsub']));
  });

  it('lists the routes each phase adds, and only on that phase', () => {
    const paths = (service: string) => Object.keys(documents.get(service)!.paths);
    expect(paths('phase1-scrapers')).toEqual(expect.arrayContaining(['/workflows/evaluate', '/retries/run', '/reconciliation/run', '/self-heal/run']));
    expect(paths('phase3-analytics')).toContain('/transitions/check-deadlines');
    expect(paths('phase4-precompute')).toEqual(expect.arrayContaining(['/safety-net', '/boundary/release']));
    expect(paths('phase5-predictions')).toContain('/boundary/release');
    expect(paths('phase2-raw')).not.toContain('/safety-net');
  });

  it('describes POST /process_date from the DTO the validation pipe enforces', () => {
    const document = documents.get('phase2-raw')!;
    const body = document.paths['/process_date'].post.requestBody.content['application/json'].schema;
    expect(body).toEqual({ $ref: '#/components/schemas/ProcessDateRequest' });
    const schema = document.components.schemas.ProcessDateRequest;
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        game_date: { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        start_date: { type: 'string', format: 'date' },
        end_date: { type: 'string', format: 'date', description: 'also checked: notBefore' },
        backfill_mode: { type: 'boolean' },
      },
    });
    expect(schema.required ?? []).toEqual([]);
  });

  it('describes the push envelope, open to the fields Pub/Sub adds, with its 200 and 500 answers', () => {
    const document = documents.get('phase3-analytics')!;
    const push = document.paths['/pubsub'].post;
    expect(Object.keys(push.responses).sort()).toEqual(['200', '500']);
    const envelope = document.components.schemas.PushEnvelope;
    expect(envelope.required).toEqual(expect.arrayContaining(['message', 'subscription']));
    expect(envelope.properties.message).toEqual({ $ref: '#/components/schemas/PushMessage' });
    expect(envelope).not.toHaveProperty('additionalProperties');
  });
});
