import { Clock } from './clock';

/**
 * A clock a test moves by hand, for walking through a game day. Every wait it is asked for is
 * recorded; with `advanceOnSleep` a wait also moves the clock forward by its length. Waits last at
 * most 2 ms of real time, so retry backoff runs for real but fast.
 */
export class ManualClock implements Clock {
  readonly waits: number[] = [];

  constructor(
    private instant: Date,
    private readonly options: { advanceOnSleep?: boolean } = {},
  ) {}

  now(): Date {
    return new Date(this.instant);
  }

  set(iso: string): void {
    this.instant = new Date(iso);
  }

  async sleep(ms: number): Promise<void> {
    this.waits.push(ms);
    if (this.options.advanceOnSleep) this.instant = new Date(this.instant.getTime() + ms);
    await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2)));
  }
}
