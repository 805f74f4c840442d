import fs from 'node:fs';
import path from 'node:path';
import { loadPlatformConfig, PlatformConfig, warehouseFromConfig } from '@lib/platform';
import { bundledSeasonDir } from '../cluster/replay-upstreams';
import { ChaosArguments } from './chaos-arguments';
import { measureRun, ChaosMetrics } from './chaos-metrics';
import { buildChaosPlan, ChaosPlan } from './chaos-plan';
import { ClusterProcess } from './cluster-process';
import { loadRealSeason, RealSeason } from './real-season';
import { compareSnapshots, snapshotTables, TableComparison, TableSnapshot } from './table-snapshot';

export interface ChaosRunResult {
  seed: number;
  from: string;
  to: string;
  plan: ChaosPlan;
  /** What the run actually did to the pipeline (a fault that did not happen is said, not assumed). */
  injected: string[];
  chaos: ChaosMetrics;
  clean: ChaosMetrics;
  tables: TableComparison[];
  tables_equal: boolean;
  scheduler_rounds: number;
  minutes: { clean: number; chaos: number };
  passed: boolean;
}

/** A scheduler job's route, as deploy/scheduler declares it, with the range the chaos run covers. */
interface JobCall {
  name: string;
  service: string;
  path: string;
  body?: unknown;
}

type Progress = (line: string) => void;

/**
 * `npm run chaos`: the real cluster (its own process) against the replay, once clean and once under
 * the seeded faults, each driven like production: phase 1 per date, then the scheduler's own jobs
 * (retries, stuck runs, deadline checks, safety net, self-heal) until a round changes nothing. Then
 * both warehouses are measured against the real season and compared table by table.
 */
export async function runChaos(args: ChaosArguments, base: PlatformConfig, progress: Progress): Promise<ChaosRunResult> {
  const real = loadRealSeason(bundledSeasonDir(), args.from, args.to);
  const gamesByDate = new Map<string, string[]>();
  for (const game of real.games) gamesByDate.set(game.game_date, [...(gamesByDate.get(game.game_date) ?? []), game.game_id]);
  const plan = buildChaosPlan(args.seed, args.dates, gamesByDate);
  const workDir = path.join(base.dataDirectory, `chaos-${args.seed}-${args.from}-${args.to}`);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  progress(`chaos run seed ${args.seed}, ${args.from} .. ${args.to}, work in ${workDir}`);

  const cleanStarted = Date.now();
  progress('clean run: the same dates, no faults');
  const clean = await drive('clean', args, base, workDir, undefined, progress);
  const cleanMinutes = (Date.now() - cleanStarted) / 60_000;
  const chaosStarted = Date.now();
  progress(`chaos run: ${plan.replayFaults.map((rule) => rule.id).join(', ')}; relay duplicates ${plan.relay.duplicatePercent} %, jitter ${plan.relay.maxJitterMs} ms; SIGKILL during ${plan.kill.gameDate}; processor crash on ${plan.crashingPayload.gameDate}`);
  const chaos = await drive('chaos', args, base, workDir, plan, progress);
  const chaosMinutes = (Date.now() - chaosStarted) / 60_000;

  const cleanMetrics = await measure(clean.dataDir, real, args, base);
  const chaosMetrics = await measure(chaos.dataDir, real, args, base);
  const tables = compareSnapshots(cleanMetrics.snapshot, chaosMetrics.snapshot);
  const tablesEqual = tables.every((table) => table.equal);
  const passed = chaosMetrics.metrics.duplicate_rows === 0 && chaosMetrics.metrics.lost === 0 && chaosMetrics.metrics.mislabelled === 0 && tablesEqual;
  return {
    seed: args.seed,
    from: args.from,
    to: args.to,
    plan,
    injected: chaos.injected,
    chaos: chaosMetrics.metrics,
    clean: cleanMetrics.metrics,
    tables,
    tables_equal: tablesEqual,
    scheduler_rounds: chaos.rounds,
    minutes: { clean: round(cleanMinutes), chaos: round(chaosMinutes) },
    passed,
  };
}

