import fs from 'node:fs';
import path from 'node:path';
import { clockFromSettings, loadPlatformConfig } from '@lib/platform';
import { createReplayServer } from './replay.server';
import { integerSetting, replaySettingsFromEnvironment } from './replay-settings';

/**
 * `npm run replay`: the bundled season on one loopback port, every upstream under its own prefix.
 * REPLAY_PORT (8091), REPLAY_HOST (127.0.0.1), and the REPLAY_* settings of replay-settings.ts;
 * without REPLAY_NOW it runs on the local system's clock (CLOCK_START, CLOCK_SPEED).
 */
function repositoryRoot(): string {
  let directory = __dirname;
  while (directory !== path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, 'package.json')) && fs.existsSync(path.join(directory, 'data'))) return directory;
    directory = path.dirname(directory);
  }
  return process.cwd();
}

async function main(): Promise<void> {
  const settings = replaySettingsFromEnvironment(process.env, path.join(repositoryRoot(), 'data', 'season_2025_26'));
  const dataDir = settings.dataDir;
  const clock = clockFromSettings(loadPlatformConfig());
  const server = await createReplayServer({
    ...settings,
    now: settings.now ?? (() => clock.now()),
    port: integerSetting(process.env, 'REPLAY_PORT', 8091, 0, 65535),
    host: process.env.REPLAY_HOST || '127.0.0.1',
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
