import path from 'node:path';
import { PlatformConfig } from '@lib/platform';

/** Where the bundled real season lives in the repository. */
export const BUNDLED_SEASON_DIR = path.resolve(__dirname, '../../data/season_2025_26');

/**
 * The configuration with every upstream pointed at the replay server (its base URL plus the
 * upstream's prefix), and placeholder keys where none are configured, since the replay only checks
 * that one is sent.
 */
export function pointUpstreamsAtReplay(config: PlatformConfig, replayUrl: string): PlatformConfig {
  return Object.assign(Object.create(PlatformConfig.prototype) as PlatformConfig, config, {
    BALLDONTLIE_BASE_URL: `${replayUrl}/balldontlie`,
    NBA_STATS_BASE_URL: `${replayUrl}/nba-stats`,
    NBA_CDN_BASE_URL: `${replayUrl}/nba-cdn`,
    ESPN_BASE_URL: `${replayUrl}/espn`,
    ODDS_API_BASE_URL: `${replayUrl}/odds-api`,
    BIGDATABALL_BASE_URL: `${replayUrl}/bigdataball`,
    BALLDONTLIE_API_KEY: config.BALLDONTLIE_API_KEY ?? 'replay-key',
    ODDS_API_KEY: config.ODDS_API_KEY ?? 'replay-key',
    NBA_PROXY_URL: undefined,
    UPSTREAM_RATE_LIMIT_FACTOR: Math.max(config.UPSTREAM_RATE_LIMIT_FACTOR, 1000),
  });
}
