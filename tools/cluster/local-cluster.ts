import { INestApplication, Logger } from '@nestjs/common';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { LocalPushRelay, ServiceName } from '@lib/messaging';
import {
  Clock,
  clockFromSettings,
  closeInfrastructure,
  createInfrastructure,
  createPlatformLogger,
  createServiceApp,
  Infrastructure,
  localServicePorts,
  localServiceUrls,
  PhaseExecutionLogRepository,
  PlatformConfig,
  PlatformLogger,
  PushTokenVerifier,
  RunningClock,
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
import { LocalScheduler, localScheduledJobs } from './local-scheduler';
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

export interface LocalClusterOptions {
  config: PlatformConfig;
  services?: readonly ServiceDefinition[];
  pushTokenVerifier?: PushTokenVerifier;
  /** The one clock of the services, the scheduler and the replay; default: CLOCK_START and CLOCK_SPEED. */
  clock?: Clock;
  /** Hand-made BigDataBall files for the replay to release (none are bundled). */
  replayBigDataBallDir?: string;
  /** Where the services log; default the configured format on stdout. */
  logger?: PlatformLogger;
  /** Run the scheduler jobs (default: LOCAL_SCHEDULER); the pipeline's own cluster does not, so its run is only its dates. */
  withScheduler?: boolean;
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
    /** Every Cloud Scheduler job on its cron, by the clock; absent with LOCAL_SCHEDULER=off. */
    readonly scheduler: LocalScheduler | undefined,
    readonly clock: Clock,
  ) {}

  static async start(options: LocalClusterOptions): Promise<LocalCluster> {
    const logger = options.logger ?? createPlatformLogger(options.config, 'local-cluster');
    // A clock from CLOCK_START starts when the cluster is up: booting takes seconds, simulated hours at a high CLOCK_SPEED.
    const clock = options.clock ?? clockFromSettings(options.config, { paused: true });
    let replay: ReplayServer | undefined;
    let config = options.config;
    if (config.LOCAL_REPLAY) {
      replay = await createReplayServer({
        dataDir: bundledSeasonDir(),
        bigdataballDir: options.replayBigDataBallDir,
        port: config.REPLAY_PORT,
        host: config.LOCAL_HOST,
        now: () => clock.now(),
      });
      config = pointUpstreamsAtReplay(config, replay.url);
      logger.log(`replay of the bundled 2025-26 season serving every upstream at ${replay.url}`, 'LocalCluster');
    }
    fs.mkdirSync(config.dataDirectory, { recursive: true });
    const infrastructure = await createInfrastructure(config, { relayEndpoints: localServiceUrls(config) });
    const ports = localServicePorts(config);
    const apps: Array<{ name: ServiceName; app: INestApplication }> = [];
    try {
      for (const definition of options.services ?? ALL_SERVICES) {
        const app = await createServiceApp(definition, infrastructure, { logger, pushTokenVerifier: options.pushTokenVerifier, clock });
        await app.listen(ports[definition.identity.name], config.LOCAL_HOST);
        apps.push({ name: definition.identity.name, app });
      }
    } catch (error) {
      await Promise.all(apps.map(({ app }) => app.close()));
      await closeInfrastructure(infrastructure);
      await replay?.close();
      throw error;
    }
    let opsServer: http.Server | undefined;
    if (options.withOpsServer !== false) {
      const executionLog = apps[0].app.get(PhaseExecutionLogRepository);
      const scraperLog = apps.find(({ name }) => name === 'phase1-scrapers')?.app.get(ScraperExecutionLogRepository);
      opsServer = createClusterOpsServer({
        warehouse: infrastructure.warehouse,
        deadLetters: infrastructure.deadLetters,
        relay: infrastructure.publisher instanceof LocalPushRelay ? infrastructure.publisher : null,
        findRuns: (correlationId, from, to) => executionLog.findByCorrelationId(correlationId, from, to),
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
    if (clock instanceof RunningClock) clock.resume();
    let scheduler: LocalScheduler | undefined;
    if (options.withScheduler ?? config.LOCAL_SCHEDULER === 'on') {
      const urls = localServiceUrls(config);
      const running = Object.fromEntries(apps.map(({ name }) => [name, urls[name]]));
      try {
        scheduler = await LocalScheduler.start(localScheduledJobs(SCHEDULER_JOBS, running), clock, logger);
      } catch (error) {
        await new LocalCluster(config, infrastructure, apps, opsServer, replay, undefined, clock).stop();
        throw new Error(`local cluster: the scheduler did not start: ${(error as Error).message}`, { cause: error });
      }
    }
    const cluster = new LocalCluster(config, infrastructure, apps, opsServer, replay, scheduler, clock);
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
      await this.scheduler?.stop();
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
