import type { ReplaySource } from './replay.http';
import { seededRandom } from '@lib/messaging';

export const FAULT_KINDS = ['error', 'rate_limit', 'latency', 'timeout', 'truncate', 'missing_game', 'release_delay'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Which requests a rule applies to: those of `source` ('*' for all) whose upstream path and query
 * (decoded, e.g. '/nba/v1/stats?dates[]=2025-11-05&per_page=100') match the regular expression
 * `path`. Of those, the first `skip` pass untouched; then the first `firstN`, or each with
 * probability `rate` drawn from a generator seeded with `seed`, or (neither given) every one.
 */
export interface FaultRuleBase {
  id?: string;
  source: ReplaySource | '*';
  path?: string;
  skip?: number;
  firstN?: number;
  rate?: number;
  seed?: number;
}

export interface ErrorFault extends FaultRuleBase {
  kind: 'error';
  /** Default 503. */
  status?: number;
  /** Response body; default a JSON message naming the status. */
  body?: string;
}

export interface RateLimitFault extends FaultRuleBase {
  kind: 'rate_limit';
  /** How many requests in a row get 429 (default 1); `firstN` wins when both are given. */
  burst?: number;
  /** Default 1. */
  retryAfterSeconds?: number;
  /** 'seconds' (default) or 'http-date' (real clock + retryAfterSeconds, RFC 9110 format). */
  retryAfterFormat?: 'seconds' | 'http-date';
}

export interface LatencyFault extends FaultRuleBase {
  kind: 'latency';
  ms: number;
}

export interface TimeoutFault extends FaultRuleBase {
  kind: 'timeout';
  /** How long the response is held open before the connection is dropped; default 30 s. */
  holdMs?: number;
}

export interface TruncateFault extends FaultRuleBase {
  kind: 'truncate';
  /** Share of the body's bytes sent; default 0.5. */
  fraction?: number;
}

/** The game is left out of the source's responses until the `untilAttempt`-th request that would include it. */
export interface MissingGameFault extends FaultRuleBase {
  kind: 'missing_game';
  /** NBA game id ('0022500171'), whatever the source's own id for it. */
  gameId: string;
  untilAttempt: number;
}

/** BigDataBall files appear `hours` after game end by the replay clock (one game, or all). */
export interface ReleaseDelayFault extends FaultRuleBase {
  kind: 'release_delay';
  hours: number;
  gameId?: string;
}

export type FaultRule = ErrorFault | RateLimitFault | LatencyFault | TimeoutFault | TruncateFault | MissingGameFault | ReleaseDelayFault;

export type FaultAction =
  | { kind: 'error'; ruleId: string; status: number; body?: string }
  | { kind: 'rate_limit'; ruleId: string; retryAfter: string }
  | { kind: 'timeout'; ruleId: string; holdMs: number };

export interface FaultDecision {
  latencyMs: number;
  action?: FaultAction;
  truncateFraction?: number;
  /** Ids of the rules applied to this request so far (missing_game ones are added as the routes ask). */
  applied: string[];
  visibility: GameVisibility;
}

export interface FaultRuleStatus {
  rule: FaultRule & { id: string };
  /** Requests that matched source and path. */
  matched: number;
  /** Requests the rule acted on. */
  applied: number;
}

export class InvalidFaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidFaultRuleError';
  }
}

interface ActiveRule {
  rule: FaultRule & { id: string };
  pattern?: RegExp;
  random: () => number;
  matched: number;
  applied: number;
  /** missing_game: requests so far that would have included the game. */
  attempts: number;
}

/**
 * Decides per request which configured faults apply. Latency adds up; the first error, rate_limit
 * or timeout that selects the request decides the answer; truncate cuts whatever body is sent;
 * missing_game and release_delay reach the routes through the request's GameVisibility.
 */
