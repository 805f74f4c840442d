import { parseArgs } from 'node:util';
import { isServiceName, ServiceName } from '../libs/messaging/src/topology/services';
import { cloudRunUrlPlaceholders, pubsubTopologyCommands, renderCommand } from './pubsub-topology.commands';

const USAGE = `usage: node dist/deploy/print-pubsub-commands.js --invoker-sa <email> [--project <id>]
         (--region <region> | --service-url <service>=<url> ...)

Prints the gcloud commands that create the Pub/Sub topics, dead-letter topics and push subscriptions
declared in libs/messaging/src/topology/topology.ts. Services without --service-url get a
$(gcloud run services describe …) placeholder for --region.`;

/** The printed script for the given command line; throws with the usage on bad input. */
export function printPubSubCommands(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      region: { type: 'string' },
      'invoker-sa': { type: 'string' },
      'service-url': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return USAGE;
  const invoker = values['invoker-sa'];
  if (!invoker) throw new Error(`--invoker-sa is required\n${USAGE}`);

  const serviceUrls: Partial<Record<ServiceName, string>> = values.region ? cloudRunUrlPlaceholders(values.region, values.project) : {};
  for (const pair of values['service-url'] ?? []) {
    const separator = pair.indexOf('=');
    const service = pair.slice(0, separator);
    const url = pair.slice(separator + 1);
    if (separator < 1 || !isServiceName(service) || !url) {
      throw new Error(`--service-url ${JSON.stringify(pair)} is not <service>=<url> with a known service\n${USAGE}`);
    }
    serviceUrls[service] = url;
  }

  const commands = pubsubTopologyCommands({ serviceUrls, pushInvokerServiceAccount: invoker, projectId: values.project });
  const topics = commands.filter((command) => command[2] === 'topics');
  const subscriptions = commands.filter((command) => command[2] === 'subscriptions');
  return [
    '# Pub/Sub topics and their dead-letter topics',
    ...topics.map(renderCommand),
    '',
    '# Push subscriptions (OIDC-authenticated, dead-lettered)',
    ...subscriptions.map(renderCommand),
  ].join('\n');
}

if (require.main === module) {
  try {
    process.stdout.write(`${printPubSubCommands(process.argv.slice(2))}\n`);
  } catch (error) {
    process.stderr.write(`print-pubsub-commands: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
