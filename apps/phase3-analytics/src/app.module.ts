import { Module } from '@nestjs/common';
import { ProcessorRunRepository, ServiceDefinition } from '@lib/platform';
import { SourceCoverageRecorder } from '@lib/quality';
import { AnalyticsHandler } from './analytics.handler';
import { AnalyticsSummaryRepository } from './player-game-summary/analytics-summary.repository';
import { BoxScoreInputsRepository } from './player-game-summary/box-score-inputs.repository';
import { PlayerGameSummaryProcessor } from './player-game-summary/player-game-summary.processor';
import { AnalyticsTransitionService } from './transition/analytics-transition.service';
import { TransitionController } from './transition/transition.controller';
import { TransitionStateRepository } from './transition/transition-state.repository';

/** Player and team game summaries, started by the phase 2 → 3 transition. */
@Module({
  controllers: [TransitionController],
  providers: [
    TransitionStateRepository,
    AnalyticsTransitionService,
    BoxScoreInputsRepository,
    AnalyticsSummaryRepository,
    PlayerGameSummaryProcessor,
    ProcessorRunRepository,
    SourceCoverageRecorder,
  ],
  exports: [AnalyticsTransitionService, PlayerGameSummaryProcessor],
})
export class Phase3AnalyticsModule {}

export const phase3AnalyticsService: ServiceDefinition = {
  identity: { name: 'phase3-analytics', phase: 3 },
  imports: [Phase3AnalyticsModule],
  handler: AnalyticsHandler,
};
