export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** Delay before the second try; doubles each time, with up to 50% random jitter. */
  baseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 1_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * BigQuery aborts one of two DML statements racing on the same table ("Could not serialize access to
 * table … due to concurrent update"). The statement is safe to re-run, so it is retried.
 */
export function isConcurrentUpdateError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /could not serialize access|concurrent update/i.test(message);
}

/** Runs `work`, re-running it with exponential backoff while it fails with a concurrent-update abort. */
export async function retryOnConcurrentUpdate<T>(work: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !isConcurrentUpdateError(error)) throw error;
      const backoff = policy.baseDelayMs * 2 ** (attempt - 1);
      await policy.sleep(Math.round(backoff * (1 + policy.random() / 2)));
    }
  }
}
