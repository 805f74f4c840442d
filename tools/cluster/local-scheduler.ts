import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import axios from 'axios';
import { CronTime } from 'cron';
import type { LoggerService } from '@nestjs/common';
import { Clock, RunningClock } from '@lib/platform';
import { SCHEDULER_TIME_ZONE, SchedulerJob } from '../../deploy/scheduler/scheduler-jobs';

/** A Cloud Scheduler job as the local cluster runs it: the declaration, and the URL of its service here. */
export interface LocalScheduledJob {
  name: string;
  method: SchedulerJob['method'];
  url: string;
  /** Unix cron, in `timeZone` (the declaration's own). */
  schedule: string;
  timeZone: string;
  /** How long to wait for the answer, in real seconds (the declaration's attempt deadline). */
  attemptDeadlineSeconds: number;
}

/** One call the scheduler made (or skipped because the previous call of the job was still running). */
export interface SchedulerFiring {
  job: string;
  /** The cron instant the call was for, on the clock. */
  due: string;
  /** The clock when the call was made and when it was answered. */
  firedAt: string;
  answeredAt: string | null;
  /** HTTP status; null when the request failed or was skipped. */
  status: number | null;
  /** `missed`: the clock ran past the instant before its timer could fire (a busy process at a high speed). */
  outcome: 'answered' | 'failed' | 'skipped_still_running' | 'missed';
  /** The answer's JSON body, or the failure. */
  body: unknown;
}

/** The declared jobs whose service runs in this cluster, each pointed at its local URL. */
export function localScheduledJobs(jobs: readonly SchedulerJob[], serviceUrls: Partial<Record<SchedulerJob['service'], string>>): LocalScheduledJob[] {
  return jobs.flatMap((job) => {
    const base = serviceUrls[job.service];
    if (!base) return [];
    return [{ name: job.name, method: job.method, url: `${base}${job.path}`, schedule: job.schedule, timeZone: SCHEDULER_TIME_ZONE, attemptDeadlineSeconds: job.attemptDeadlineSeconds }];
  });
}

/** Enough for a few simulated days of every job (the 5-minute deadline check makes 288 a day). */
const FIRINGS_KEPT = 5_000;

const LOCAL_SCHEDULER_OPTIONS = Symbol('LOCAL_SCHEDULER_OPTIONS');

interface LocalSchedulerOptions {
  jobs: readonly LocalScheduledJob[];
  clock: Clock;
}

/**
 * Stands in for Cloud Scheduler on a laptop: every declared job fires on its own cron expression, in
 * its time zone, by the local system's clock, through @nestjs/schedule's registry. The next instant
 * comes from cron's own parser (CronTime); the timer is a registry timeout of the real time left until
 * the clock shows it, so at CLOCK_SPEED 600 the hourly job fires every 6 s and a jump of the clock
 * re-arms every timer. A call that fails is logged with the job, URL and reason and the next instant
 * tries again, as Cloud Scheduler would; calls of one job never overlap.
 */
