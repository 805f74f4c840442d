import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  PHASE_STEPS,
  PhaseExecutionLogRepository,
  PhaseHandler,
  PhaseRunRequest,
  PhaseStep,
  PhaseStepsHandler,
  PhaseWorkResult,
  SERVICE_IDENTITY,
  ServiceIdentity,
  StepOutcome,
  summarizeSteps,
} from '@lib/platform';
import { PredictionsRepository } from './predictions.repository';

/**
 * Phase 5's runs, one at a time, each followed by the restatement of the later dates it changed.
 *
 * A date's predictions depend on earlier dates of the season: the probability calibrations and the
 * market blend are fitted on earlier predictions and the points they were graded against. So when a
 * run changes a date's predictions or grades (a healed game, a late rerun, a date predicted out of
 * order), every later date that already holds predictions was made from a history that no longer
 * exists: it is predicted and graded again, oldest first, inside the same run. The same happens
 * when the date's previous run failed or died (it may have changed the date and not finished the
 * restatement). The result is the same tables whatever order the dates arrived in. Runs are
 * serialized so that a date is never predicted while an earlier one is being rewritten (Cloud Run
 * keeps phase 5 to one instance).
 * Predictions frozen at tip-off stay frozen: a restatement rewrites only what a rerun may.
 */
@Injectable()
export class PredictionsPhaseHandler implements PhaseHandler {
  private readonly logger = new Logger(PredictionsPhaseHandler.name);
  private readonly steps: PhaseStepsHandler;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(PHASE_STEPS) steps: readonly PhaseStep[],
    private readonly repository: PredictionsRepository,
    private readonly executionLog: PhaseExecutionLogRepository,
    @Inject(SERVICE_IDENTITY) private readonly identity: Pick<ServiceIdentity, 'name'>,
  ) {
    this.steps = new PhaseStepsHandler(steps);
  }

  run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const run = this.tail.then(() => this.runAndRestate(request));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async runAndRestate(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    const previous = await this.executionLog.lastEndedStatus(this.identity.name, request.gameDate);
    const outcomes = await this.steps.runSteps(request);
    const result = summarizeSteps(outcomes);
    const changedHere = changedRows(outcomes);
    if (changedHere === 0 && previous !== 'failed') return result;
    const later = await this.repository.predictedDatesAfter(request.gameDate);
    if (later.length === 0) return result;

    const restated: string[] = [];
    const failed: string[] = [];
    let changed = 0;
    for (const gameDate of later) {
      try {
        const laterOutcomes = await this.steps.runSteps({ ...request, gameDate, upstream: undefined });
        changed += changedRows(laterOutcomes);
        restated.push(gameDate);
      } catch (error) {
        // the date keeps the predictions it had; the run says so and fails after the other dates, so it is retried
        const message = (error as Error).message;
        this.logger.error(`restating ${gameDate} after ${request.gameDate} changed failed: ${message}`, (error as Error).stack);
        failed.push(`${gameDate}: ${message}`);
      }
    }
    const why = changedHere > 0 ? 'whose history this run changed' : `after the date's previous run failed`;
    const note = `restated ${restated.length} later dates ${why} (${restated[0] ?? '-'} .. ${restated[restated.length - 1] ?? '-'}): ${changed} predictions and grades changed`;
    this.logger.log(`${request.gameDate}: ${note}`);
    if (failed.length > 0) {
      throw new Error(`${request.gameDate} changed, and restating ${failed.length} of ${later.length} later dates failed (${failed.join('; ')}); ${note}`);
    }
    return { ...result, detail: `${result.detail}; ${note}` };
  }
}

function changedRows(outcomes: readonly StepOutcome[]): number {
  return outcomes.reduce((sum, outcome) => sum + (outcome.result.changed ?? 0), 0);
}
