import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '@lib/messaging';

/** A person lets a blocked date run on the input it has. */
export class BoundaryReleaseRequest {
  @IsCalendarDate()
  game_date!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  released_by!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  /** Which hold to release: the boundary gate (default) or, on phase 5, the pipeline circuit breaker. */
  @IsOptional()
  @IsIn(['boundary', 'circuit_breaker'])
  gate?: 'boundary' | 'circuit_breaker';
}
