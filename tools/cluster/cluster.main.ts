import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createPlatformLogger, loadPlatformConfig, onShutdownSignal } from '@lib/platform';
import { LocalCluster } from './local-cluster';

/** `npm start`: the five services on loopback until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadPlatformConfig();
  Logger.overrideLogger(createPlatformLogger(config, 'local-cluster'));
  const cluster = await LocalCluster.start({ config });
  onShutdownSignal(async (signal) => {
    new Logger('LocalCluster').log(`${signal}: letting in-flight requests and deliveries finish (at most ${config.SHUTDOWN_DEADLINE_MS} ms)`);
    await cluster.stop();
  }, config.SHUTDOWN_DEADLINE_MS);
}

main().catch((error: Error) => {
  process.stderr.write(`local cluster failed to start: ${error.message}\n`);
  process.exit(1);
});
