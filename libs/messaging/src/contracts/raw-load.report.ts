import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsObjectPath } from './is-object-path';
import { PHASE_RUN_STATUSES, PhaseRunStatus } from './phase.messages';
import { SCRAPER_SOURCES, ScraperSource } from './scraper-completion.message';

/** One payload phase 2 loaded, as a date-level completion reports it: what a RawProcessorCompletionMessage says of its load. */
export class RawLoadReport {
  @IsString()
  @IsNotEmpty()
  run_id!: string;

  @IsString()
  @IsNotEmpty()
  processor!: string;

  @IsString()
  @IsNotEmpty()
  table!: string;

  @IsIn(SCRAPER_SOURCES)
  source!: ScraperSource;

  @IsObjectPath()
  source_path!: string;

  @IsIn(PHASE_RUN_STATUSES)
  status!: PhaseRunStatus;

  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  records!: number;

  @IsOptional()
  @IsString()
  game_id?: string;

  @IsOptional()
  @IsString()
  fallback_for?: string;
}
