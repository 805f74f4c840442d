import { INestApplication, Logger } from '@nestjs/common';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { LocalPushRelay, ServiceName } from '@lib/messaging';
import {
  Clock,
  closeInfrastructure,
  createInfrastructure,
  createPlatformLogger,
  createServiceApp,
  Infrastructure,
  localServicePorts,
  localServiceUrls,
  MessageClaimRepository,
  PhaseExecutionLogRepository,
  PlatformConfig,
  PushTokenVerifier,
  ServiceDefinition,
} from '@lib/platform';
import { phase1ScrapersService } from '../../apps/phase1-scrapers/src/app.module';
import { phase2RawService } from '../../apps/phase2-raw/src/app.module';
import { phase3AnalyticsService } from '../../apps/phase3-analytics/src/app.module';
import { phase4PrecomputeService } from '../../apps/phase4-precompute/src/app.module';
import { phase5PredictionsService } from '../../apps/phase5-predictions/src/app.module';
import { ScraperExecutionLogRepository } from '../../apps/phase1-scrapers/src/scraping/scraper-execution-log.repository';
import { createReplayServer, ReplayServer } from '../replay/replay.server';
import { createClusterOpsServer } from './cluster-ops.server';
import { SCHEDULER_JOBS } from '../../deploy/scheduler/scheduler-jobs';
import { LocalScheduler } from './local-scheduler';
import { replaySettingsFromEnvironment } from '../replay/replay-settings';
import { bundledSeasonDir, pointUpstreamsAtReplay } from './replay-upstreams';

/** The five services in phase order. */
export const ALL_SERVICES: readonly ServiceDefinition[] = [
  phase1ScrapersService,
  phase2RawService,
  phase3AnalyticsService,
  phase4PrecomputeService,
  phase5PredictionsService,
];

/** What a running cluster leaves in DATA_DIR so that the CLIs can find it. */
export interface ClusterDescriptor {
  pid: number;
  ops_url: string;
  services: Record<ServiceName, string>;
  started_at: string;
}

export function clusterDescriptorPath(config: PlatformConfig): string {
  return path.join(config.dataDirectory, 'cluster.json');
}

/** The deadline check Cloud Scheduler calls in production; the cluster calls the same route on its own interval. */
const DEADLINE_CHECK_JOB = (() => {
  const job = SCHEDULER_JOBS.find((candidate) => candidate.service === 'phase3-analytics' && candidate.path === '/transitions/check-deadlines');
  if (!job) throw new Error('deploy/scheduler declares no phase 3 deadline-check job');
  return job;
})();

export interface LocalClusterOptions {
  config: PlatformConfig;
  services?: readonly ServiceDefinition[];
  pushTokenVerifier?: PushTokenVerifier;
  clock?: Clock;
  /** Hand-made BigDataBall files for the replay to release (none are bundled). */
  replayBigDataBallDir?: string;
  /** Where the REPLAY_* settings are read; the process environment by default (tests pass their own). */
  replayEnvironment?: NodeJS.ProcessEnv;
  /** Skip the operator endpoint (tests that start several clusters). */
  withOpsServer?: boolean;
}

/**
 * All five services in one Node process on 127.0.0.1 (8081–8085 by default), sharing one warehouse,
 * one object store and the local push relay that wires them by the declared topology.
 */
export class LocalCluster {
  private readonly logger = new Logger(LocalCluster.name);
  private stopping?: Promise<void>;

  private constructor(
    readonly config: PlatformConfig,
    readonly infrastructure: Infrastructure,
    private readonly apps: Array<{ name: ServiceName; app: INestApplication }>,
    private readonly opsServer: http.Server | undefined,
    /** The replay of the bundled season the upstreams point at, when LOCAL_REPLAY is on. */
    readonly replay: ReplayServer | undefined,
    readonly scheduler: LocalScheduler,
  ) {}

