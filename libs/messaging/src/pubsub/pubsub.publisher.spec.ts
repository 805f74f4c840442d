import { PubSub } from '@google-cloud/pubsub';
import { TopicName, TOPICS, TOPOLOGY } from '../topology/topology';
import { PubSubClient, PubSubPublisher, PubSubTopicHandle } from './pubsub.publisher';

interface PublishCall {
  topic: string;
  data: Buffer;
  attributes: Record<string, string>;
}

/** Records what the publisher asks of the client, in place of the gRPC-backed PubSub. */
class RecordingPubSub implements PubSubClient {
  readonly topicLookups: string[] = [];
  readonly published: PublishCall[] = [];
  readonly flushed: string[] = [];
  closed = 0;
  failPublishWith?: Error;
  failFlushOf = new Set<string>();

  topic(name: string): PubSubTopicHandle {
    this.topicLookups.push(name);
    return {
      publishMessage: async ({ data, attributes }) => {
        if (this.failPublishWith) throw this.failPublishWith;
        this.published.push({ topic: name, data, attributes });
        return `message-${this.published.length}`;
      },
      flush: async () => {
        if (this.failFlushOf.has(name)) throw new Error(`flush of ${name} refused`);
        this.flushed.push(name);
      },
    };
  }

  async close(): Promise<void> {
    this.closed += 1;
  }
}

describe('PubSubPublisher', () => {
  let pubsub: RecordingPubSub;
  let correlationId: string | undefined;
  let publisher: PubSubPublisher;

  beforeEach(() => {
    pubsub = new RecordingPubSub();
    correlationId = 'corr-123';
    publisher = new PubSubPublisher({ projectId: 'test', pubsub, currentCorrelationId: () => correlationId });
  });

  it('publishes the payload as UTF-8 JSON bytes to the named topic and returns the message id', async () => {
    const payload = { schema_version: '1', game_date: '2025-11-05', path: 'raw/x.json', note: 'é' };

    const published = await publisher.publish(TOPICS.phase1Complete, payload);

    expect(published).toEqual({ topic: 'nba-phase1-scrapers-complete', messageId: 'message-1' });
    expect(pubsub.published).toHaveLength(1);
    const [call] = pubsub.published;
    expect(call.topic).toBe('nba-phase1-scrapers-complete');
    expect(Buffer.isBuffer(call.data)).toBe(true);
    expect(call.data.equals(Buffer.from(JSON.stringify(payload), 'utf8'))).toBe(true);
    expect(JSON.parse(call.data.toString('utf8'))).toEqual(payload);
  });

  it('adds correlation_id from the current context and schema_version from the payload', async () => {
    await publisher.publish(TOPICS.phase2Complete, { schema_version: '2', rows: 10 }, { source: 'test' });

    expect(pubsub.published[0].attributes).toEqual({ source: 'test', correlation_id: 'corr-123', schema_version: '2' });
  });

  it("keeps the caller's correlation_id", async () => {
    await publisher.publish(TOPICS.phase2Complete, { rows: 1 }, { correlation_id: 'from-caller' });

    expect(pubsub.published[0].attributes).toEqual({ correlation_id: 'from-caller' });
  });

  it('sends no correlation_id when there is none in context and none given', async () => {
    correlationId = undefined;

    await publisher.publish(TOPICS.phase2Complete, { rows: 1 });

    expect(pubsub.published[0].attributes).toEqual({});
  });

  it('stringifies a numeric schema_version and refuses other types or a contradicting attribute', async () => {
    await publisher.publish(TOPICS.phase3Complete, { schema_version: 3 });
    expect(pubsub.published[0].attributes.schema_version).toBe('3');

    await expect(publisher.publish(TOPICS.phase3Complete, { schema_version: { major: 1 } })).rejects.toThrow(
      'pubsub publisher: payload for nba-phase3-analytics-complete has schema_version of type object',
    );
    await expect(publisher.publish(TOPICS.phase3Complete, { schema_version: '2' }, { schema_version: '1' })).rejects.toThrow(
      'attribute schema_version="1" contradicts payload.schema_version="2"',
    );
    expect(pubsub.published).toHaveLength(1);
  });

  it('does not mutate the caller attributes', async () => {
    const attributes = { source: 'test' };
    await publisher.publish(TOPICS.phase2Complete, { schema_version: '1' }, attributes);
    expect(attributes).toEqual({ source: 'test' });
  });

  it('refuses a topic not declared in TOPOLOGY before touching the client', async () => {
    await expect(publisher.publish('nba-made-up-topic' as TopicName, {})).rejects.toThrow(
      'pubsub publisher: topic "nba-made-up-topic" is not declared in TOPOLOGY',
    );
    expect(pubsub.topicLookups).toEqual([]);
  });

  it('accepts every declared topic', async () => {
    for (const definition of TOPOLOGY) await publisher.publish(definition.name as TopicName, {});
    expect(pubsub.published.map((call) => call.topic)).toEqual(TOPOLOGY.map((definition) => definition.name));
  });

  it('names the topic when the payload cannot be serialised', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    await expect(publisher.publish(TOPICS.phase4Complete, circular)).rejects.toThrow(
      'pubsub publisher: payload for nba-phase4-precompute-complete is not JSON-serialisable',
    );
  });

  it('names the topic and project when publishing fails', async () => {
    pubsub.failPublishWith = new Error('PERMISSION_DENIED: no pubsub.topics.publish');

    const error = await publisher.publish(TOPICS.phase5Complete, {}).catch((caught: unknown) => caught);

    expect((error as Error).message).toBe(
      'pubsub publisher: publish to nba-phase5-predictions-complete (project test) failed: PERMISSION_DENIED: no pubsub.topics.publish',
    );
    expect((error as Error).cause).toBe(pubsub.failPublishWith);
  });

  it('looks each Topic up once', async () => {
    await publisher.publish(TOPICS.phase1Complete, {});
    await publisher.publish(TOPICS.phase1Complete, {});
    await publisher.publish(TOPICS.phase2Complete, {});

    expect(pubsub.topicLookups).toEqual(['nba-phase1-scrapers-complete', 'nba-phase2-raw-complete']);
  });

  it('flushes every used topic on close, leaves an injected client open, and refuses later publishes', async () => {
    await publisher.publish(TOPICS.phase1Complete, {});
    await publisher.publish(TOPICS.phase3Trigger, {});

    await publisher.close();
    await publisher.close();

    expect(pubsub.flushed.sort()).toEqual(['nba-phase1-scrapers-complete', 'nba-phase3-trigger']);
    expect(pubsub.closed).toBe(0);
    await expect(publisher.publish(TOPICS.phase1Complete, {})).rejects.toThrow('publish to nba-phase1-scrapers-complete after close()');
  });

  it('reports a failed flush by topic after flushing the others', async () => {
    await publisher.publish(TOPICS.phase1Complete, {});
    await publisher.publish(TOPICS.phase2Complete, {});
    pubsub.failFlushOf.add('nba-phase1-scrapers-complete');

    await expect(publisher.close()).rejects.toThrow('pubsub publisher: flushing nba-phase1-scrapers-complete on close failed: flush of nba-phase1-scrapers-complete refused');
    expect(pubsub.flushed).toEqual(['nba-phase2-raw-complete']);
  });

  it('requires a project id', () => {
    expect(() => new PubSubPublisher({ projectId: '' })).toThrow('pubsub publisher: projectId is required');
  });

  it('accepts a real PubSub client as its client type', () => {
    const real: PubSubClient = new PubSub({ projectId: 'test' });
    expect(typeof real.topic).toBe('function');
  });
});
