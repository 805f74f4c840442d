import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { loadPlatformConfig, PlatformLogger, resolveLogFormat } from '@lib/platform';
import { FaultWindow, parseFaultWindows } from './fault-windows';
import { buildGameDayReport } from './game-day.report';
import { formatSimulation } from './simulation.format';
import { simulateGameDay } from './simulation.runner';
import { buildTimeline } from './timeline.builder';
import { parseSimulateArguments, SIMULATE_USAGE, SimulateArgumentError } from './simulate-arguments';

/** `npm run simulate -- --date D`: the live path of one game day, run whole on the local cluster's clock. */
async function main(argv: string[]): Promise<number> {
  let args;
  let faults: FaultWindow[] = [];
  try {
    args = parseSimulateArguments(argv);
    if (args.faultsFile) faults = parseFaultWindows(JSON.parse(fs.readFileSync(args.faultsFile, 'utf8')), args.date);
  } catch (error) {
    if (!(error instanceof SimulateArgumentError) && !(error instanceof SyntaxError) && (error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as Error).name !== 'FaultWindowError') throw error;
    process.stderr.write(`${(error as Error).message}\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  // The services' own logs would drown the timeline: warnings and errors only (unless LOG_LEVEL says otherwise), on stderr.
  const config = loadPlatformConfig({ LOG_LEVEL: 'warn', ...process.env });
  const logger = new PlatformLogger({
    format: resolveLogFormat(config.LOG_FORMAT),
    level: config.LOG_LEVEL,
    defaultService: 'simulate',
    write: (line) => process.stderr.write(`${line}\n`),
  });
  Logger.overrideLogger(logger);
  const dataDir = path.resolve(args.dataDir ?? path.join(config.DATA_DIR, 'simulations', args.date));
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  progress(`simulating ${args.date} at ${args.speed}x in ${dataDir}${faults.length > 0 ? ` with ${faults.length} fault windows` : ''}`);
  const day = await simulateGameDay({ date: args.date, speed: args.speed, faults, config, dataDir, bigDataBallDir: args.bigDataBallDir, logger, progress });
  const timeline = buildTimeline(day);
  const report = buildGameDayReport(day);
  if (args.json) process.stdout.write(`${JSON.stringify({ ...report, timeline, data_dir: dataDir }, null, 2)}\n`);
  else process.stdout.write(`${formatSimulation(day, timeline, report, dataDir)}\n`);
  return report.verdicts.every((verdict) => verdict.status === 'ok') ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`simulate failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
