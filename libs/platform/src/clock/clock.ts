/** The time, injectable: workflows and release windows are decided from it, and tests walk it. */
export interface Clock {
  now(): Date;
  /** Waits (retry backoff, Retry-After); tests make them short and record them. Real timers by default. */
  sleep?(ms: number): Promise<void>;
}

export const CLOCK = Symbol('CLOCK');

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };
