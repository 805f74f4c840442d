/** How the verifier waits; injected so tests walk time forward without sleeping. */
export interface RolloutClock {
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const SYSTEM_ROLLOUT_CLOCK: RolloutClock = {
  now: () => Date.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

export interface RolloutCheck {
  service: string;
  /** The service's base URL. */
  url: string;
  /** The commit the new revision must report on /version. */
  expectedCommit: string;
  /** An identity token for services that refuse unauthenticated requests (Cloud Run). */
  idToken?: string;
  timeoutMs?: number;
  pollIntervalMs?: number;
  clock?: RolloutClock;
}

export class RolloutFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutFailedError';
  }
}

export interface RolloutResult {
  service: string;
  commit: string;
  attempts: number;
}

/**
 * Polls /health/ready until the service answers 200, then requires /version to report the deployed
 * commit. A revision that never becomes ready, or traffic still served by an older revision, fails
 * naming the service, what it answered, and the commit expected.
 */
export async function verifyRollout(check: RolloutCheck): Promise<RolloutResult> {
  const clock = check.clock ?? SYSTEM_ROLLOUT_CLOCK;
  const timeoutMs = check.timeoutMs ?? 300_000;
  const pollIntervalMs = check.pollIntervalMs ?? 5_000;
  const base = check.url.replace(/\/+$/, '');
  const headers: Record<string, string> = check.idToken ? { authorization: `Bearer ${check.idToken}` } : {};
  const deadline = clock.now() + timeoutMs;
  let attempts = 0;
  let lastAnswer: string;
  for (;;) {
    attempts += 1;
    try {
      const ready = await fetch(`${base}/health/ready`, { headers });
      const body = await ready.text();
      if (ready.status === 200) break;
      lastAnswer = `HTTP ${ready.status} ${body.slice(0, 300)}`;
    } catch (error) {
      lastAnswer = `request failed: ${(error as Error).message}${(error as { cause?: Error }).cause ? ` (${(error as { cause: Error }).cause.message})` : ''}`;
    }
    if (clock.now() + pollIntervalMs > deadline) {
      throw new RolloutFailedError(
        `${check.service} is not serving: ${base}/health/ready did not answer 200 within ${Math.round(timeoutMs / 1000)} s ` +
          `(${attempts} attempts; last: ${lastAnswer})`,
      );
    }
    await clock.sleep(pollIntervalMs);
  }
  const versionResponse = await fetch(`${base}/version`, { headers });
  if (versionResponse.status !== 200) {
    throw new RolloutFailedError(`${check.service}: ${base}/version answered HTTP ${versionResponse.status} ${(await versionResponse.text()).slice(0, 300)}`);
  }
  const version = (await versionResponse.json()) as { commit?: unknown; service?: unknown };
  if (version.service !== check.service) {
    throw new RolloutFailedError(`${check.service}: ${base}/version says it is ${JSON.stringify(version.service)}; the URL points at the wrong service`);
  }
  if (version.commit !== check.expectedCommit) {
    throw new RolloutFailedError(
      `${check.service} is ready but serves commit ${JSON.stringify(version.commit)}, not the deployed ${check.expectedCommit}: ` +
        'the new revision is not receiving traffic (see gcloud run revisions list)',
    );
  }
  return { service: check.service, commit: check.expectedCommit, attempts };
}
