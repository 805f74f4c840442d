import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadPlatformConfig, PlatformConfig } from '@lib/platform';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Six consecutive free loopback ports: five services and the operator endpoint. */
async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20000 + Math.floor(Math.random() * 20000);
    const ports = Array.from({ length: 6 }, (_, offset) => base + offset);
    const free = await Promise.all(ports.map(portIsFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error('found no block of six free loopback ports');
}

/** A configuration of the embedded defaults in a fresh temporary DATA_DIR, on free ports. */
export async function isolatedConfig(overrides: Record<string, string> = {}): Promise<PlatformConfig> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nba-props-e2e-'));
  const base = await freePortBlock();
  return loadPlatformConfig({
    DATA_DIR: dataDir,
    LOCAL_PORT_BASE: String(base),
    LOCAL_OPS_PORT: String(base + 5),
    RELAY_MAX_ATTEMPTS: '3',
    RELAY_INITIAL_BACKOFF_MS: '5',
    RELAY_MAX_BACKOFF_MS: '20',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'error',
    REPLAY_PORT: '0',
    // Tests call the scheduled routes themselves; a spec about the scheduler turns it on.
    LOCAL_SCHEDULER: 'off',
    ...overrides,
  });
}

export function pushEnvelope(subscription: string, payload: unknown, messageId: string, attributes: Record<string, string> = {}) {
  return {
    message: {
      data: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64'),
      attributes,
      messageId,
      publishTime: new Date().toISOString(),
    },
    subscription: `projects/local/subscriptions/${subscription}`,
  };
}

/** A valid phase 1 completion message (one scraper run), as phase 2's push endpoint expects it. */
export function scraperCompletion(gameDate: string, overrides: Record<string, unknown> = {}) {
  return {
    schema_version: 1,
    phase: 1,
    service: 'phase1-scrapers',
    run_id: `run-${Math.random().toString(36).slice(2)}`,
    game_date: gameDate,
    status: 'success',
    records: 11,
    degraded: false,
    backfill_mode: false,
    scraper: 'bdl_games',
    source: 'balldontlie',
    endpoint: 'games',
    path: `raw/balldontlie/games/${gameDate}/run.json`,
    attempts: 1,
    missing: [],
    ...overrides,
  };
}
