import fs from 'node:fs';
import { addDays } from '@lib/messaging';
import { PlatformConfig, PlatformLogger, RunningClock, warehouseFromConfig } from '@lib/platform';
import { ALL_TABLES } from '@lib/warehouse';
import { LocalCluster } from '../cluster/local-cluster';
import { SchedulerFiring } from '../cluster/local-scheduler';
import { EASTERN, zonedTimeToUtc } from '../replay/game-time.derivation';
import { seedBundledAnalytics } from '../seed/analytics.seeder';
import { activeWindows, FaultWindow, nextWindowChange } from './fault-windows';
import { runSeededHistory } from './seeded-history.runner';
import { SimulatedDayRows, SimulationRepository } from './simulation.repository';

export interface SimulationOptions {
  date: string;
  /** Simulated seconds per real second while the cluster works. */
  speed: number;
  faults: readonly FaultWindow[];
  /** The operator's configuration; the simulation changes only DATA_DIR, the scheduler and the replay. */
  config: PlatformConfig;
  /** Emptied first: a simulated day starts from nothing but the seeded history. */
  dataDir: string;
  /** BigDataBall files for the replay to release (none are bundled). */
  bigDataBallDir?: string;
  withOpsServer?: boolean;
  /** Where the services log (the CLI sends them to stderr, so stdout is the report alone). */
  logger?: PlatformLogger;
  progress?: (line: string) => void;
}

/** A game as the replay knows it: the world the pipeline is judged against. */
export interface SimulatedGame {
  gameId: string;
  matchup: string;
  tipoff: string;
  end: string;
  hasResult: boolean;
  oddsEventId: string;
}

/** A fault window as the report needs it: when, and which upstreams its rules hit. */
export interface FaultWindowSummary {
  label: string;
  from: string;
  to: string | null;
  /** Replay source prefixes ('balldontlie', 'odds-api', '*'). */
  sources: string[];
}

export interface FaultEvent {
  at: string;
  label: string;
  change: 'opened' | 'closed';
}

/** What a simulated day did, every time on the simulated clock. */
export interface SimulatedDay {
  date: string;
  speed: number;
  startedAt: string;
  endedAt: string;
  wallSeconds: number;
  /** Simulated minutes the clock skipped while nothing was running. */
  skippedMinutes: number;
  games: SimulatedGame[];
  rows: SimulatedDayRows;
  firings: SchedulerFiring[];
  faults: FaultEvent[];
  faultWindows: FaultWindowSummary[];
}

