import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Clock } from '../clock/clock';
import { clockFromSettings } from '../clock/running-clock';
import { loadPlatformConfig, PlatformConfig } from '../config/platform-config';
import { closeInfrastructure, createInfrastructure, Infrastructure } from '../infrastructure/infrastructure';
import { PlatformLogger, resolveLogFormat } from '../logging/platform-logger';
import { PlatformModule, ServiceDefinition } from '../platform.module';
import { PushTokenVerifier } from '../pubsub/push-token.verifier';
import { PushAuthGuard } from '../pubsub/push-auth.guard';
import { PushDeliveryService } from '../pubsub/push-delivery.service';
import { answerKnownDuplicates } from '../pubsub/known-duplicate.middleware';
import { applyEdgeBodyLimits } from '../validation/edge-body.limits';
import { readBuildInfo } from '../version/build-info';
import { buildOpenApiDocument, OPENAPI_PATH } from '../openapi/openapi-document.builder';
import { ServiceIdentity } from './service-identity';

export function createPlatformLogger(config: PlatformConfig, defaultService?: string): PlatformLogger {
  return new PlatformLogger({
    format: resolveLogFormat(config.LOG_FORMAT),
    level: config.LOG_LEVEL,
    projectId: config.GCP_PROJECT,
    defaultService,
  });
}

/** Builds one service's Nest application on the given infrastructure (not listening yet). */
export async function createServiceApp(
  definition: ServiceDefinition,
  infrastructure: Infrastructure,
  options: { logger?: PlatformLogger; pushTokenVerifier?: PushTokenVerifier; clock?: Clock } = {},
): Promise<INestApplication> {
  const build = readBuildInfo(infrastructure.config.GIT_COMMIT);
  const identity: ServiceIdentity = {
    ...definition.identity,
    version: build.version,
    commit: build.commit,
    builtAt: build.builtAt,
    startedAt: new Date().toISOString(),
  };
  const logger = options.logger ?? createPlatformLogger(infrastructure.config, definition.identity.name);
  const app = await NestFactory.create<NestExpressApplication>(
    PlatformModule.forService({ definition, identity, infrastructure, pushTokenVerifier: options.pushTokenVerifier, clock: options.clock }),
    { logger, bufferLogs: false, abortOnError: false },
  );
  applyEdgeBodyLimits(app, infrastructure.config);
  app.use(answerKnownDuplicates(app.get(PushDeliveryService), app.get(PushAuthGuard)));
  const openApi = buildOpenApiDocument(app, identity);
  const http = app.getHttpAdapter();
  http.get(OPENAPI_PATH, (_request: unknown, response: unknown) => http.reply(response, openApi, 200));
  return app;
}

/**
 * A service's main(): configuration checked first (a bad setting stops start-up naming it), then
 * infrastructure, then HTTP on $PORT; SIGTERM lets in-flight requests finish before closing.
 */
export async function bootstrapService(definition: ServiceDefinition): Promise<void> {
  let config: PlatformConfig;
  try {
    config = loadPlatformConfig();
  } catch (error) {
    process.stderr.write(`${definition.identity.name} cannot start: ${(error as Error).message}\n`);
    process.exit(78);
  }
  const logger = createPlatformLogger(config, definition.identity.name);
  let infrastructure: Infrastructure;
  let app: INestApplication;
  try {
    infrastructure = await createInfrastructure(config);
    app = await createServiceApp(definition, infrastructure, { logger, clock: clockFromSettings(config) });
    await app.listen(config.PORT, '0.0.0.0');
  } catch (error) {
    // Logged as a JSON line with stack_trace (Error Reporting picks it up), then the process stops.
    logger.fatal(`${definition.identity.name} failed to start: ${(error as Error).message}`, (error as Error).stack, 'Bootstrap');
    process.exit(1);
  }
  const bootLogger = new Logger('Bootstrap');
  bootLogger.log(`${definition.identity.name} listening on port ${config.PORT}`);
  onShutdownSignal(async (signal) => {
    bootLogger.log(`${signal}: finishing in-flight requests (at most ${config.SHUTDOWN_DEADLINE_MS} ms), then closing`);
    await app.close();
    await closeInfrastructure(infrastructure);
  }, config.SHUTDOWN_DEADLINE_MS);
}

export type ShutdownOutcome = 'completed' | 'failed' | 'abandoned';

/**
 * Runs the shutdown, but waits for it at most `deadlineMs` (SHUTDOWN_DEADLINE_MS): past that, what is
 * still in flight is abandoned. Nothing it held was acknowledged, so Pub/Sub redelivers its messages.
 */
export async function shutdownWithin(shutdown: () => Promise<void>, deadlineMs: number, report: (line: string) => void): Promise<ShutdownOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve('abandoned'), deadlineMs);
  });
  const finished = shutdown().then(
    (): ShutdownOutcome => 'completed',
    (error: Error): ShutdownOutcome => {
      report(`shutdown failed: ${error.stack ?? error.message}`);
      return 'failed';
    },
  );
  const outcome = await Promise.race([finished, deadline]);
  clearTimeout(timer);
  if (outcome === 'abandoned') {
    report(`in-flight work still running after ${deadlineMs} ms (SHUTDOWN_DEADLINE_MS): abandoning it; its unacknowledged messages will be redelivered`);
  }
  return outcome;
}

/**
 * Runs the shutdown once on the first SIGINT or SIGTERM, within the deadline, then exits: 0 when it
 * completed, 1 when it threw or was abandoned (said on stderr, not swallowed). A second signal exits at once.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>, deadlineMs: number): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
    shuttingDown = true;
    void shutdownWithin(() => shutdown(signal), deadlineMs, (line) => process.stderr.write(`${line}\n`)).then((outcome) => process.exit(outcome === 'completed' ? 0 : 1));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
