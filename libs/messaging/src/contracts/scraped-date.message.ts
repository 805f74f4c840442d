import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import { PhaseCompletionMessage } from './phase.messages';
import { StoredPayloadReference } from './stored-payload.reference';

/** Marks the date-level messages of a topic that otherwise carries one message per scraper run or per load. */
export const DATE_SCOPE = 'date';

/** More payloads than a date of the season ever stores (about 40) by far; a message past it is not phase 1's. */
export const MAX_PAYLOADS_PER_DATE = 2_000;

/**
 * Phase 1 scraped a date in backfill mode: one message after all the date's scrapes instead of one
 * per scraper run. `payloads` are the payloads it stored, in the order their scrapes finished (the
 * order the per-scraper messages would have gone out), so phase 2 loads a later fetch of the same rows
 * last. Phase 2 loads them in one run.
 */
export class ScrapedDateMessage extends PhaseCompletionMessage {
  @IsIn([DATE_SCOPE])
  scope!: typeof DATE_SCOPE;

  @IsArray()
  @ArrayMaxSize(MAX_PAYLOADS_PER_DATE)
  @ValidateNested({ each: true })
  @Type(() => StoredPayloadReference)
  payloads!: StoredPayloadReference[];
}
