import { Module } from '@nestjs/common';
import { ProcessorRunRepository, ServiceDefinition } from '@lib/platform';
import { SourceCoverageRecorder } from '@lib/quality';
import { RawProcessors } from './processors/raw-processors';
import { RawLoadHandler } from './raw-load/raw-load.handler';
import { RawLoadService } from './raw-load/raw-load.service';
import { StoredPayloadRepository } from './raw-load/stored-payload.repository';

/** Raw processors: each phase 1 payload, validated whole, upserted into its nba_raw table. */
@Module({
  providers: [
    { provide: RawProcessors, useValue: new RawProcessors() },
    RawLoadService,
    StoredPayloadRepository,
    ProcessorRunRepository,
    SourceCoverageRecorder,
    RawLoadHandler,
  ],
  exports: [RawLoadService, StoredPayloadRepository, RawProcessors],
})
export class Phase2RawModule {}

export const phase2RawService: ServiceDefinition = {
  identity: { name: 'phase2-raw', phase: 2 },
  imports: [Phase2RawModule],
  handler: RawLoadHandler,
};
