import { IsIn, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IsObjectPath } from './is-object-path';
import { PhaseCompletionMessage } from './phase.messages';
import { SCRAPER_SOURCES, ScraperSource } from './scraper-completion.message';

/**
 * One phase 2 processor loaded one payload for a date: which processor, into which table, how many
 * rows. Phase 3 counts these against the declared required processors before it starts.
 */
export class RawProcessorCompletionMessage extends PhaseCompletionMessage {
  @IsString()
  @IsNotEmpty()
  processor!: string;

  @IsString()
  @IsNotEmpty()
  table!: string;

  @IsIn(SCRAPER_SOURCES)
  source!: ScraperSource;

  /** The payload loaded. */
  @IsObjectPath()
  source_path!: string;

  @IsOptional()
  @IsString()
  game_id?: string;

  /** Set when the payload stood in for another source (phase 1's fallback_for, carried on). */
  @IsOptional()
  @IsString()
  fallback_for?: string;
}
