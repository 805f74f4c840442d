import { ConfigurationError, loadPlatformConfig } from './platform-config';

describe('platform configuration', () => {
  it('defaults to the embedded adapters and .data/', () => {
    const config = loadPlatformConfig({});
    expect(config.WAREHOUSE_ENGINE).toBe('duckdb');
    expect(config.MESSAGING).toBe('local-relay');
    expect(config.OBJECT_STORE).toBe('local');
    expect(config.duckdbPath).toMatch(/\.data\/warehouse\.duckdb$/);
    expect(config.LOCAL_PORT_BASE).toBe(8081);
  });

  it('reads numbers and booleans from strings', () => {
    const config = loadPlatformConfig({ PORT: '9090', RELAY_MAX_ATTEMPTS: '3', BACKFILL_DEFAULT: 'true' });
    expect(config.PORT).toBe(9090);
    expect(config.RELAY_MAX_ATTEMPTS).toBe(3);
    expect(config.BACKFILL_DEFAULT).toBe(true);
  });

  it('reads the phase-boundary thresholds and prediction settings, and refuses thresholds in the wrong order', () => {
    const config = loadPlatformConfig({ BOUNDARY_ALERT_BELOW_PERCENT: '95', BOUNDARY_BLOCK_BELOW_PERCENT: '70', PREDICTION_MIN_WIN_PROBABILITY_MARGIN: '0.03' });
    expect(config.boundaryThresholds()).toEqual({ alertBelowPercent: 95, blockBelowPercent: 70 });
    expect(config.PREDICTION_MIN_WIN_PROBABILITY_MARGIN).toBe(0.03);
    expect(() => loadPlatformConfig({ PREDICTION_MIN_WIN_PROBABILITY_MARGIN: '2' })).toThrow(/PREDICTION_MIN_WIN_PROBABILITY_MARGIN/);
    expect(loadPlatformConfig({}).boundaryThresholds()).toEqual({ alertBelowPercent: 90, blockBelowPercent: 80 });
    expect(() => loadPlatformConfig({ BOUNDARY_ALERT_BELOW_PERCENT: '75' })).toThrow(/blockBelowPercent \(80\) must not exceed alertBelowPercent \(75\)/);
    expect(() => loadPlatformConfig({ PREDICTION_PRIMARY_SYSTEM: 'Best System' })).toThrow(/PREDICTION_PRIMARY_SYSTEM/);
  });

  it('names a malformed setting and what it got', () => {
    expect(() => loadPlatformConfig({ PORT: 'eighty' })).toThrow(/PORT.*"eighty"/);
    expect(() => loadPlatformConfig({ WAREHOUSE_ENGINE: 'postgres' })).toThrow(/WAREHOUSE_ENGINE/);
  });

  it('requires a project and bucket once a Google adapter is chosen', () => {
    let caught: unknown;
    try {
      loadPlatformConfig({ WAREHOUSE_ENGINE: 'bigquery', OBJECT_STORE: 'gcs' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const problems = (caught as ConfigurationError).problems.join('\n');
    expect(problems).toMatch(/GCP_PROJECT.*not set/);
    expect(problems).toMatch(/GCS_BUCKET.*not set/);
  });

  it('accepts a complete Google Cloud configuration', () => {
    const config = loadPlatformConfig({
      WAREHOUSE_ENGINE: 'bigquery',
      MESSAGING: 'pubsub',
      OBJECT_STORE: 'gcs',
      GCP_PROJECT: 'nba-props-prod',
      GCS_BUCKET: 'nba-props-raw',
    });
    expect(config.usesGoogleCloud()).toBe(true);
  });
});
