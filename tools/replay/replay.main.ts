import fs from 'node:fs';
import path from 'node:path';
import { clockFromSettings, loadPlatformConfig } from '@lib/platform';
import { FaultRule, validateFaultRules } from './fault.injector';
import { createReplayServer } from './replay.server';

/**
 * `npm run replay`: the bundled season on one loopback port, every upstream under its own prefix.
 *
 * REPLAY_DATA_DIR (default <repo>/data/season_2025_26), REPLAY_SAMPLES_DIR (default <data>/../samples),
 * REPLAY_BIGDATABALL_DIR (default <data>/bigdataball), REPLAY_PORT (8091), REPLAY_HOST (127.0.0.1),
 * REPLAY_INJURY_REPORT_DIR (none), REPLAY_FAULTS (JSON rules) or REPLAY_FAULTS_FILE (a file of them),
 * REPLAY_NOW (pins the replay clock, ISO date-time), else the local system's clock (CLOCK_START,
 * CLOCK_SPEED), REPLAY_ODDS_API_QUOTA (20000).
 */
function repositoryRoot(): string {
  let directory = __dirname;
  while (directory !== path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, 'package.json')) && fs.existsSync(path.join(directory, 'data'))) return directory;
    directory = path.dirname(directory);
  }
  return process.cwd();
}

function integerSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function faultRules(): FaultRule[] {
  const inline = process.env.REPLAY_FAULTS;
  const file = process.env.REPLAY_FAULTS_FILE;
  if (inline && file) throw new Error('set REPLAY_FAULTS or REPLAY_FAULTS_FILE, not both');
  const text = inline ?? (file ? fs.readFileSync(file, 'utf8') : undefined);
  if (!text) return [];
  try {
    return validateFaultRules(JSON.parse(text));
  } catch (error) {
    throw new Error(`${inline ? 'REPLAY_FAULTS' : `REPLAY_FAULTS_FILE ${file}`}: ${(error as Error).message}`, { cause: error });
  }
}

function replayClock(): () => Date {
  const raw = process.env.REPLAY_NOW;
  if (!raw) {
    const clock = clockFromSettings(loadPlatformConfig());
    return () => clock.now();
  }
  const pinned = new Date(raw);
  if (Number.isNaN(pinned.getTime())) throw new Error(`REPLAY_NOW must be an ISO date-time, got ${JSON.stringify(raw)}`);
  return () => pinned;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.REPLAY_DATA_DIR ?? path.join(repositoryRoot(), 'data', 'season_2025_26'));
  const server = await createReplayServer({
    dataDir,
    samplesDir: process.env.REPLAY_SAMPLES_DIR || undefined,
    bigdataballDir: process.env.REPLAY_BIGDATABALL_DIR || undefined,
    port: integerSetting('REPLAY_PORT', 8091, 0, 65535),
    host: process.env.REPLAY_HOST || '127.0.0.1',
    faults: faultRules(),
    now: replayClock(),
    injuryReportDir: process.env.REPLAY_INJURY_REPORT_DIR || undefined,
    oddsApiQuota: integerSetting('REPLAY_ODDS_API_QUOTA', 20_000, 0, Number.MAX_SAFE_INTEGER),
  });
  const lines = [
    `replay of ${dataDir} (${server.season.games.length} games, loaded in ${server.season.loadMs} ms) on ${server.url}`,
    ...Object.entries(server.sourceUrls).map(([source, url]) => `  ${source.padEnd(24)} ${url}`),
    `  ${'control'.padEnd(24)} ${server.url}/__replay/{faults,requests,clock}`,
    ...(server.faults().length > 0 ? [`  fault rules: ${server.faults().map((status) => status.rule.id).join(', ')}`] : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`replay: close failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`replay: ${error.message}\n`);
  process.exit(1);
});
