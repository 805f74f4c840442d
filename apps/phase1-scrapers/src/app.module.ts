import { Module } from '@nestjs/common';
import { ServiceDefinition, StatusModule } from '@lib/platform';
import { SourceAvailabilityRepository } from './expected-games/source-availability.repository';
import { ProactiveChecksController } from './monitoring/proactive-checks.controller';
import { ProactiveChecksRepository } from './monitoring/proactive-checks.repository';
import { ProactiveChecksService } from './monitoring/proactive-checks.service';
import { ReconciliationController } from './reconciliation/reconciliation.controller';
import { ReconciliationRepository } from './reconciliation/reconciliation.repository';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { RetryQueueController } from './retries/retry-queue.controller';
import { DateOrderGate } from './scrape-date/date-order.gate';
import { DateOrderRepository } from './scrape-date/date-order.repository';
import { ScrapeDateHandler } from './scrape-date/scrape-date.handler';
import { ScraperExecutionLogRepository } from './scraping/scraper-execution-log.repository';
import { ScraperRunner } from './scraping/scraper.runner';
import { Phase1Scrapers } from './sources/phase1-scrapers';
import { UpstreamClients } from './upstreams/upstream-clients';
import { WorkflowDecisionRepository } from './workflows/workflow-decision.repository';
import { WorkflowController } from './workflows/workflow.controller';
import { WorkflowService } from './workflows/workflow.service';

/** Scrapers of every upstream, run per date with fallbacks and an expected-versus-got check. */
@Module({
  imports: [StatusModule],
  controllers: [WorkflowController, RetryQueueController, ReconciliationController, ProactiveChecksController],
  providers: [
    UpstreamClients,
    Phase1Scrapers,
    ScraperRunner,
    ScraperExecutionLogRepository,
    SourceAvailabilityRepository,
    DateOrderRepository,
    DateOrderGate,
    ScrapeDateHandler,
    WorkflowDecisionRepository,
    WorkflowService,
    ReconciliationRepository,
    ReconciliationService,
    ProactiveChecksRepository,
    ProactiveChecksService,
  ],
  exports: [UpstreamClients, Phase1Scrapers, ScraperRunner, ScraperExecutionLogRepository, SourceAvailabilityRepository, DateOrderGate],
})
export class Phase1ScrapersModule {}

export const phase1ScrapersService: ServiceDefinition = {
  identity: { name: 'phase1-scrapers', phase: 1 },
  imports: [Phase1ScrapersModule],
  handler: ScrapeDateHandler,
};
