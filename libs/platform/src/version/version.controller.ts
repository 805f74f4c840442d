import { Controller, Get, Inject } from '@nestjs/common';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';

export interface VersionResponse {
  service: string;
  version: string;
  commit: string;
  built_at: string | null;
  started_at: string;
}

/** What is running: the deploy drift check compares `commit` with the repository. */
@Controller('version')
export class VersionController {
  constructor(@Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity) {}

  @Get()
  version(): VersionResponse {
    return {
      service: this.identity.name,
      version: this.identity.version,
      commit: this.identity.commit,
      built_at: this.identity.builtAt,
      started_at: this.identity.startedAt,
    };
  }
}
