import { BadRequestException } from '@nestjs/common';
import { daysBetween } from '@lib/messaging';

/**
 * Refuses, with the edge's 400 shape, a range of more days than MAX_DATE_RANGE_DAYS or an inverted
 * one: a longer backfill goes in chunks (`npm run pipeline` posts one date at a time).
 */
export function assertDateRangeWithinLimit(
  range: { start: string; end: string },
  maxDays: number,
  fields: { start: string; end: string },
): void {
  const refuse = (message: string) => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [message], fields: [fields.end] });
  if (range.end < range.start) throw refuse(`${fields.end} (${range.end}) must not be before ${fields.start} (${range.start})`);
  const days = daysBetween(range.start, range.end) + 1;
  if (days > maxDays) {
    throw refuse(`${fields.start}..${fields.end} spans ${days} days; one request may name at most ${maxDays} (MAX_DATE_RANGE_DAYS): send longer ranges in chunks`);
  }
}
