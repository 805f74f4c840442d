import { Clock } from './clock';

/** How often to look while waiting: `firstPolls` pauses of `firstPollMs`, then `pollMs`, for at most `maxWaitMs` of pauses. */
export interface PollSchedule {
  firstPollMs: number;
  firstPolls: number;
  pollMs: number;
  maxWaitMs: number;
}

/**
 * Looks until `done` says the last look is enough, pausing on the clock between looks. The wait is the
 * pauses added up, not read from the clock, so a test clock cannot stall it. Returns the last look and
 * whether it was enough (false once the pauses reached `maxWaitMs`).
 */
export async function pollUntil<T>(clock: Clock, schedule: PollSchedule, look: () => Promise<T>, done: (seen: T) => boolean): Promise<{ seen: T; done: boolean }> {
  const sleep = clock.sleep?.bind(clock) ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let poll = 0, waitedMs = 0; ; poll += 1) {
    const seen = await look();
    if (done(seen)) return { seen, done: true };
    if (waitedMs >= schedule.maxWaitMs) return { seen, done: false };
    const pause = poll < schedule.firstPolls ? schedule.firstPollMs : schedule.pollMs;
    await sleep(pause);
    waitedMs += pause;
  }
}
