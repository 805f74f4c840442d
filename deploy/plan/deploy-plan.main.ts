import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { isServiceName, SERVICE_NAMES } from '@lib/messaging';
import { renderStep } from '../shell/shell-command';
import { deployPlan } from './deploy-plan';

const USAGE = `usage: node dist/deploy/plan/deploy-plan.main.js <${SERVICE_NAMES.join('|')}|all>
         --project <id> --region <region> --commit <sha> --bucket <name> [--bigquery-location <loc>]

Prints the deploy as a shell script, one command a line (deploy/deploy.sh prints or runs it).`;

/** The printed script for a command line; throws naming the bad argument, with the usage. */
export function printDeployPlan(argv: string[]): string {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      project: { type: 'string' },
      region: { type: 'string' },
      commit: { type: 'string' },
      bucket: { type: 'string' },
      'bigquery-location': { type: 'string', default: 'US' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return USAGE;
  const selection = positionals[0];
  if (positionals.length !== 1 || !selection || (selection !== 'all' && !isServiceName(selection))) {
    throw new Error(`name one service or "all" (got ${JSON.stringify(positionals.join(' '))})\n${USAGE}`);
  }
  for (const name of ['project', 'region', 'commit', 'bucket'] as const) {
    if (!values[name]) throw new Error(`--${name} is required\n${USAGE}`);
  }
  const steps = deployPlan(
    { projectId: values.project!, region: values.region!, commit: values.commit!, bucket: values.bucket!, bigQueryLocation: values['bigquery-location']! },
    selection,
  );
  return steps.map(renderStep).join('\n');
}

if (require.main === module) {
  try {
    process.stdout.write(`${printDeployPlan(process.argv.slice(2))}\n`);
  } catch (error) {
    process.stderr.write(`deploy plan: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
