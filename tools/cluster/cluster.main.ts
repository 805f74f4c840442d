import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createPlatformLogger, loadPlatformConfig, onShutdownSignal } from '@lib/platform';
import { LocalCluster } from './local-cluster';
import { locatePubSubEmulator, RunningEmulator, startPubSubEmulator } from './pubsub-emulator';

const EMULATOR_FLAG = '--pubsub-emulator';
const EMULATOR_PROJECT = 'nba-props-local';

/**
 * `npm start`: the five services on loopback until SIGINT/SIGTERM.
 * `npm start -- --pubsub-emulator` wires them through Google's Pub/Sub emulator instead of the relay:
 * it starts one (or uses PUBSUB_EMULATOR_HOST when set) and creates the declared topology there.
 */
async function main(): Promise<void> {
  const unknown = process.argv.slice(2).filter((argument) => argument !== EMULATOR_FLAG);
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(' ')} (the only flag is ${EMULATOR_FLAG})`);
  let emulator: RunningEmulator | undefined;
  if (process.argv.includes(EMULATOR_FLAG)) {
    if (!process.env.PUBSUB_EMULATOR_HOST) {
      const location = locatePubSubEmulator();
      if (!location.found) throw new Error(`${EMULATOR_FLAG}: ${location.reason}`);
      emulator = await startPubSubEmulator({ command: location.command });
      process.env.PUBSUB_EMULATOR_HOST = emulator.host;
    }
    process.env.MESSAGING = 'pubsub';
    process.env.GCP_PROJECT ??= EMULATOR_PROJECT;
  }
  const config = loadPlatformConfig();
  Logger.overrideLogger(createPlatformLogger(config, 'local-cluster'));
  if (emulator) new Logger('LocalCluster').log(`started the Pub/Sub emulator on ${emulator.host}`);
  let cluster: LocalCluster;
  try {
    cluster = await LocalCluster.start({ config });
  } catch (error) {
    await emulator?.stop();
    throw error;
  }
  onShutdownSignal(async (signal) => {
    new Logger('LocalCluster').log(`${signal}: letting in-flight requests and deliveries finish (at most ${config.SHUTDOWN_DEADLINE_MS} ms)`);
    await cluster.stop();
    await emulator?.stop();
  }, config.SHUTDOWN_DEADLINE_MS);
}

main().catch((error: Error) => {
  process.stderr.write(`local cluster failed to start: ${error.message}\n`);
  process.exit(1);
});
