import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { IsObjectPath } from './is-object-path';
import { PhaseCompletionMessage } from './phase.messages';

export const SCRAPER_SOURCES = ['balldontlie', 'nbacom', 'espn', 'odds_api', 'bigdataball'] as const;
export type ScraperSource = (typeof SCRAPER_SOURCES)[number];

/**
 * One scraper finished for a date (or a game): where its payload is, how many records, and what it
 * expected and did not get. Phase 2 loads the payload at `path` from the object store.
 */
export class ScraperCompletionMessage extends PhaseCompletionMessage {
  @IsString()
  @IsNotEmpty()
  scraper!: string;

  @IsIn(SCRAPER_SOURCES)
  source!: ScraperSource;

  @IsString()
  @IsNotEmpty()
  endpoint!: string;

  /** Object-store path of the payload; absent when the run failed before storing anything. */
  @IsOptional()
  @IsObjectPath()
  path?: string;

  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  attempts!: number;

  /** Game ids (or page cursors) that were expected and not fetched. */
  @IsArray()
  @IsString({ each: true })
  missing!: string[];

  /** The upstream game this payload is about, for per-game endpoints. */
  @IsOptional()
  @IsString()
  game_id?: string;

  /** Set when this run stood in for another source that did not have the data (e.g. 'bigdataball'). */
  @IsOptional()
  @IsString()
  fallback_for?: string;
}
