import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlatformConfig, PlatformConfig } from '@lib/platform';
import { Warehouse } from '@lib/warehouse';
import { LocalCluster } from '../cluster/local-cluster';
import { parsePipelineArguments } from '../pipeline/pipeline-arguments';
import { runPipeline } from '../pipeline/pipeline.runner';
import { Elapsed, stopwatch } from './bench-stats';

export interface PipelineMeasurement {
  correlationId: string;
  dates: string[];
  backfill: boolean;
  elapsed: Elapsed;
  failed: boolean;
  /** The process's CPU (user + system, ms) sampled through the run: what a date cost, whatever the neighbours did. */
  cpuSamples: CpuSample[];
}

export interface CpuSample {
  atMs: number;
  cpuMs: number;
}

const CPU_SAMPLE_INTERVAL_MS = 20;

/**
 * The real local cluster (five services, relay, DuckDB, replay) on the configured ports, in a fresh
 * DATA_DIR of its own so a bench never reads or writes an operator's data.
 */
export class BenchCluster {
  private constructor(
    readonly cluster: LocalCluster,
    readonly config: PlatformConfig,
    readonly dataDir: string,
    readonly startup: Elapsed,
  ) {}

  static async start(environment: NodeJS.ProcessEnv = process.env): Promise<BenchCluster> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-bench-'));
    const config = loadPlatformConfig({ ...environment, DATA_DIR: dataDir, LOG_LEVEL: environment.LOG_LEVEL ?? 'warn', LOG_FORMAT: environment.LOG_FORMAT ?? 'json' });
    const elapsed = stopwatch();
    const cluster = await LocalCluster.start({ config });
    return new BenchCluster(cluster, config, dataDir, elapsed());
  }

  get warehouse(): Warehouse {
    return this.cluster.infrastructure.warehouse;
  }

  /** `npm run pipeline` for the dates, as a user runs it, timed until the relay has nothing left to deliver. */
  async pipeline(from: string, to: string, backfill: boolean, progress: (line: string) => void): Promise<PipelineMeasurement> {
    const args = parsePipelineArguments(['--from', from, '--to', to, '--timeout-minutes', '60', ...(backfill ? ['--backfill'] : [])]);
    const cpuSamples: CpuSample[] = [];
    const sample = () => {
      const cpu = process.cpuUsage();
      cpuSamples.push({ atMs: Date.now(), cpuMs: (cpu.user + cpu.system) / 1000 });
    };
    sample();
    const sampler = setInterval(sample, CPU_SAMPLE_INTERVAL_MS);
    const elapsed = stopwatch();
    try {
      const result = await runPipeline(args, this.config, { progress, pollIntervalMs: 50 });
      return { correlationId: result.correlationId, dates: args.dates, backfill, elapsed: elapsed(), failed: result.report.failed, cpuSamples };
    } finally {
      clearInterval(sampler);
      sample();
    }
  }

  async stop(keepData: boolean): Promise<void> {
    await this.cluster.stop();
    if (!keepData) fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
