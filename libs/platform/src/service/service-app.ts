import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Clock } from '../clock/clock';
import { loadPlatformConfig, PlatformConfig } from '../config/platform-config';
import { closeInfrastructure, createInfrastructure, Infrastructure } from '../infrastructure/infrastructure';
import { PlatformLogger, resolveLogFormat } from '../logging/platform-logger';
import { PlatformModule, ServiceDefinition } from '../platform.module';
import { PushTokenVerifier } from '../pubsub/push-token.verifier';
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
  app.useBodyParser('json', { limit: '10mb' });
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
    app = await createServiceApp(definition, infrastructure, { logger });
    await app.listen(config.PORT, '0.0.0.0');
  } catch (error) {
    // Logged as a JSON line with stack_trace (Error Reporting picks it up), then the process stops.
    logger.fatal(`${definition.identity.name} failed to start: ${(error as Error).message}`, (error as Error).stack, 'Bootstrap');
    process.exit(1);
  }
  const bootLogger = new Logger('Bootstrap');
  bootLogger.log(`${definition.identity.name} listening on port ${config.PORT}`);
  onShutdownSignal(async (signal) => {
    bootLogger.log(`${signal}: finishing in-flight requests, then closing`);
    await app.close();
    await closeInfrastructure(infrastructure);
  });
}

/**
 * Runs the shutdown once on the first SIGINT or SIGTERM, then exits: 0 when it completed, 1 when it
 * threw (the error is printed, not swallowed). A second signal exits at once.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
  let shuttingDown = false;
  const handle = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      process.stderr.write(`${signal} again: exiting without waiting\n`);
      process.exit(130);
    }
    shuttingDown = true;
    shutdown(signal).then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`shutdown failed: ${error.stack ?? error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