export class FaultInjector {
  private active: ActiveRule[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  set(rules: unknown): Array<FaultRule & { id: string }> {
    const validated = validateFaultRules(rules);
    this.active = validated.map((rule) => ({
      rule,
      pattern: rule.path ? new RegExp(rule.path) : undefined,
      random: seededRandom(rule.seed ?? 1),
      matched: 0,
      applied: 0,
      attempts: 0,
    }));
    return validated;
  }

  clear(): void {
    this.active = [];
  }

  status(): FaultRuleStatus[] {
    return this.active.map(({ rule, matched, applied }) => ({ rule, matched, applied }));
  }

  evaluate(source: ReplaySource, target: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, applied: [], visibility: undefined as unknown as GameVisibility };
    const missing: ActiveRule[] = [];
    const delays: ReleaseDelayFault[] = [];
    for (const active of this.active) {
      const { rule } = active;
      if (rule.source !== '*' && rule.source !== source) continue;
      if (active.pattern && !active.pattern.test(target)) continue;
      if (rule.kind === 'missing_game') {
        missing.push(active);
        continue;
      }
      if (rule.kind === 'release_delay') {
        active.matched += 1;
        delays.push(rule);
        continue;
      }
      active.matched += 1;
      if (!this.selects(active)) continue;
      if (rule.kind === 'latency') {
        decision.latencyMs += rule.ms;
      } else if (rule.kind === 'truncate') {
        if (decision.truncateFraction !== undefined) continue;
        decision.truncateFraction = rule.fraction ?? 0.5;
      } else {
        if (decision.action) continue;
        decision.action = actionOf(rule);
      }
      active.applied += 1;
      decision.applied.push(rule.id);
    }
    decision.visibility = new GameVisibility(missing, delays, decision.applied);
    return decision;
  }

  private selects(active: ActiveRule): boolean {
    const { rule } = active;
    const position = active.matched - (rule.skip ?? 0);
    if (position < 1) return false;
    const firstN = rule.firstN ?? (rule.kind === 'rate_limit' ? (rule.burst ?? 1) : undefined);
    if (firstN !== undefined) return position <= firstN;
    if (rule.rate !== undefined) return active.random() < rule.rate;
    return true;
  }
}

function actionOf(rule: ErrorFault | RateLimitFault | TimeoutFault): FaultAction {
  switch (rule.kind) {
    case 'error':
      return { kind: 'error', ruleId: rule.id!, status: rule.status ?? 503, body: rule.body };
    case 'rate_limit': {
      const seconds = rule.retryAfterSeconds ?? 1;
      // An HTTP-date is read against the client's clock and the response's Date header, both real time.
      const retryAfter = rule.retryAfterFormat === 'http-date' ? new Date(Date.now() + seconds * 1000).toUTCString() : String(seconds);
      return { kind: 'rate_limit', ruleId: rule.id!, retryAfter };
    }
    case 'timeout':
      return { kind: 'timeout', ruleId: rule.id!, holdMs: rule.holdMs ?? 30_000 };
  }
}

/**
 * What one request may show: games a missing_game rule hides until its attempt, and how late
 * BigDataBall releases a game's file. Each game counts one attempt per request, however many
 * times a route asks about it.
 */
export class GameVisibility {
  private readonly decided = new Map<string, boolean>();

  constructor(
    private readonly missing: ActiveRule[] = [],
    private readonly delays: ReleaseDelayFault[] = [],
    private readonly applied: string[] = [],
  ) {}

  isVisible(gameId: string): boolean {
    const known = this.decided.get(gameId);
    if (known !== undefined) return known;
    let visible = true;
    for (const active of this.missing) {
      const rule = active.rule as MissingGameFault & { id: string };
      if (rule.gameId !== gameId) continue;
      active.matched += 1;
      active.attempts += 1;
      if (active.attempts < rule.untilAttempt) {
        visible = false;
        active.applied += 1;
        this.applied.push(rule.id);
      }
    }
    this.decided.set(gameId, visible);
    return visible;
  }

  visible<T>(items: T[], gameIdOf: (item: T) => string): T[] {
    return items.filter((item) => this.isVisible(gameIdOf(item)));
  }

  releaseDelayHours(gameId: string): number {
    return this.delays.filter((rule) => !rule.gameId || rule.gameId === gameId).reduce((hours, rule) => Math.max(hours, rule.hours), 0);
  }
}

const SOURCES_FOR_VALIDATION = ['*', 'balldontlie', 'nba-stats', 'nba-cdn', 'espn', 'odds-api', 'bigdataball', 'nba-injury-report', 'nba-referee-assignments'];

