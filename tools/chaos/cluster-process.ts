import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadPlatformConfig } from '@lib/platform';
import { readOperatorToken } from '../cluster/operator-access';

export interface ClusterDescription {
  services: Record<string, string>;
  relay: { pendingDeliveries: number; published: number; delivered: number; deadLettered: number; duplicated?: number } | null;
}

/**
 * The local cluster (`npm start`'s dist/tools/cluster/cluster.main.js) as a child process of its own,
 * so that it can be killed with SIGKILL mid-run like a crashed machine, and started again on the
 * same DATA_DIR. Its logs go to a file.
 */
export class ClusterProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  constructor(
    private readonly environment: NodeJS.ProcessEnv,
    private readonly opsUrl: string,
    private readonly logFile: string,
  ) {}

  async start(timeoutMs = 120_000): Promise<ClusterDescription> {
    const entry = path.join(__dirname, '..', 'cluster', 'cluster.main.js');
    if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run through \`npm run chaos\`, which builds dist/ first`);
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [entry], { env: this.environment, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the cluster exited with code ${child.exitCode} while starting; see ${this.logFile}`);
      const described = await this.describe().catch(() => undefined);
      if (described) return described;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // A cluster that never answered is not left running on the ports of the next attempt.
    child.kill('SIGKILL');
    await this.exited;
    throw new Error(`the cluster did not answer on ${this.opsUrl} within ${timeoutMs} ms (stopped it); see ${this.logFile}`);
  }

  async describe(): Promise<ClusterDescription> {
    // The cluster writes a new operator token at every start, a restart included.
    const token = readOperatorToken(loadPlatformConfig(this.environment).operatorTokenPath);
    if (!token) throw new Error(`no operator token yet for ${this.opsUrl}`);
    const response = await fetch(`${this.opsUrl}/cluster`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`${this.opsUrl}/cluster answered ${response.status}`);
    return (await response.json()) as ClusterDescription;
  }

  /** Waits until the relay has nothing left to deliver (retries and dead letters included), a few looks in a row. */
  async whenQuiet(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let quietLooks = 0;
    while (Date.now() < deadline) {
      const relay = (await this.describe()).relay;
      quietLooks = relay && relay.pendingDeliveries === 0 ? quietLooks + 1 : 0;
      if (quietLooks >= 3) return true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return false;
  }

  /** A crash: no signal handler runs, nothing is flushed, in-flight requests are cut. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM): in-flight work finishes, the warehouse is closed. */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}
