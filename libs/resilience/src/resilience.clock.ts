/**
 * The only sources of time and chance in this lib, so that tests can replace waiting with recording
 * and make jitter and Retry-After dates exact.
 */
export interface ResilienceClock {
  sleep(ms: number): Promise<void>;
  now(): number;
  /** A number in [0, 1), as Math.random. */
  random(): number;
}

export const realClock: ResilienceClock = {
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: () => Math.random(),
};

export function resilienceClock(overrides: Partial<ResilienceClock> = {}): ResilienceClock {
  return { ...realClock, ...overrides };
}
