import { Injectable } from '@nestjs/common';
import { isDateScoped, PhaseTriggerMessage, RawDateCompletionMessage, RawProcessorCompletionMessage } from '@lib/messaging';
import { PhaseHandler, PhaseRunRequest, PhaseWorkResult, RunDecision } from '@lib/platform';
import { PlayerGameSummaryProcessor } from './player-game-summary/player-game-summary.processor';
import { AnalyticsTransitionService } from './transition/analytics-transition.service';

/** Phase 3: each phase 2 completion is counted by the transition; when it fires, the summaries are built. */
@Injectable()
export class AnalyticsHandler implements PhaseHandler {
  constructor(
    private readonly transitions: AnalyticsTransitionService,
    private readonly playerGameSummary: PlayerGameSummaryProcessor,
  ) {}

  /** A phase 2 completion (of one load, or of a date's loads) goes through the transition; a manual trigger (nba-phase3-trigger) runs the date now. */
  async decide(message: PhaseTriggerMessage): Promise<RunDecision> {
    if (isDateScoped(message)) return this.transitions.onDateLoaded(message as RawDateCompletionMessage);
    if (!isProcessorCompletion(message)) return { run: true };
    return this.transitions.onProcessorCompleted(message);
  }

  run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    return this.playerGameSummary.run(request);
  }
}

function isProcessorCompletion(message: PhaseTriggerMessage): message is RawProcessorCompletionMessage {
  return typeof (message as Partial<RawProcessorCompletionMessage>).processor === 'string';
}
