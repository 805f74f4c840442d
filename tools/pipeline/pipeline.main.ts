import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createPlatformLogger, loadPlatformConfig } from '@lib/platform';
import { parsePipelineArguments, PIPELINE_USAGE, PipelineArgumentError } from './pipeline-arguments';
import { formatPipelineReport } from './pipeline-report';
import { runPipeline } from './pipeline.runner';

/** `npm run pipeline -- --date YYYY-MM-DD` (or --from/--to): the whole pipeline on the configured defaults. */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parsePipelineArguments(argv);
  } catch (error) {
    if (!(error instanceof PipelineArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${PIPELINE_USAGE}\n`);
    return 2;
  }
  const config = loadPlatformConfig();
  Logger.overrideLogger(createPlatformLogger(config, 'pipeline'));
  const result = await runPipeline(args, config, { progress: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`\npipeline run ${result.correlationId}\n${formatPipelineReport(result.report)}\n`);
  return result.report.failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`pipeline failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
