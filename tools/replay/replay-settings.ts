import fs from 'node:fs';
import path from 'node:path';
import { FaultRule, validateFaultRules } from './fault.injector';
import type { ReplayServerOptions } from './replay.server';

/**
 * The REPLAY_* settings, read once for every way the replay starts (`npm run replay`, and the local
 * cluster's own replay in `npm start` and `npm run pipeline`), so one command reproduces a fault run:
 * REPLAY_DATA_DIR (default <repo>/data/season_2025_26), REPLAY_SAMPLES_DIR (default <data>/../samples),
 * REPLAY_BIGDATABALL_DIR (default <data>/bigdataball), REPLAY_FAULTS (JSON rules) or
 * REPLAY_FAULTS_FILE (a file of them), REPLAY_NOW (pins the replay clock, ISO date-time),
 * REPLAY_INJURY_REPORT_DIR (none), REPLAY_ODDS_API_QUOTA (20000). Port and host are the caller's (REPLAY_PORT/REPLAY_HOST for the
 * standalone replay; REPLAY_PORT and LOCAL_HOST for the cluster). Errors name the setting.
 */
export function replaySettingsFromEnvironment(
  environment: NodeJS.ProcessEnv,
  defaultDataDir: string,
): Omit<ReplayServerOptions, 'port' | 'host'> {
  const dataDir = path.resolve(environment.REPLAY_DATA_DIR || defaultDataDir);
  if (!fs.existsSync(dataDir)) throw new Error(`REPLAY_DATA_DIR ${dataDir} does not exist`);
  return {
    dataDir,
    samplesDir: environment.REPLAY_SAMPLES_DIR || undefined,
    bigdataballDir: environment.REPLAY_BIGDATABALL_DIR || undefined,
    faults: faultRules(environment),
    now: pinnedClock(environment),
    injuryReportDir: environment.REPLAY_INJURY_REPORT_DIR || undefined,
    oddsApiQuota: integerSetting(environment, 'REPLAY_ODDS_API_QUOTA', 20_000, 0, Number.MAX_SAFE_INTEGER),
  };
}

export function integerSetting(environment: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

function faultRules(environment: NodeJS.ProcessEnv): FaultRule[] {
  const inline = environment.REPLAY_FAULTS;
  const file = environment.REPLAY_FAULTS_FILE;
  if (inline && file) throw new Error('set REPLAY_FAULTS or REPLAY_FAULTS_FILE, not both');
  const text = inline || (file ? fs.readFileSync(file, 'utf8') : undefined);
  if (!text) return [];
  try {
    return validateFaultRules(JSON.parse(text));
  } catch (error) {
    throw new Error(`${inline ? 'REPLAY_FAULTS' : `REPLAY_FAULTS_FILE ${file}`}: ${(error as Error).message}`, { cause: error });
  }
}

function pinnedClock(environment: NodeJS.ProcessEnv): (() => Date) | undefined {
  const raw = environment.REPLAY_NOW;
  if (!raw) return undefined;
  const pinned = new Date(raw);
  if (Number.isNaN(pinned.getTime())) throw new Error(`REPLAY_NOW must be an ISO date-time, got ${JSON.stringify(raw)}`);
  return () => pinned;
}