/** From 05:45 US Eastern on the date (before the 6:00 evaluation and morning operations) to noon the next day (after the last post-game window and late play-by-play recovery). */
export function simulatedWindow(date: string): { start: Date; end: Date } {
  return { start: zonedTimeToUtc(date, '05:45', EASTERN), end: zonedTimeToUtc(addDays(date, 1), '12:00', EASTERN) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the local cluster through one game day on a running clock. Nothing is started by hand: every
 * scheduler job fires on its own cron (deploy/scheduler), and the replay shows what the world had
 * published at each moment. While anything runs (a scheduler call, a Pub/Sub delivery) the clock
 * runs at `speed`; when nothing does, it jumps to the next instant something is due (a job or a fault
 * window), so a day takes as long as its work, not as long as its waiting.
 */
export async function simulateGameDay(options: SimulationOptions): Promise<SimulatedDay> {
  const progress = options.progress ?? (() => undefined);
  const { start, end } = simulatedWindow(options.date);
  fs.rmSync(options.dataDir, { recursive: true, force: true });
  fs.mkdirSync(options.dataDir, { recursive: true });
  const config: PlatformConfig = Object.assign(Object.create(PlatformConfig.prototype) as PlatformConfig, options.config, {
    DATA_DIR: options.dataDir,
    LOCAL_REPLAY: true,
    CLOCK_START: start.toISOString(),
    CLOCK_SPEED: options.speed,
  });

  // The season so far, as phase 3 would have left it: the bundled box scores and lines before the date.
  const warehouse = warehouseFromConfig(config);
  let seededDates: string[];
  try {
    await warehouse.migrate(ALL_TABLES);
    const seeded = await seedBundledAnalytics(warehouse, { to: addDays(options.date, -1) });
    seededDates = seeded.dates;
    progress(`history before ${options.date}: ${seeded.players} player-games, ${seeded.teams} team-games, ${seeded.props} lines (seeded from the bundled season)`);
  } finally {
    await warehouse.close();
  }
  // and as phases 4 and 5 would have left it, so every system has what it fits on
  const history = await runSeededHistory(config, seededDates, start, options.logger);
  progress(
    `phases 4 and 5 over the ${history.dates} earlier dates: ${history.featureVectors} feature vectors, ${history.predictions} predictions (${history.systemsOnLastDate} systems on ${seededDates[seededDates.length - 1] ?? 'none'})`,
  );

  const wallStarted = Date.now();
  const clock = new RunningClock(start, options.speed, Date.now, { paused: true });
  const cluster = await LocalCluster.start({ config, clock, withScheduler: true, replayBigDataBallDir: options.bigDataBallDir, withOpsServer: options.withOpsServer, logger: options.logger });
  const faults: FaultEvent[] = [];
  let skippedMs = 0;
  try {
    const scheduler = cluster.scheduler!.service;
    const relay = cluster.relay!;
    const replay = cluster.replay!;
    const idle = () => scheduler.inFlight().length === 0 && relay.status().pendingDeliveries === 0;
    let inForce: FaultWindow[] = [];
    let lastReport = start.getTime();
    for (;;) {
      const now = clock.now();
      const active = activeWindows(options.faults, now);
      if (active.length !== inForce.length || active.some((window) => !inForce.includes(window))) {
        for (const window of inForce.filter((window) => !active.includes(window))) faults.push({ at: now.toISOString(), label: window.label, change: 'closed' });
        for (const window of active.filter((window) => !inForce.includes(window))) faults.push({ at: now.toISOString(), label: window.label, change: 'opened' });
        if (active.length === 0) replay.clearFaults();
        else replay.setFaults(active.flatMap((window) => window.rules));
        inForce = active;
      }
      if (now >= end) break;
      if (now.getTime() - lastReport >= 3 * 3_600_000) {
        lastReport = now.getTime();
        progress(`simulated ${now.toISOString()} after ${Math.round((Date.now() - wallStarted) / 1000)} s`);
      }
      // Idle twice in a row, a tick apart: a finished call may still be publishing what it produced.
      if (!idle()) {
        await pause(20);
        continue;
      }
      await pause(5);
      if (!idle()) continue;
      const candidates = [scheduler.nextDueAt(), nextWindowChange(options.faults, now), end].filter((instant): instant is Date => instant !== undefined);
      const next = new Date(Math.min(...candidates.map((instant) => instant.getTime())));
      const current = clock.now();
      if (next > current) {
        skippedMs += next.getTime() - current.getTime();
        clock.jumpTo(next);
      }
      // Let the timers the jump re-armed fire before looking again.
      await pause(10);
    }
    await scheduler.whenIdle();
    await relay.whenIdle();
    const rows = await new SimulationRepository(cluster.infrastructure.warehouse).read(options.date, config.PREDICTION_PRIMARY_SYSTEM);
    const endedAt = clock.now();
    const games = (replay.season.gamesByDate.get(options.date) ?? []).map((game) => ({
      gameId: game.gameId,
      matchup: `${game.away.code} @ ${game.home.code}`,
      tipoff: game.tip.toISOString(),
      end: game.end.toISOString(),
      hasResult: game.hasResult,
      oddsEventId: game.oddsEvent.id,
    }));
    return {
      date: options.date,
      speed: options.speed,
      startedAt: start.toISOString(),
      endedAt: endedAt.toISOString(),
      wallSeconds: Math.round((Date.now() - wallStarted) / 1000),
      skippedMinutes: Math.round(skippedMs / 60_000),
      games,
      rows: onTheClock(rows, clock),
      firings: scheduler.firings(),
      faults,
      faultWindows: options.faults.map((window) => ({
        label: window.label,
        from: window.from.toISOString(),
        to: window.to?.toISOString() ?? null,
        sources: [...new Set(window.rules.map((rule) => rule.source))],
      })),
    };
  } finally {
    await cluster.stop();
  }
}

/**
 * The rows with every time told on the simulated clock. Decisions, transitions, predictions, grades,
 * reconciliation, self-heal and alerts are stamped by the services' clock already; the phase and
 * scraper logs and source availability are stamped with the wall clock, and are told through the
 * clock's record of its stretches.
 */
function onTheClock(rows: SimulatedDayRows, clock: RunningClock): SimulatedDayRows {
  const iso = (stamp: string | Date | null) => (stamp === null ? null : new Date(stamp).toISOString());
  const wall = (stamp: string | Date | null) => (stamp === null ? null : clock.simulatedAt(new Date(stamp)).toISOString());
  return {
    decisions: rows.decisions.map((row) => ({ ...row, evaluated_at: iso(row.evaluated_at) })),
    scrapes: rows.scrapes.map((row) => ({ ...row, started_at: wall(row.started_at), finished_at: wall(row.finished_at) })),
    phaseRuns: rows.phaseRuns.map((row) => ({ ...row, started_at: wall(row.started_at), finished_at: wall(row.finished_at) })),
    alerts: rows.alerts.map((row) => ({ ...row, raised_at: iso(row.raised_at) })),
    transitions: rows.transitions.map((row) => ({ ...row, triggered_at: iso(row.triggered_at) })),
    sourcesSeen: rows.sourcesSeen.map((row) => ({ ...row, first_seen_at: wall(row.first_seen_at) })),
    predictions: rows.predictions.map((row) => ({ ...row, created_at: iso(row.created_at), superseded_at: iso(row.superseded_at) })),
    grades: rows.grades.map((row) => ({ ...row, graded_at: iso(row.graded_at) })),
    lines: rows.lines,
    selfHeal: rows.selfHeal.map((row) => ({ ...row, acted_at: iso(row.acted_at) })),
    reconciliation: rows.reconciliation.map((row) => ({ ...row, checked_at: iso(row.checked_at) })),
  };
}
