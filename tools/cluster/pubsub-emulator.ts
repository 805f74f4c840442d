import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Where Google's Pub/Sub emulator is on this machine, or why it cannot be used. */
export type EmulatorLocation = { found: true; command: string } | { found: false; reason: string };

const EMULATOR_IN_SDK = path.join('platform', 'pubsub-emulator', 'bin', 'cloud-pubsub-emulator');

/**
 * Finds the emulator `gcloud beta emulators pubsub start` would run (the Debian package
 * google-cloud-cli-pubsub-emulator), or PUBSUB_EMULATOR_BIN when set. It needs java on the PATH.
 */
export function locatePubSubEmulator(environment: NodeJS.ProcessEnv = process.env): EmulatorLocation {
  let command = environment.PUBSUB_EMULATOR_BIN;
  if (!command) {
    let sdkRoot: string;
    try {
      sdkRoot = execFileSync('gcloud', ['info', '--format=value(installation.sdk_root)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 }).trim();
    } catch {
      return { found: false, reason: 'gcloud is not installed (the Pub/Sub emulator comes with google-cloud-cli-pubsub-emulator)' };
    }
    command = path.join(sdkRoot, EMULATOR_IN_SDK);
  }
  if (!fs.existsSync(command)) return { found: false, reason: `no Pub/Sub emulator at ${command} (install google-cloud-cli-pubsub-emulator)` };
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore', timeout: 30_000 });
  } catch {
    return { found: false, reason: 'the Pub/Sub emulator needs java (17 or newer) on the PATH' };
  }
  return { found: true, command };
}

export interface RunningEmulator {
  /** host:port, what PUBSUB_EMULATOR_HOST is set to. */
  host: string;
  stop(): Promise<void>;
}

export interface StartEmulatorOptions {
  command: string;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  startTimeoutMs?: number;
  /** Receives the emulator's own output lines (the default drops them). */
  onOutput?: (line: string) => void;
}

/** Starts the emulator as a child of this process and waits until it answers; stop() ends it. */
export async function startPubSubEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port || (await freePort(host));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pubsub-emulator-'));
  const child = spawn(options.command, [`--host=${host}`, `--port=${port}`, `--data-dir=${dataDir}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // The emulator is small; without a cap the JVM reserves a quarter of the machine.
    env: { ...process.env, JAVA_OPTS: process.env.JAVA_OPTS ?? '-Xmx512m' },
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 40) output.shift();
      options.onOutput?.(line);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const stop = () => stopChild(child, dataDir);
  try {
    await waitUntilAnswering(`http://${host}:${port}/`, child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new Error(`pubsub emulator (${options.command}) did not start on ${host}:${port}: ${(error as Error).message}; its last output:\n${output.join('\n')}`, {
      cause: error,
    });
  }
  return { host: `${host}:${port}`, stop };
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess, dataDir: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }, 5_000).unref();
  });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
