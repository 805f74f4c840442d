import { SERVICE_NAMES, ServiceName, TopicDefinition, TOPOLOGY } from '@lib/messaging';
import { renderCommand } from '../shell/shell-command';
import { GcloudCommand, pubsubTopologyCommands } from './pubsub-topology.commands';

const SERVICE_URLS = Object.fromEntries(SERVICE_NAMES.map((service) => [service, `https://${service}-abc123-uw.a.run.app`])) as Record<
  ServiceName,
  string
>;
const INVOKER = 'pubsub-push-invoker@nba-props.iam.gserviceaccount.com';

function build(topology: readonly TopicDefinition[] = TOPOLOGY, projectId?: string): GcloudCommand[] {
  return pubsubTopologyCommands({ serviceUrls: SERVICE_URLS, pushInvokerServiceAccount: INVOKER, projectId }, topology);
}

function flagsOf(command: GcloudCommand): Record<string, string> {
  return Object.fromEntries(
    command
      .filter((argument) => argument.startsWith('--'))
      .map((argument) => {
        const separator = argument.indexOf('=');
        return [argument.slice(2, separator), argument.slice(separator + 1)];
      }),
  );
}

describe('pubsubTopologyCommands', () => {
  const commands = build();
  const topicCommands = commands.filter((command) => command.slice(0, 4).join(' ') === 'gcloud pubsub topics create');
  const subscriptionCommands = commands.filter((command) => command.slice(0, 4).join(' ') === 'gcloud pubsub subscriptions create');

  it('emits only topic and subscription creations, topics first', () => {
    expect(topicCommands.length + subscriptionCommands.length).toBe(commands.length);
    expect(commands.slice(0, topicCommands.length)).toEqual(topicCommands);
  });

  it('creates every declared topic and its dead-letter topic, once each', () => {
    const created = topicCommands.map((command) => command[4]);
    const expected = TOPOLOGY.flatMap((topic) => [topic.name, topic.deadLetterTopic]);

    expect(created).toEqual(expected);
    expect(new Set(created).size).toBe(created.length);
    expect(topicCommands.every((command) => command.length === 5)).toBe(true);
  });

  it('creates exactly the declared subscriptions', () => {
    expect(subscriptionCommands.map((command) => command[4])).toEqual(
      TOPOLOGY.flatMap((topic) => topic.subscriptions.map((subscription) => subscription.name)),
    );
  });

  it.each(TOPOLOGY.flatMap((topic) => topic.subscriptions.map((subscription) => [subscription.name, topic, subscription] as const)))(
    'derives every flag of %s from its declaration',
    (name, topic, subscription) => {
      const command = subscriptionCommands.find((candidate) => candidate[4] === name)!;
      const serviceUrl = SERVICE_URLS[subscription.service];

      expect(flagsOf(command)).toEqual({
        topic: topic.name,
        'push-endpoint': `${serviceUrl}${subscription.pushPath}`,
        'push-auth-service-account': INVOKER,
        'push-auth-token-audience': serviceUrl,
        'ack-deadline': String(subscription.ackDeadlineSeconds),
        'dead-letter-topic': topic.deadLetterTopic,
        'max-delivery-attempts': String(subscription.maxDeliveryAttempts),
        'min-retry-delay': `${subscription.minimumBackoffSeconds}s`,
        'max-retry-delay': `${subscription.maximumBackoffSeconds}s`,
      });
    },
  );

  it('renders the phase 2 subscription literally as expected', () => {
    const line = renderCommand(subscriptionCommands.find((command) => command[4] === 'nba-phase2-raw-sub')!);

    expect(line).toBe(
      'gcloud pubsub subscriptions create nba-phase2-raw-sub --topic=nba-phase1-scrapers-complete ' +
        '--push-endpoint=https://phase2-raw-abc123-uw.a.run.app/pubsub ' +
        '--push-auth-service-account=pubsub-push-invoker@nba-props.iam.gserviceaccount.com ' +
        '--push-auth-token-audience=https://phase2-raw-abc123-uw.a.run.app ' +
        '--ack-deadline=600 --dead-letter-topic=nba-phase1-scrapers-complete-dlq --max-delivery-attempts=5 ' +
        '--min-retry-delay=10s --max-retry-delay=600s',
    );
  });

  it('creates the manual trigger topics and their DLQs literally', () => {
    const lines = topicCommands.map(renderCommand);
    expect(lines).toContain('gcloud pubsub topics create nba-phase3-trigger');
    expect(lines).toContain('gcloud pubsub topics create nba-phase4-trigger-dlq');
    expect(lines).toContain('gcloud pubsub topics create nba-phase5-predictions-complete');
  });

  it('adds --project to every command when given', () => {
    expect(build(TOPOLOGY, 'nba-props').every((command) => command[command.length - 1] === '--project=nba-props')).toBe(true);
  });

  it('strips a trailing slash from service URLs', () => {
    const [, , subscription] = pubsubTopologyCommands(
      { serviceUrls: { 'phase2-raw': 'https://phase2-raw.example/' }, pushInvokerServiceAccount: INVOKER },
      [TOPOLOGY[0]],
    );
    expect(flagsOf(subscription)['push-endpoint']).toBe('https://phase2-raw.example/pubsub');
    expect(flagsOf(subscription)['push-auth-token-audience']).toBe('https://phase2-raw.example');
  });

  it('names the service and subscription when a URL is missing', () => {
    expect(() => pubsubTopologyCommands({ serviceUrls: {}, pushInvokerServiceAccount: INVOKER })).toThrow(
      'no URL for service phase2-raw, which subscription nba-phase2-raw-sub on nba-phase1-scrapers-complete pushes to',
    );
  });

  it('refuses declarations outside Pub/Sub limits, naming the subscription', () => {
    const tooShort: TopicDefinition = {
      ...TOPOLOGY[0],
      subscriptions: [{ ...TOPOLOGY[0].subscriptions[0], ackDeadlineSeconds: 5 }],
    };
    const tooFewAttempts: TopicDefinition = {
      ...TOPOLOGY[0],
      subscriptions: [{ ...TOPOLOGY[0].subscriptions[0], maxDeliveryAttempts: 2 }],
    };

    expect(() => build([tooShort])).toThrow("subscription nba-phase2-raw-sub on nba-phase1-scrapers-complete: ackDeadlineSeconds 5 is outside Pub/Sub's allowed 10..600");
    expect(() => build([tooFewAttempts])).toThrow('maxDeliveryAttempts 2 is outside');
  });

  it('fits every declaration within Pub/Sub limits', () => {
    expect(() => build()).not.toThrow();
  });
});
