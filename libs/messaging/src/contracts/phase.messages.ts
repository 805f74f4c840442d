import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsCalendarDate } from './calendar-date';

export const MESSAGE_SCHEMA_VERSION = 1;


/** Asks a phase to run for a date (manual trigger topics). */
export class PhaseTriggerMessage {
  @IsIn([MESSAGE_SCHEMA_VERSION])
  schema_version!: number;

  @IsCalendarDate()
  game_date!: string;

  @IsBoolean()
  backfill_mode!: boolean;

  @IsOptional()
  @IsString()
  correlation_id?: string;
}

export const PHASE_RUN_STATUSES = ['success', 'partial', 'no_data', 'failed', 'skipped'] as const;
export type PhaseRunStatus = (typeof PHASE_RUN_STATUSES)[number];

/** A phase finished its work for a date; the next phase's push endpoint receives it. */
export class PhaseCompletionMessage extends PhaseTriggerMessage {
  @IsInt()
  @Min(1)
  @Max(5)
  phase!: number;

  @IsString()
  @IsNotEmpty()
  service!: string;

  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsIn(PHASE_RUN_STATUSES)
  status!: PhaseRunStatus;

  // Beyond this a count is no longer exact, and no INT64 column should be asked to hold it.
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  records!: number;

  @IsBoolean()
  degraded!: boolean;

  @IsOptional()
  @IsString()
  detail?: string;
}
