import { Logger } from '@nestjs/common';
import axios from 'axios';

export interface LocalScheduledJob {
  name: string;
  url: string;
  intervalMs: number;
}

/**
 * Stands in for Cloud Scheduler on a laptop: POSTs each job's endpoint over HTTP on its interval.
 * A call that fails is logged with the job, URL and reason, and the next tick tries again, as
 * Cloud Scheduler would. Calls of one job never overlap.
 */
export class LocalScheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly jobs: readonly LocalScheduledJob[],
    private readonly logger: Pick<Logger, 'log' | 'error'> = new Logger(LocalScheduler.name),
  ) {}

  start(): void {
    for (const job of this.jobs) {
      if (job.intervalMs <= 0) continue;
      const timer = setInterval(() => this.fire(job), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
      this.logger.log(`${job.name}: POST ${job.url} every ${job.intervalMs} ms`);
    }
  }

  /** Runs one job now (also what each tick does); resolves when the call has finished. */
  fire(job: LocalScheduledJob): Promise<void> {
    if (this.busy.has(job.name)) return Promise.resolve();
    this.busy.add(job.name);
    const call = axios
      .post(job.url, {}, { timeout: 600_000, validateStatus: () => true })
      .then((response) => {
        if (response.status >= 300) this.logger.error(`${job.name}: POST ${job.url} answered ${response.status}: ${JSON.stringify(response.data).slice(0, 500)}`);
      })
      .catch((error: Error) => this.logger.error(`${job.name}: POST ${job.url} failed: ${error.message}`))
      .finally(() => {
        this.busy.delete(job.name);
        this.inFlight.delete(call);
      });
    this.inFlight.add(call);
    return call;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all([...this.inFlight]);
  }
}
