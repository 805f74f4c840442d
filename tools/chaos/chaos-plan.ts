import type { FaultRule } from '../replay/fault.injector';
import { seededRandom } from '@lib/messaging';

/** Everything a chaos run does to the pipeline, decided by the seed alone (the same seed, the same run). */
export interface ChaosPlan {
  seed: number;
  /** The replay's fault rules (REPLAY_FAULTS of the chaos cluster). */
  replayFaults: FaultRule[];
  /** The game balldontlie leaves out until the third request that would include it. */
  missingGame: { gameId: string; gameDate: string };
  /** Local relay: share of deliveries POSTed twice at once, and the jitter that reorders them. */
  relay: { duplicatePercent: number; maxJitterMs: number };
  /** The cluster is killed with SIGKILL this long after phase 1 of this date was asked for, then restarted. */
  kill: { gameDate: string; afterMs: number };
  /** The stored balldontlie stats payload of this date makes phase 2's processor crash (EISDIR) until it is put back. */
  crashingPayload: { gameDate: string; holdMs: number };
}

/**
 * A seeded mix of every fault the replay knows: 5xx on 20 % of every source's requests, 429 bursts
 * whose Retry-After is in seconds on one source and an HTTP date on another, timeouts, truncated
 * bodies, a game missing from balldontlie until attempt 3, BigDataBall files released late; plus
 * duplicate and out-of-order deliveries, one SIGKILL mid-run, one processor crashing on one payload.
 */
export function buildChaosPlan(seed: number, dates: readonly string[], gamesByDate: ReadonlyMap<string, readonly string[]>): ChaosPlan {
  if (dates.length === 0) throw new RangeError('a chaos run needs at least one date');
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const withGames = dates.filter((date) => (gamesByDate.get(date) ?? []).length > 0);
  if (withGames.length === 0) throw new RangeError(`no games between ${dates[0]} and ${dates[dates.length - 1]}: nothing to break`);
  const missingDate = pick(withGames);
  const ruleSeed = () => Math.floor(random() * 2 ** 31);
  const replayFaults: FaultRule[] = [
    { id: 'http-5xx', kind: 'error', source: '*', status: pick([500, 502, 503]), rate: 0.2, seed: ruleSeed() },
    { id: 'burst-429-seconds', kind: 'rate_limit', source: 'balldontlie', burst: 2, retryAfterSeconds: 1, retryAfterFormat: 'seconds', skip: Math.floor(random() * 20) },
    { id: 'burst-429-http-date', kind: 'rate_limit', source: 'odds-api', burst: 2, retryAfterSeconds: 1, retryAfterFormat: 'http-date', skip: Math.floor(random() * 20) },
    { id: 'timeouts', kind: 'timeout', source: '*', rate: 0.03, holdMs: 3_000, seed: ruleSeed() },
    { id: 'truncated-bodies', kind: 'truncate', source: '*', rate: 0.1, fraction: 0.5, seed: ruleSeed() },
    { id: 'missing-game', kind: 'missing_game', source: 'balldontlie', gameId: pick(gamesByDate.get(missingDate)!), untilAttempt: 3 },
    { id: 'late-bigdataball', kind: 'release_delay', source: 'bigdataball', hours: 6 },
  ];
  const missingRule = replayFaults.find((rule) => rule.kind === 'missing_game') as Extract<FaultRule, { kind: 'missing_game' }>;
  return {
    seed,
    replayFaults,
    missingGame: { gameId: missingRule.gameId, gameDate: missingDate },
    relay: { duplicatePercent: 20, maxJitterMs: 400 },
    kill: { gameDate: withGames[Math.floor(withGames.length / 2)], afterMs: 1_500 + Math.floor(random() * 2_000) },
    crashingPayload: { gameDate: pick(withGames), holdMs: 1_500 },
  };
}
