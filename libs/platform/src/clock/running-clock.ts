import type { PlatformConfig } from '../config/platform-config';
import { Clock, SYSTEM_CLOCK } from './clock';

/** From `wallMs` on, simulated time is `simulatedMs + (wall - wallMs) * speed`. */
interface ClockStretch {
  wallMs: number;
  simulatedMs: number;
}

/**
 * The local system's one clock (CLOCK_START, CLOCK_SPEED): it starts at an instant of the season and
 * runs `speed` times faster than the wall clock. Waits are real timers, shortened by the speed, so a
 * 30-second Retry-After at speed 600 waits 50 ms. A simulation may jump it forward over a stretch in
 * which nothing is running; every stretch is kept, so a wall-clock timestamp written during the run
 * can still be told in simulated time.
 */
export class RunningClock implements Clock {
  private readonly stretches: ClockStretch[];
  private readonly jumpListeners = new Set<(now: Date) => void>();

  /** Until resume(), the clock shows its start (a cluster booting for seconds must not eat simulated hours). */
  private paused: boolean;

  constructor(
    private readonly start: Date,
    readonly speed: number,
    private readonly wallNow: () => number = Date.now,
    options: { paused?: boolean } = {},
  ) {
    if (!(speed > 0)) throw new Error(`clock speed must be above 0, got ${speed}`);
    if (Number.isNaN(start.getTime())) throw new Error('clock start is not a valid instant');
    this.paused = options.paused ?? false;
    this.stretches = [{ wallMs: wallNow(), simulatedMs: start.getTime() }];
  }

  now(): Date {
    if (this.paused) return new Date(this.start);
    return this.simulatedAt(new Date(this.wallNow()));
  }

  /** Starts a paused clock running from its start; a running clock is left as it is. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.stretches.splice(0, this.stretches.length, { wallMs: this.wallNow(), simulatedMs: this.start.getTime() });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / this.speed));
  }

  /** Real milliseconds until the clock shows `instant` (0 when it already has). */
  realMsUntil(instant: Date): number {
    return Math.max(0, (instant.getTime() - this.now().getTime()) / this.speed);
  }

  /** Moves the clock forward to `instant` at once (never back: what was recorded stays in order). */
  jumpTo(instant: Date): void {
    const now = this.now();
    if (instant.getTime() < now.getTime()) throw new Error(`the clock only moves forward: it shows ${now.toISOString()}, asked for ${instant.toISOString()}`);
    this.stretches.push({ wallMs: this.wallNow(), simulatedMs: instant.getTime() });
    for (const listener of this.jumpListeners) listener(instant);
  }

  /** Called after every jump (timers armed by the clock re-arm); returns the unsubscribe. */
  onJump(listener: (now: Date) => void): () => void {
    this.jumpListeners.add(listener);
    return () => this.jumpListeners.delete(listener);
  }

  /** The simulated instant of a wall-clock instant of this run (before the start: the start). */
  simulatedAt(wall: Date): Date {
    const wallMs = wall.getTime();
    let stretch = this.stretches[0];
    for (const candidate of this.stretches) {
      if (candidate.wallMs <= wallMs) stretch = candidate;
      else break;
    }
    return new Date(stretch.simulatedMs + Math.max(0, wallMs - stretch.wallMs) * this.speed);
  }
}

/**
 * The clock CLOCK_START and CLOCK_SPEED describe: the wall clock when neither is set. With `paused`, a
 * running clock waits at its start until resume() (the local cluster resumes it once it is up).
 */
export function clockFromSettings(settings: Pick<PlatformConfig, 'CLOCK_START' | 'CLOCK_SPEED'>, options: { paused?: boolean } = {}): Clock {
  if (settings.CLOCK_START === undefined && settings.CLOCK_SPEED === 1) return SYSTEM_CLOCK;
  return new RunningClock(settings.CLOCK_START === undefined ? new Date() : new Date(settings.CLOCK_START), settings.CLOCK_SPEED, Date.now, options);
}
