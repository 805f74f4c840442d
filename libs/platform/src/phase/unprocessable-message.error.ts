import { InvalidObjectPathError } from '@lib/storage';

/**
 * Thrown by a phase's work when the message points at something that can never be processed — a
 * payload that does not parse, or does not have the shape its processor needs. Redelivering would
 * fail the same way forever, so the push endpoint dead-letters the message with this reason and
 * acknowledges it, and nothing is half-loaded.
 */
export class UnprocessableMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnprocessableMessageError';
  }
}

export function isUnprocessable(error: unknown): error is UnprocessableMessageError {
  for (let current = error; current instanceof Error; current = current.cause) {
    // A path outside the store stays outside on every redelivery.
    if (current instanceof UnprocessableMessageError || current instanceof InvalidObjectPathError) return true;
  }
  return false;
}