async function measure(dataDir: string, real: RealSeason, args: ChaosArguments, base: PlatformConfig): Promise<{ metrics: ChaosMetrics; snapshot: TableSnapshot[] }> {
  const warehouse = warehouseFromConfig(loadPlatformConfig({ DATA_DIR: dataDir }), { readOnly: true });
  try {
    return {
      metrics: await measureRun(warehouse, real, args.from, args.to, base.PREDICTION_PRIMARY_SYSTEM),
      snapshot: await snapshotTables(warehouse, args.from, args.to),
    };
  } finally {
    await warehouse.close();
  }
}

/** One run of the dates on its own DATA_DIR; with a plan, under its faults. */
async function drive(
  kind: 'clean' | 'chaos',
  args: ChaosArguments,
  base: PlatformConfig,
  workDir: string,
  plan: ChaosPlan | undefined,
  progress: Progress,
): Promise<{ dataDir: string; injected: string[]; rounds: number }> {
  const dataDir = path.join(workDir, kind);
  const opsUrl = `http://${base.LOCAL_HOST}:${base.LOCAL_OPS_PORT}`;
  const { REPLAY_FAULTS: _faults, REPLAY_FAULTS_FILE: _faultsFile, ...inherited } = process.env;
  const environment: NodeJS.ProcessEnv = {
    ...inherited,
    DATA_DIR: dataDir,
    LOCAL_PORT_BASE: String(base.LOCAL_PORT_BASE),
    LOCAL_OPS_PORT: String(base.LOCAL_OPS_PORT),
    REPLAY_PORT: String(base.REPLAY_PORT),
    LOCAL_HOST: base.LOCAL_HOST,
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    // the scheduler's jobs are called by this tool, in rounds, so that "quiet" can be seen
    LOCAL_SCHEDULER: 'off',
    // a timeout fault holds 3 s: the client gives up first, as it would on a hung upstream
    UPSTREAM_TIMEOUT_MS: '2000',
    RUN_STUCK_AFTER_MINUTES: '1',
    ...(plan
      ? {
          REPLAY_FAULTS: JSON.stringify(plan.replayFaults),
          RELAY_DUPLICATE_PERCENT: String(plan.relay.duplicatePercent),
          RELAY_MAX_JITTER_MS: String(plan.relay.maxJitterMs),
          RELAY_CHAOS_SEED: String(plan.seed),
        }
      : {}),
  };
  const cluster = new ClusterProcess(environment, opsUrl, path.join(workDir, `${kind}.log`));
  const services = (await cluster.start()).services;
  const injected: string[] = [];
  let duplicatedBeforeKill = 0;
  const quietMs = args.timeoutMinutes * 60_000;
  try {
    for (const gameDate of args.dates) {
      const crash = plan && plan.crashingPayload.gameDate === gameDate ? crashOnePayload(dataDir, gameDate, plan.crashingPayload.holdMs, injected) : undefined;
      const phase1 = postJson(`${services['phase1-scrapers']}/process_date`, { game_date: gameDate });
      if (plan && plan.kill.gameDate === gameDate) {
        await Promise.race([phase1.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, plan.kill.afterMs))]);
        duplicatedBeforeKill = (await cluster.describe()).relay?.duplicated ?? 0;
        await cluster.kill();
        injected.push(`SIGKILL of the cluster process ${plan.kill.afterMs} ms into phase 1 of ${gameDate}, then a restart on the same DATA_DIR`);
        progress(`${kind}: killed the cluster during ${gameDate}; restarting it and asking for the date again`);
        await phase1.catch(() => undefined);
        await cluster.start();
        const again = await postJson(`${services['phase1-scrapers']}/process_date`, { game_date: gameDate });
        progress(`${kind} phase 1 ${gameDate} (after the restart): HTTP ${again.status}`);
      } else {
        const answer = await phase1;
        progress(`${kind} phase 1 ${gameDate}: HTTP ${answer.status}`);
      }
      crash?.stop();
    }
    if (!(await cluster.whenQuiet(quietMs))) progress(`${kind}: the relay still had deliveries after ${args.timeoutMinutes} min`);
    const rounds = await schedulerRounds(kind, args, services, cluster, quietMs, progress);
    if (plan) injected.push(`relay: ${duplicatedBeforeKill + ((await cluster.describe()).relay?.duplicated ?? 0)} deliveries POSTed twice at once`);
    return { dataDir, injected, rounds };
  } finally {
    await cluster.stop();
  }
}