  static async start(options: LocalClusterOptions): Promise<LocalCluster> {
    const logger = createPlatformLogger(options.config, 'local-cluster');
    let replay: ReplayServer | undefined;
    let config = options.config;
    if (config.LOCAL_REPLAY) {
      // REPLAY_FAULTS, REPLAY_NOW, REPLAY_DATA_DIR, … apply here as they do to `npm run replay`
      const settings = replaySettingsFromEnvironment(options.replayEnvironment ?? process.env, bundledSeasonDir());
      replay = await createReplayServer({
        ...settings,
        bigdataballDir: options.replayBigDataBallDir ?? settings.bigdataballDir,
        port: config.REPLAY_PORT,
        host: config.LOCAL_HOST,
        now: options.clock ? () => options.clock!.now() : settings.now,
      });
      if (settings.faults && settings.faults.length > 0) logger.warn(`replay fault rules in force: ${settings.faults.map((rule) => rule.id).join(', ')}`, 'LocalCluster');
      config = pointUpstreamsAtReplay(config, replay.url);
      logger.log(`replay of the bundled 2025-26 season serving every upstream at ${replay.url}`, 'LocalCluster');
    }
    fs.mkdirSync(config.dataDirectory, { recursive: true });
    const infrastructure = await createInfrastructure(config, { relayEndpoints: localServiceUrls(config) });
    const ports = localServicePorts(config);
    const apps: Array<{ name: ServiceName; app: INestApplication }> = [];
    try {
      for (const definition of options.services ?? ALL_SERVICES) {
        const app = await createServiceApp(definition, infrastructure, { logger, pushTokenVerifier: options.pushTokenVerifier, clock: options.clock });
        await app.listen(ports[definition.identity.name], config.LOCAL_HOST);
        apps.push({ name: definition.identity.name, app });
      }
    } catch (error) {
      await Promise.all(apps.map(({ app }) => app.close()));
      await closeInfrastructure(infrastructure);
      await replay?.close();
      throw error;
    }
    await recoverWorkOfAnEarlierProcess(config, infrastructure, apps[0]?.app, logger);
    let opsServer: http.Server | undefined;
    if (options.withOpsServer !== false) {
      const executionLog = apps[0].app.get(PhaseExecutionLogRepository);
      const scraperLog = apps.find(({ name }) => name === 'phase1-scrapers')?.app.get(ScraperExecutionLogRepository);
      opsServer = createClusterOpsServer({
        warehouse: infrastructure.warehouse,
        deadLetters: infrastructure.deadLetters,
        relay: infrastructure.publisher instanceof LocalPushRelay ? infrastructure.publisher : null,
        findRuns: (correlationId, from, to) => executionLog.findByCorrelationId(correlationId, from, to),
        findLatestFinishedRuns: (from, to) => executionLog.latestFinishedRuns(from, to),
        findScraperRuns: async (correlationId, from, to) => (scraperLog ? scraperLog.runsByCorrelationId(correlationId, from, to) : []),
        describe: () => ({ ...descriptor, relay: infrastructure.publisher instanceof LocalPushRelay ? infrastructure.publisher.status() : null }),
      });
      await new Promise<void>((resolve, reject) => {
        opsServer!.once('error', reject);
        opsServer!.listen(config.LOCAL_OPS_PORT, config.LOCAL_HOST, resolve);
      });
    }
    const descriptor: ClusterDescriptor = {
      pid: process.pid,
      ops_url: `http://${config.LOCAL_HOST}:${config.LOCAL_OPS_PORT}`,
      services: localServiceUrls(config),
      started_at: new Date().toISOString(),
    };
    if (opsServer) fs.writeFileSync(clusterDescriptorPath(config), `${JSON.stringify(descriptor, null, 2)}\n`);
    const urls = localServiceUrls(config);
    const scheduler = new LocalScheduler(
      apps.some(({ name }) => name === 'phase3-analytics')
        ? [{ name: DEADLINE_CHECK_JOB.name, url: `${urls['phase3-analytics']}${DEADLINE_CHECK_JOB.path}`, intervalMs: config.LOCAL_DEADLINE_CHECK_INTERVAL_MS }]
        : [],
    );
    scheduler.start();
    const cluster = new LocalCluster(config, infrastructure, apps, opsServer, replay, scheduler);
    logger.log(`local cluster up: ${apps.map(({ name }) => `${name} ${descriptor.services[name]}`).join(', ')}`, 'LocalCluster');
    return cluster;
  }

  get relay(): LocalPushRelay | undefined {
    return this.infrastructure.publisher instanceof LocalPushRelay ? this.infrastructure.publisher : undefined;
  }

  serviceUrl(name: ServiceName): string {
    return localServiceUrls(this.config)[name];
  }

  /**
   * Stops in phase order: each service finishes its in-flight requests, and the relay delivers what
   * they published, before the next phase closes; the warehouse closes last.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.scheduler.stop();
      for (const { name, app } of this.apps) {
        await this.relay?.whenIdle();
        await app.close();
        this.logger.log(`${name} stopped`);
      }
      if (this.opsServer) {
        await new Promise<void>((resolve) => this.opsServer!.close(() => resolve()));
        fs.rmSync(clusterDescriptorPath(this.config), { force: true });
      }
      await closeInfrastructure(this.infrastructure);
      await this.replay?.close();
    })();
    return this.stopping;
  }
}

/**
 * What a killed cluster left behind: runs still `running`, message claims still held, deliveries not
 * yet acknowledged. DuckDB lets one process open the file for writing, so at this start none of those
 * can belong to a live process: the runs are marked failed (saying why), the claims released, and
 * the relay's queue on disk delivered again, so the work finishes as Pub/Sub's redelivery would.
 */
async function recoverWorkOfAnEarlierProcess(
  config: PlatformConfig,
  infrastructure: Infrastructure,
  app: INestApplication | undefined,
  logger: ReturnType<typeof createPlatformLogger>,
): Promise<void> {
  if (app && config.WAREHOUSE_ENGINE === 'duckdb') {
    const failed = await app.get(PhaseExecutionLogRepository).failOrphanedRuns('the process running it stopped before it finished (the cluster was restarted)', new Date());
    const released = await app.get(MessageClaimRepository).releaseAll();
    if (failed > 0 || released > 0) logger.warn(`an earlier cluster process stopped mid-work: ${failed} runs marked failed, ${released} message claims released`, 'LocalCluster');
  }
  if (infrastructure.publisher instanceof LocalPushRelay) infrastructure.publisher.resumePending();
}