/** Checks rules from JSON (env, file or the HTTP API) and gives each an id; errors name the field. */
export function validateFaultRules(input: unknown): Array<FaultRule & { id: string }> {
  const list = Array.isArray(input) ? input : input && typeof input === 'object' && Array.isArray((input as { rules?: unknown }).rules) ? (input as { rules: unknown[] }).rules : input && typeof input === 'object' ? [input] : undefined;
  if (!list) throw new InvalidFaultRuleError('fault rules must be a rule, an array of rules, or {"rules": [...]}');
  const ids = new Set<string>();
  return list.map((raw, index) => {
    const where = `rule ${index + 1}`;
    if (!raw || typeof raw !== 'object') throw new InvalidFaultRuleError(`${where}: must be an object`);
    const rule = raw as Record<string, unknown>;
    const kind = rule.kind;
    if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
      throw new InvalidFaultRuleError(`${where}: kind must be one of ${FAULT_KINDS.join(', ')}`);
    }
    if (typeof rule.source !== 'string' || !SOURCES_FOR_VALIDATION.includes(rule.source)) {
      throw new InvalidFaultRuleError(`${where}: source must be one of ${SOURCES_FOR_VALIDATION.join(', ')}`);
    }
    const number = (field: string, check: (value: number) => boolean, required = false): void => {
      const value = rule[field];
      if (value === undefined && !required) return;
      if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) throw new InvalidFaultRuleError(`${where}: ${field} is missing or out of range`);
    };
    const nonNegativeInteger = (value: number) => Number.isInteger(value) && value >= 0;
    const positiveInteger = (value: number) => Number.isInteger(value) && value >= 1;
    if (rule.path !== undefined) {
      if (typeof rule.path !== 'string') throw new InvalidFaultRuleError(`${where}: path must be a regular expression string`);
      try {
        new RegExp(rule.path);
      } catch (error) {
        throw new InvalidFaultRuleError(`${where}: path is not a valid regular expression (${(error as Error).message})`);
      }
    }
    number('skip', nonNegativeInteger);
    number('firstN', nonNegativeInteger);
    number('rate', (value) => value >= 0 && value <= 1);
    number('seed', Number.isInteger);
    switch (kind) {
      case 'error':
        number('status', (value) => Number.isInteger(value) && value >= 400 && value <= 599);
        if (rule.body !== undefined && typeof rule.body !== 'string') throw new InvalidFaultRuleError(`${where}: body must be a string`);
        break;
      case 'rate_limit':
        number('burst', positiveInteger);
        number('retryAfterSeconds', nonNegativeInteger);
        if (rule.retryAfterFormat !== undefined && rule.retryAfterFormat !== 'seconds' && rule.retryAfterFormat !== 'http-date') {
          throw new InvalidFaultRuleError(`${where}: retryAfterFormat must be 'seconds' or 'http-date'`);
        }
        break;
      case 'latency':
        number('ms', nonNegativeInteger, true);
        break;
      case 'timeout':
        number('holdMs', nonNegativeInteger);
        break;
      case 'truncate':
        number('fraction', (value) => value >= 0 && value < 1);
        break;
      case 'missing_game':
        if (typeof rule.gameId !== 'string' || !/^\d{10}$/.test(rule.gameId)) throw new InvalidFaultRuleError(`${where}: gameId must be a 10-digit NBA game id`);
        number('untilAttempt', positiveInteger, true);
        break;
      case 'release_delay':
        if (rule.source !== 'bigdataball' && rule.source !== '*') throw new InvalidFaultRuleError(`${where}: release_delay applies to source bigdataball`);
        number('hours', (value) => value >= 0, true);
        if (rule.gameId !== undefined && (typeof rule.gameId !== 'string' || !/^\d{10}$/.test(rule.gameId))) {
          throw new InvalidFaultRuleError(`${where}: gameId must be a 10-digit NBA game id`);
        }
        break;
    }
    const id = typeof rule.id === 'string' && rule.id ? rule.id : `${kind}-${index + 1}`;
    if (ids.has(id)) throw new InvalidFaultRuleError(`${where}: id ${id} is used twice`);
    ids.add(id);
    return { ...(rule as unknown as FaultRule), id };
  });
}
