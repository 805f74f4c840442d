import fs from 'node:fs';
import path from 'node:path';
import { PlatformConfig } from '@lib/platform';

/** The repository root, found from either the sources or dist/ (both sit below it). */
function repositoryRoot(): string {
  for (let directory = __dirname; directory !== path.dirname(directory); directory = path.dirname(directory)) {
    if (fs.existsSync(path.join(directory, 'package.json')) && fs.existsSync(path.join(directory, 'data', 'season_2025_26'))) return directory;
  }
  throw new Error(`cannot find the repository's data/season_2025_26 above ${__dirname}`);
}

/** Where the bundled real season lives in the repository. */
export function bundledSeasonDir(): string {
  return path.join(repositoryRoot(), 'data', 'season_2025_26');
}

/**
 * The configuration with every upstream pointed at the replay server, and placeholder keys where
 * none are configured (the replay only checks that one is sent). The replay has no quota, so the
 * rate limits are raised.
 */
export function pointUpstreamsAtReplay(config: PlatformConfig, replayUrl: string): PlatformConfig {
  return Object.assign(Object.create(PlatformConfig.prototype) as PlatformConfig, config, {
    BALLDONTLIE_BASE_URL: `${replayUrl}/balldontlie`,
    NBA_STATS_BASE_URL: `${replayUrl}/nba-stats`,
    NBA_CDN_BASE_URL: `${replayUrl}/nba-cdn`,
    ESPN_BASE_URL: `${replayUrl}/espn`,
    ODDS_API_BASE_URL: `${replayUrl}/odds-api`,
    BIGDATABALL_BASE_URL: `${replayUrl}/bigdataball`,
    NBA_INJURY_REPORT_BASE_URL: `${replayUrl}/nba-injury-report`,
    NBA_REFEREE_ASSIGNMENTS_BASE_URL: `${replayUrl}/nba-referee-assignments`,
    BALLDONTLIE_API_KEY: config.BALLDONTLIE_API_KEY ?? 'replay-key',
    ODDS_API_KEY: config.ODDS_API_KEY ?? 'replay-key',
    NBA_PROXY_URL: undefined,
    UPSTREAM_RATE_LIMIT_FACTOR: Math.max(config.UPSTREAM_RATE_LIMIT_FACTOR, 1000),
  });
}
