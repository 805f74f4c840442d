import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createPlatformLogger, loadPlatformConfig } from '@lib/platform';
import { CHAOS_USAGE, ChaosArgumentError, parseChaosArguments } from './chaos-arguments';
import { formatChaosReport } from './chaos-report';
import { runChaos } from './chaos.runner';

/**
 * `npm run chaos -- --seed N --from A --to B [--json]`: exit 0 only when the chaos run lost nothing,
 * duplicated nothing, mislabelled nothing and its tables equal a clean run's; 1 otherwise; 2 for bad arguments.
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseChaosArguments(argv);
  } catch (error) {
    if (!(error instanceof ChaosArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${CHAOS_USAGE}\n`);
    return 2;
  }
  const config = loadPlatformConfig();
  Logger.overrideLogger(createPlatformLogger(config, 'chaos'));
  const result = await runChaos(args, config, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `\n${formatChaosReport(result)}\n`);
  return result.passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`chaos run failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
