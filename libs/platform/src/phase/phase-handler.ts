import { PhaseRunStatus, PhaseTriggerMessage } from '@lib/messaging';

export type PhaseTrigger = 'process_date' | 'pubsub' | 'scheduler';

export interface PhaseRunRequest {
  gameDate: string;
  backfillMode: boolean;
  trigger: PhaseTrigger;
  correlationId: string;
  /** The upstream message that caused the run, when it came through Pub/Sub. */
  upstream?: PhaseTriggerMessage;
}

export interface PhaseWorkResult {
  status: Exclude<PhaseRunStatus, 'failed'>;
  records: number;
  degraded?: boolean;
  /** What ran and what was missing, in words an operator can act on. */
  detail?: string;
  /** Rows whose content this run changed (new or different), when the step counts them apart from `records`. */
  changed?: number;
}

/** Whether an upstream message starts a run now, and why not when it does not. */
export type RunDecision = { run: true } | { run: false; reason: string };

/**
 * What each phase service supplies: the work for one date. The platform around it logs the run,
 * publishes the completion message, and turns a thrown error into a failed run.
 */
export interface PhaseHandler {
  /** True when the handler publishes finer-grained completions itself (phase 1: one per scraper run). */
  readonly publishesOwnCompletions?: boolean;
  decide?(message: PhaseTriggerMessage): Promise<RunDecision>;
  run(request: PhaseRunRequest): Promise<PhaseWorkResult>;
}

export const PHASE_HANDLER = Symbol('PHASE_HANDLER');
