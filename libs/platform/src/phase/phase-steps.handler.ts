import { Inject, Injectable, Logger } from '@nestjs/common';
import { PhaseHandler, PhaseRunRequest, PhaseWorkResult } from './phase-handler';

/** One named unit of a phase's work for a date: a scraper, a raw processor, an analytics build. */
export interface PhaseStep {
  readonly name: string;
  run(request: PhaseRunRequest): Promise<PhaseWorkResult>;
}

export const PHASE_STEPS = Symbol('PHASE_STEPS');

/**
 * Runs a phase's steps in order for a date. A step that throws fails the run, naming the step;
 * 'partial' from any step makes the run partial and degraded. With no steps registered the run
 * says so in its detail rather than pretending work was done.
 */
@Injectable()
export class PhaseStepsHandler implements PhaseHandler {
  private readonly logger = new Logger(PhaseStepsHandler.name);

  constructor(@Inject(PHASE_STEPS) private readonly steps: readonly PhaseStep[]) {}

  async run(request: PhaseRunRequest): Promise<PhaseWorkResult> {
    if (this.steps.length === 0) {
      return { status: 'success', records: 0, detail: 'no steps registered for this phase yet' };
    }
    return summarizeSteps(await this.runSteps(request));
  }

  /** Every step for the date, in order, each with its own result. */
  async runSteps(request: PhaseRunRequest): Promise<StepOutcome[]> {
    const outcomes: StepOutcome[] = [];
    for (const step of this.steps) {
      let result: PhaseWorkResult;
      try {
        result = await step.run(request);
      } catch (error) {
        const done = outcomes.map((outcome) => outcome.name).join(', ') || 'none';
        throw new Error(`step ${step.name} failed for ${request.gameDate}: ${(error as Error).message} (steps completed before it: ${done})`, {
          cause: error,
        });
      }
      this.logger.log(`step ${step.name} for ${request.gameDate}: ${result.status}, ${result.records} records`);
      outcomes.push({ name: step.name, result });
    }
    return outcomes;
  }
}

export interface StepOutcome {
  name: string;
  result: PhaseWorkResult;
}

/** One result for the run: partial if any step was, no_data only if every step was; details joined. */
export function summarizeSteps(outcomes: readonly StepOutcome[]): PhaseWorkResult {
  const statuses = outcomes.map((outcome) => outcome.result.status);
  const status: PhaseWorkResult['status'] = statuses.includes('partial')
    ? 'partial'
    : statuses.every((value) => value === 'no_data')
      ? 'no_data'
      : 'success';
  return {
    status,
    records: outcomes.reduce((sum, outcome) => sum + outcome.result.records, 0),
    degraded: status === 'partial' || outcomes.some((outcome) => outcome.result.degraded),
    detail: outcomes
      .map(({ name, result }) => `${name}: ${result.status} (${result.records})${result.detail ? ` ${result.detail}` : ''}`)
      .join('; '),
  };
}
