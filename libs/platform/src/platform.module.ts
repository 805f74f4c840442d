import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, Provider, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { DeadLetterRepository, MESSAGE_PUBLISHER } from '@lib/messaging';
import { OBJECT_STORE } from '@lib/storage';
import { WAREHOUSE } from '@lib/warehouse';
import { AlertNotificationRepository } from './alerts/alert-notification.repository';
import { AlertService } from './alerts/alert.service';
import { Clock, CLOCK, SYSTEM_CLOCK } from './clock/clock';
import { PlatformConfig } from './config/platform-config';
import { CorrelationMiddleware } from './context/correlation.middleware';
import { HealthController } from './health/health.controller';
import { Infrastructure } from './infrastructure/infrastructure';
import { PhaseExecutionLogRepository } from './phase/phase-execution-log.repository';
import { PHASE_HANDLER, PhaseHandler } from './phase/phase-handler';
import { PhaseRunFailedFilter } from './phase/phase-run-failed.filter';
import { PhaseRunner } from './phase/phase-runner.service';
import { StuckRunController } from './phase/stuck-run.controller';
import { StuckRunRecoveryService } from './phase/stuck-run.recovery';
import { ProcessDateController } from './process-date/process-date.controller';
import { PUSH_TOKEN_VERIFIER, PushAuthGuard } from './pubsub/push-auth.guard';
import { PushController } from './pubsub/push.controller';
import { PushDeliveryService } from './pubsub/push-delivery.service';
import { PushTokenVerifier } from './pubsub/push-token.verifier';
import { ProcessedMessageRepository } from './pubsub/processed-message.repository';
import { MessageClaimRepository } from './pubsub/message-claim.repository';
import { SERVICE_IDENTITY, ServiceIdentity } from './service/service-identity';
import { VersionController } from './version/version.controller';

/** What an app hands the platform: its identity, its feature module, and the class doing its phase's work. */
export interface ServiceDefinition {
  identity: Pick<ServiceIdentity, 'name' | 'phase'>;
  /** Feature module(s) of the app; the handler may inject their providers. */
  imports?: Array<Type<unknown> | DynamicModule>;
  handler: Type<PhaseHandler>;
}

export interface PlatformModuleOptions {
  definition: ServiceDefinition;
  identity: ServiceIdentity;
  infrastructure: Infrastructure;
  /** Tests give a verifier with their own signing keys; otherwise PUSH_AUDIENCE decides. */
  pushTokenVerifier?: PushTokenVerifier;
  /** Tests walk a fixed clock through a game day; the system clock otherwise. */
  clock?: Clock;
}

/**
 * The shell every service shares: health, /version, /process_date, the Pub/Sub push endpoint,
 * correlation ids, and the infrastructure (warehouse, publisher, object store) as injectable tokens.
 */
@Global()
@Module({})
export class PlatformModule implements NestModule {
  static forService(options: PlatformModuleOptions): DynamicModule {
    const { infrastructure, identity, definition } = options;
    const verifier =
      options.pushTokenVerifier ??
      (infrastructure.config.PUSH_AUDIENCE
        ? new PushTokenVerifier({
            audience: infrastructure.config.PUSH_AUDIENCE,
            serviceAccountEmail: infrastructure.config.PUSH_SERVICE_ACCOUNT,
          })
        : undefined);
    const providers: Provider[] = [
      { provide: PlatformConfig, useValue: infrastructure.config },
      { provide: WAREHOUSE, useValue: infrastructure.warehouse },
      { provide: MESSAGE_PUBLISHER, useValue: infrastructure.publisher },
      { provide: OBJECT_STORE, useValue: infrastructure.objectStore },
      { provide: DeadLetterRepository, useValue: infrastructure.deadLetters },
      { provide: SERVICE_IDENTITY, useValue: identity },
      { provide: CLOCK, useValue: options.clock ?? SYSTEM_CLOCK },
      { provide: PUSH_TOKEN_VERIFIER, useValue: verifier },
      { provide: PHASE_HANDLER, useClass: definition.handler },
      PhaseExecutionLogRepository,
      ProcessedMessageRepository,
      MessageClaimRepository,
      PhaseRunner,
      StuckRunRecoveryService,
      PushDeliveryService,
      PushAuthGuard,
      AlertNotificationRepository,
      AlertService,
    ];
    return {
      module: PlatformModule,
      imports: [TerminusModule, ...(definition.imports ?? [])],
      controllers: [HealthController, VersionController, ProcessDateController, PushController, StuckRunController],
      providers: [...providers, { provide: APP_FILTER, useClass: PhaseRunFailedFilter }],
      exports: providers,
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorrelationMiddleware).forRoutes('*path');
  }
}
