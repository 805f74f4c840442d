import { ResilienceClock } from './resilience.clock';

export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * What a failed call says about the upstream: 'failure' (it is unwell), 'success' (it answered,
 * e.g. a 404), or 'unrelated' (the error is ours, not the upstream's, and proves nothing).
 */
export type CallOutcome = 'failure' | 'success' | 'unrelated';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
  now: ResilienceClock['now'];
  /** Defaults to every error being a 'failure'. */
  outcomeOf?: (error: unknown) => CallOutcome;
  onStateChange?: (from: CircuitState, to: CircuitState, snapshot: CircuitBreakerSnapshot) => void;
}

export interface CircuitBreakerSnapshot {
  state: CircuitState;
  consecutiveFailures: number;
  failureThreshold: number;
  /** Times the circuit has opened since start. */
  opened: number;
  /** Calls refused without being made because the circuit was open. */
  rejected: number;
  succeeded: number;
  failed: number;
  /** When an open circuit lets its next trial call through (epoch ms). */
  retryAtMs?: number;
}

/**
 * Counts consecutive failed calls (each one already retried); at the threshold it opens and refuses
 * calls without making them until the cool-down has passed, then lets exactly one trial through:
 * its success closes the circuit, its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private trialInFlight = false;
  private openedAtMs = 0;
  private readonly counts = { consecutiveFailures: 0, opened: 0, rejected: 0, succeeded: 0, failed: 0 };

  constructor(private readonly options: CircuitBreakerOptions) {}

  /** Reports an open circuit whose cool-down has passed as half_open: the next call will be its trial. */
  state(): CircuitState {
    if (this.current === 'open' && this.coolDownOver()) return 'half_open';
    return this.current;
  }

  snapshot(): CircuitBreakerSnapshot {
    return {
      state: this.state(),
      ...this.counts,
      failureThreshold: this.options.failureThreshold,
      ...(this.current === 'open' ? { retryAtMs: this.openedAtMs + this.options.coolDownMs } : {}),
    };
  }

  /**
   * Runs `call` unless the circuit refuses it, in which case `rejectWith` makes the error thrown
   * instead; `call` is then never started.
   */
  async run<T>(call: () => Promise<T>, rejectWith: (snapshot: CircuitBreakerSnapshot) => Error): Promise<T> {
    if (!this.admit()) {
      this.counts.rejected += 1;
      throw rejectWith(this.snapshot());
    }
    let result: T;
    try {
      result = await call();
    } catch (error) {
      const outcome = this.options.outcomeOf?.(error) ?? 'failure';
      if (outcome === 'failure') this.recordFailure();
      else if (outcome === 'success') this.recordSuccess();
      else this.trialInFlight = false;
      throw error;
    }
    this.recordSuccess();
    return result;
  }

  private admit(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (!this.coolDownOver()) return false;
      this.transition('half_open');
    }
    // Half-open: one trial at a time, so a recovering upstream is not hit by the whole backlog at once.
    if (this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  private recordSuccess(): void {
    this.counts.succeeded += 1;
    this.counts.consecutiveFailures = 0;
    this.trialInFlight = false;
    if (this.current !== 'closed') this.transition('closed');
  }

  private recordFailure(): void {
    this.counts.failed += 1;
    this.counts.consecutiveFailures += 1;
    const trialFailed = this.current === 'half_open';
    this.trialInFlight = false;
    if (trialFailed || (this.current === 'closed' && this.counts.consecutiveFailures >= this.options.failureThreshold)) {
      this.openedAtMs = this.options.now();
      this.counts.opened += 1;
      this.transition('open');
    }
  }

  private coolDownOver(): boolean {
    return this.options.now() - this.openedAtMs >= this.options.coolDownMs;
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    this.current = to;
    this.options.onStateChange?.(from, to, this.snapshot());
  }
}
