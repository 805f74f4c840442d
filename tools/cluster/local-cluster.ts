import { INestApplication, Logger } from '@nestjs/common';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { LocalPushRelay, provisionEmulatorTopology, ServiceName } from '@lib/messaging';
import { Warehouse } from '@lib/warehouse';
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
  MessageClaimRepository,
  PhaseExecutionLogRepository,
  PlatformConfig,
  PlatformLogger,
  PushTokenVerifier,
  readServiceVersions,
  gitHead,
  RunningClock,
  ServiceDefinition,
  StatusRepository,
  StatusService,
  SYSTEM_CLOCK,
} from '@lib/platform';
import { phase1ScrapersService } from '../../apps/phase1-scrapers/src/app.module';
import { phase2RawService } from '../../apps/phase2-raw/src/app.module';
import { phase3AnalyticsService } from '../../apps/phase3-analytics/src/app.module';
import { phase4PrecomputeService } from '../../apps/phase4-precompute/src/app.module';
import { phase5PredictionsService } from '../../apps/phase5-predictions/src/app.module';
import { ScraperExecutionLogRepository } from '../../apps/phase1-scrapers/src/scraping/scraper-execution-log.repository';
import { createReplayServer, ReplayServer } from '../replay/replay.server';
import { createClusterOpsServer, OperatorRoute } from './cluster-ops.server';
import { OperatorAccess, writeOperatorToken } from './operator-access';
import { SCHEDULER_JOBS } from '../../deploy/scheduler/scheduler-jobs';
import { LocalScheduler, localScheduledJobs } from './local-scheduler';
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
  /** The NBA.com CDN the cluster's phase 1 reads (the replay's, when it started one): the season schedule is there. */
  nba_cdn_url?: string;
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
  /** Where the REPLAY_* settings are read; the process environment by default (tests pass their own). */
  replayEnvironment?: NodeJS.ProcessEnv;
  /** Run the scheduler jobs (default: LOCAL_SCHEDULER); the pipeline's own cluster does not, so its run is only its dates. */
  withScheduler?: boolean;
  /** Skip the operator endpoint (tests that start several clusters). */
  withOpsServer?: boolean;
  /** A warehouse to use instead of the configured one (tests that inject a failure). */
  warehouse?: Warehouse;
  /**
   * With MESSAGING=pubsub: where the emulator's push subscriptions deliver, per service (default:
   * the cluster's own URLs; a test may put an observing proxy in front of a service).
   */
  pushServiceUrls?: Partial<Record<ServiceName, string>>;
  /** More operator routes (behind the same token, Host and Origin checks). */
  opsRoutes?: readonly OperatorRoute[];
  /** Where the services log (a CLI sends them to a file, keeping the terminal for its report). */
  logger?: PlatformLogger;
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
      // REPLAY_FAULTS, REPLAY_NOW, REPLAY_DATA_DIR, … apply here as they do to `npm run replay`
      const settings = replaySettingsFromEnvironment(options.replayEnvironment ?? process.env, bundledSeasonDir());
      replay = await createReplayServer({
        ...settings,
        bigdataballDir: options.replayBigDataBallDir ?? settings.bigdataballDir,
        port: config.REPLAY_PORT,
        host: config.LOCAL_HOST,
        now: options.clock ? () => options.clock!.now() : (settings.now ?? (() => clock.now())),
      });
      if (settings.faults && settings.faults.length > 0) logger.warn(`replay fault rules in force: ${settings.faults.map((rule) => rule.id).join(', ')}`, 'LocalCluster');
      config = pointUpstreamsAtReplay(config, replay.url);
      logger.log(`replay of the bundled 2025-26 season serving every upstream at ${replay.url}`, 'LocalCluster');
    }
    fs.mkdirSync(config.dataDirectory, { recursive: true });
    if (config.MESSAGING === 'pubsub' && !config.PUBSUB_EMULATOR_HOST) {
      throw new Error(
        'the local cluster with MESSAGING=pubsub needs PUBSUB_EMULATOR_HOST: it creates its push subscriptions on the emulator, never in a real project (deploy/ wires production)',
      );
    }
    const infrastructure = await createInfrastructure(config, { relayEndpoints: localServiceUrls(config), warehouse: options.warehouse });
    const ports = localServicePorts(config);
    const apps: Array<{ name: ServiceName; app: INestApplication }> = [];
    try {
      for (const definition of options.services ?? ALL_SERVICES) {
        const app = await createServiceApp(definition, infrastructure, { logger, pushTokenVerifier: options.pushTokenVerifier, clock });
        await app.listen(ports[definition.identity.name], config.LOCAL_HOST);
        apps.push({ name: definition.identity.name, app });
      }
      if (config.MESSAGING === 'pubsub') {
        const provisioned = await provisionEmulatorTopology({
          projectId: config.GCP_PROJECT!,
          emulatorHost: config.PUBSUB_EMULATOR_HOST!,
          serviceUrls: { ...localServiceUrls(config), ...options.pushServiceUrls },
        });
        logger.log(
          `Pub/Sub emulator ${config.PUBSUB_EMULATOR_HOST} (project ${config.GCP_PROJECT}): the declared topology, ` +
            `${provisioned.topicsCreated.length} topics and ${provisioned.subscriptionsCreated.length} push subscriptions created, ` +
            `${provisioned.subscriptionsRepointed.length} re-pointed at this cluster`,
          'LocalCluster',
        );
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
      const token = writeOperatorToken(config.operatorTokenPath);
      opsServer = createClusterOpsServer({
        warehouse: infrastructure.warehouse,
        deadLetters: infrastructure.deadLetters,
        relay: infrastructure.publisher instanceof LocalPushRelay ? infrastructure.publisher : null,
        findRuns: (correlationId, from, to) => executionLog.findByCorrelationId(correlationId, from, to),
        findLatestFinishedRuns: (from, to) => executionLog.latestFinishedRuns(from, to),
        findScraperRuns: async (correlationId, from, to) => (scraperLog ? scraperLog.runsByCorrelationId(correlationId, from, to) : []),
        describe: () => ({ ...descriptor, relay: infrastructure.publisher instanceof LocalPushRelay ? infrastructure.publisher.status() : null }),
        access: new OperatorAccess(token, config.LOCAL_HOST, config.LOCAL_OPS_PORT),
        bodyLimitBytes: config.REQUEST_BODY_LIMIT_BYTES,
        jsonMaxDepth: config.REQUEST_JSON_MAX_DEPTH,
        queryLimits: { maxRows: config.OPERATOR_QUERY_MAX_ROWS, timeoutMs: config.OPERATOR_QUERY_TIMEOUT_MS },
        routes: options.opsRoutes,
        status: new StatusService(new StatusRepository(infrastructure.warehouse), config, options.clock ?? SYSTEM_CLOCK, async () => ({
          head: gitHead(),
          versions: await readServiceVersions(localServiceUrls(config)),
        })),
      });
      opsServer.requestTimeout = config.OPERATOR_QUERY_TIMEOUT_MS + 5_000;
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
      nba_cdn_url: config.NBA_CDN_BASE_URL,
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
    if (opsServer) logger.log(`operator endpoint ${descriptor.ops_url}: token in ${config.operatorTokenPath} (the CLI tools read it)`, 'LocalCluster');
    return cluster;
  }

  get relay(): LocalPushRelay | undefined {
    return this.infrastructure.publisher instanceof LocalPushRelay ? this.infrastructure.publisher : undefined;
  }

  /** The Nest application of one service (tests read its routes). */
  application(name: ServiceName): INestApplication {
    const found = this.apps.find((entry) => entry.name === name);
    if (!found) throw new Error(`${name} is not running in this cluster`);
    return found.app;
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
        fs.rmSync(this.config.operatorTokenPath, { force: true });
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
