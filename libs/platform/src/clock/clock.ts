/** The time, injectable: workflows and release windows are decided from it, and tests walk it. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const SYSTEM_CLOCK: Clock = { now: () => new Date() };