/**
 * The production scheduler's jobs, called in rounds until one changes nothing: the retry queue, the
 * stuck-run recovery of every service, the phase 3 deadline check, the phase 4 safety net, and
 * self-heal (which reconciles first). At most 6 rounds.
 */
async function schedulerRounds(
  kind: string,
  args: ChaosArguments,
  services: Record<string, string>,
  cluster: ClusterProcess,
  quietMs: number,
  progress: Progress,
): Promise<number> {
  const jobs: JobCall[] = [
    { name: 'retry queue', service: 'phase1-scrapers', path: `/retries/run?since=${args.from}` },
    ...['phase1-scrapers', 'phase2-raw', 'phase3-analytics', 'phase4-precompute', 'phase5-predictions'].map((service) => ({ name: `${service} stuck runs`, service, path: '/runs/recover-stuck' })),
    { name: 'phase 3 deadline check', service: 'phase3-analytics', path: '/transitions/check-deadlines' },
    { name: 'phase 4 safety net', service: 'phase4-precompute', path: '/safety-net', body: { start_date: args.from, end_date: args.to } },
    { name: 'self-heal', service: 'phase1-scrapers', path: `/self-heal/run?from=${args.from}&to=${args.to}` },
  ];
  for (let round = 1; round <= 6; round += 1) {
    let changed = 0;
    for (const job of jobs) {
      const answer = await postJson(`${services[job.service]}${job.path}`, job.body ?? {});
      const acted = actionsIn(answer.body);
      changed += acted;
      if (answer.status >= 300 || acted > 0) progress(`${kind} round ${round}: ${job.name}: HTTP ${answer.status}, ${acted} actions`);
      await cluster.whenQuiet(quietMs);
    }
    if (changed === 0) return round;
  }
  return 6;
}

/** What a scheduler job did, counted from its answer: dates run, runs recovered or refired, self-heal actions (not giving up). */
function actionsIn(body: unknown): number {
  const answer = (body ?? {}) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(answer[key]) ? (answer[key] as unknown[]) : []);
  const healing = list('actions').filter((action) => !['gave_up', 'left_to_retry_queue'].includes((action as { action?: string }).action ?? ''));
  return list('dates').length + list('recovered').length + list('refired').length + list('started').length + list('ran').length + healing.length;
}

/**
 * Makes phase 2's processor crash on the date's first stored balldontlie stats payload: as the payload
 * lands, a directory takes its place (reading it throws EISDIR, a 500, so the relay redelivers), and
 * after holdMs the payload is put back. The relay's jitter gives the swap its head start.
 */
function crashOnePayload(dataDir: string, gameDate: string, holdMs: number, injected: string[]): { stop: () => void } {
  const folder = path.join(dataDir, 'objects', 'raw', 'balldontlie', 'stats', gameDate);
  fs.mkdirSync(folder, { recursive: true });
  let done = false;
  const watcher = fs.watch(folder, (_event, name) => {
    if (done || !name || !name.endsWith('.json')) return;
    const payload = path.join(folder, name);
    try {
      if (!fs.statSync(payload).isFile()) return;
      done = true;
      fs.renameSync(payload, `${payload}.held`);
      fs.mkdirSync(payload);
      injected.push(`phase 2 processor crash (EISDIR) on ${path.relative(dataDir, payload)} for ${holdMs} ms`);
      setTimeout(() => {
        fs.rmdirSync(payload);
        fs.renameSync(`${payload}.held`, payload);
      }, holdMs);
    } catch {
      done = false;
    }
  });
  return {
    stop: () => {
      watcher.close();
      if (!done) injected.push(`phase 2 processor crash on ${gameDate}: not injected (no balldontlie stats payload was stored)`);
    },
  };
}

async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(1_800_000) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a non-JSON answer is kept as text for the progress line
  }
  return { status: response.status, body: parsed };
}

const round = (value: number) => Math.round(value * 10) / 10;
