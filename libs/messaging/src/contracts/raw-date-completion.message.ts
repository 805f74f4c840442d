import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import { PhaseCompletionMessage } from './phase.messages';
import { RawLoadReport } from './raw-load.report';
import { DATE_SCOPE, MAX_PAYLOADS_PER_DATE } from './scraped-date.message';

/**
 * Phase 2 loaded a date's payloads in one run (a backfilled date, or /process_date): one message
 * reporting every load, which phase 3 counts as the per-load completions it stands for.
 */
export class RawDateCompletionMessage extends PhaseCompletionMessage {
  @IsIn([DATE_SCOPE])
  scope!: typeof DATE_SCOPE;

  @IsArray()
  @ArrayMaxSize(MAX_PAYLOADS_PER_DATE)
  @ValidateNested({ each: true })
  @Type(() => RawLoadReport)
  loads!: RawLoadReport[];
}
