import { Module } from '@nestjs/common';
import { PlatformConfig } from '../config/platform-config';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { StatusController } from './status.controller';
import { StatusRepository } from './status.repository';
import { phase1VersionsReader, STATUS_VERSIONS, StatusService } from './status.service';

/** The status page, for the service that serves it in production (phase 1). */
@Module({
  controllers: [StatusController],
  providers: [
    StatusRepository,
    StatusService,
    { provide: STATUS_VERSIONS, inject: [PlatformConfig, SERVICE_IDENTITY], useFactory: (config: PlatformConfig, identity: ServiceIdentity) => phase1VersionsReader(config, identity) },
  ],
  exports: [StatusRepository],
})
export class StatusModule {}