@Injectable()
export class LocalSchedulerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LocalScheduler');
  private readonly nextDue = new Map<string, Date>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly firingListeners = new Set<(firing: SchedulerFiring) => void>();
  private readonly recent: SchedulerFiring[] = [];
  private stopped = false;
  private unsubscribeJump?: () => void;

  constructor(
    private readonly registry: SchedulerRegistry,
    @Inject(LOCAL_SCHEDULER_OPTIONS) private readonly options: LocalSchedulerOptions,
  ) {}

  onApplicationBootstrap(): void {
    const now = this.options.clock.now();
    for (const job of this.options.jobs) {
      this.nextDue.set(job.name, nextInstant(job, now));
      this.arm(job);
      this.logger.log(`${job.name}: ${job.method} ${job.url} on "${job.schedule}" (${job.timeZone}); first at ${this.nextDue.get(job.name)!.toISOString()}`);
    }
    if (this.options.clock instanceof RunningClock) this.unsubscribeJump = this.options.clock.onJump(() => this.rearmAll());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribeJump?.();
    for (const name of this.registry.getTimeouts()) this.registry.deleteTimeout(name);
    await Promise.all([...this.running.values()]);
  }

  /** The earliest instant any job is due next. */
  nextDueAt(): Date | undefined {
    const instants = [...this.nextDue.values()].map((instant) => instant.getTime());
    return instants.length === 0 ? undefined : new Date(Math.min(...instants));
  }

  /** Jobs whose call has not been answered yet. */
  inFlight(): string[] {
    return [...this.running.keys()];
  }

  /** Resolves when no call is in flight. */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** The calls made so far, in the order they were answered (the last FIRINGS_KEPT). */
  firings(): SchedulerFiring[] {
    return [...this.recent];
  }

  onFiring(listener: (firing: SchedulerFiring) => void): () => void {
    this.firingListeners.add(listener);
    return () => this.firingListeners.delete(listener);
  }

  /** Calls one job now (what each due instant does); resolves when it was answered. */
  fire(job: LocalScheduledJob, due: Date = this.options.clock.now()): Promise<void> {
    const firedAt = this.options.clock.now().toISOString();
    if (this.running.has(job.name)) {
      this.logger.warn(`${job.name}: the call for ${due.toISOString()} is skipped, the previous one is still running`);
      this.report({ job: job.name, due: due.toISOString(), firedAt, answeredAt: null, status: null, outcome: 'skipped_still_running', body: null });
      return Promise.resolve();
    }
    const call = axios
      .request({ method: job.method, url: job.url, data: {}, timeout: job.attemptDeadlineSeconds * 1000, validateStatus: () => true })
      .then((response) => {
        if (response.status >= 300) this.logger.error(`${job.name}: ${job.method} ${job.url} answered ${response.status}: ${JSON.stringify(response.data).slice(0, 500)}`);
        this.report({ job: job.name, due: due.toISOString(), firedAt, answeredAt: this.options.clock.now().toISOString(), status: response.status, outcome: 'answered', body: response.data });
      })
      .catch((error: Error) => {
        this.logger.error(`${job.name}: ${job.method} ${job.url} failed: ${error.message}`);
        this.report({ job: job.name, due: due.toISOString(), firedAt, answeredAt: this.options.clock.now().toISOString(), status: null, outcome: 'failed', body: error.message });
      })
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, call);
    return call;
  }

  private report(firing: SchedulerFiring): void {
    this.recent.push(firing);
    if (this.recent.length > FIRINGS_KEPT) this.recent.shift();
    for (const listener of this.firingListeners) listener(firing);
  }

  private arm(job: LocalScheduledJob): void {
    if (this.stopped) return;
    const due = this.nextDue.get(job.name)!;
    const timer = setTimeout(() => {
      this.registry.deleteTimeout(job.name);
      if (this.options.clock.now().getTime() < due.getTime()) return this.arm(job); // a timer a fraction of a millisecond early
      // Counted from this instant, not from now: a jump onto an instant fires it, never skips it. Like
      // Cloud Scheduler, instants the clock already ran past are not made up; each is reported missed.
      const now = this.options.clock.now();
      let next = nextInstant(job, due);
      for (; next.getTime() < now.getTime(); next = nextInstant(job, next)) {
        const at = now.toISOString();
        this.report({ job: job.name, due: next.toISOString(), firedAt: at, answeredAt: null, status: null, outcome: 'missed', body: null });
      }
      this.nextDue.set(job.name, next);
      this.arm(job);
      void this.fire(job, due);
    }, Math.ceil(realMsUntil(this.options.clock, due)));
    timer.unref();
    this.registry.addTimeout(job.name, timer);
  }

  private rearmAll(): void {
    for (const job of this.options.jobs) {
      if (this.registry.doesExist('timeout', job.name)) this.registry.deleteTimeout(job.name);
      this.arm(job);
    }
  }
}

/** The first instant strictly after `after` that the job's cron expression names, in its zone. */
export function nextInstant(job: Pick<LocalScheduledJob, 'schedule' | 'timeZone' | 'name'>, after: Date): Date {
  try {
    return new CronTime(job.schedule, job.timeZone).getNextDateFrom(after, job.timeZone).toJSDate();
  } catch (error) {
    throw new Error(`scheduler job ${job.name}: cannot read cron ${JSON.stringify(job.schedule)}: ${(error as Error).message}`, { cause: error });
  }
}

function realMsUntil(clock: Clock, instant: Date): number {
  if (clock instanceof RunningClock) return clock.realMsUntil(instant);
  return Math.max(0, instant.getTime() - clock.now().getTime());
}

@Module({})
class LocalSchedulerModule {
  static register(options: LocalSchedulerOptions): DynamicModule {
    return {
      module: LocalSchedulerModule,
      imports: [ScheduleModule.forRoot()],
      providers: [{ provide: LOCAL_SCHEDULER_OPTIONS, useValue: options }, LocalSchedulerService],
    };
  }
}

/** The scheduler as its own small Nest application context; close() stops every timer and waits for calls in flight. */
export class LocalScheduler {
  private constructor(
    private readonly context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>,
    readonly service: LocalSchedulerService,
  ) {}

  static async start(jobs: readonly LocalScheduledJob[], clock: Clock, logger?: LoggerService): Promise<LocalScheduler> {
    // Nest applies a context's logger process-wide: the cluster passes the one its services already use.
    const context = await NestFactory.createApplicationContext(LocalSchedulerModule.register({ jobs, clock }), { ...(logger ? { logger } : {}), abortOnError: false });
    await context.init();
    return new LocalScheduler(context, context.get(LocalSchedulerService));
  }

  async stop(): Promise<void> {
    await this.context.close();
  }
}
