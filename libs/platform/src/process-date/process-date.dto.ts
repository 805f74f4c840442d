import { IsBoolean, IsOptional, ValidateIf, ValidationArguments, ValidateBy } from 'class-validator';
import { IsCalendarDate } from '@lib/messaging';

function notBefore(otherField: 'start_date'): PropertyDecorator {
  return ValidateBy({
    name: 'notBefore',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const other = (args?.object as Record<string, unknown>)[otherField];
        return typeof value !== 'string' || typeof other !== 'string' || value >= other;
      },
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property} must not be before ${otherField} (the range is inverted)`,
    },
  });
}

function exactlyOneDateForm(): PropertyDecorator {
  return ValidateBy({
    name: 'exactlyOneDateForm',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => {
        const body = args?.object as ProcessDateRequest;
        const hasDate = body.game_date !== undefined;
        const hasRange = body.start_date !== undefined || body.end_date !== undefined;
        return hasDate !== hasRange;
      },
      defaultMessage: () => 'game_date must be given, or start_date and end_date, but not both',
    },
  });
}

/** Body of POST /process_date: one date, or an inclusive range, optionally as a backfill. */
export class ProcessDateRequest {
  @ValidateIf((body: ProcessDateRequest) => body.game_date !== undefined || (body.start_date === undefined && body.end_date === undefined))
  @exactlyOneDateForm()
  @IsCalendarDate()
  game_date?: string;

  @ValidateIf((body: ProcessDateRequest) => body.start_date !== undefined || body.end_date !== undefined)
  @IsCalendarDate()
  start_date?: string;

  @ValidateIf((body: ProcessDateRequest) => body.start_date !== undefined || body.end_date !== undefined)
  @IsCalendarDate()
  @notBefore('start_date')
  end_date?: string;

  @IsOptional()
  @IsBoolean()
  backfill_mode?: boolean;
}
