import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
import path from 'node:path';
import { BoundaryThresholds, DEFAULT_BOUNDARY_THRESHOLDS, validateThresholds } from '@lib/quality';

function toInt({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

function toNumber({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

function toBoolean({ value }: { value: unknown }): unknown {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

/**
 * Every setting the services read, validated once at start-up. Environment variable names are the
 * property names. The embedded adapters (DuckDB, local relay, local folder) are the defaults.
 */
export class PlatformConfig {
  /** Holds the DuckDB file and the local object store. */
  @IsString()
  DATA_DIR: string = '.data';

  @IsIn(['duckdb', 'bigquery'])
  WAREHOUSE_ENGINE: 'duckdb' | 'bigquery' = 'duckdb';

  @IsIn(['local-relay', 'pubsub'])
  MESSAGING: 'local-relay' | 'pubsub' = 'local-relay';

  @IsIn(['local', 'gcs'])
  OBJECT_STORE: 'local' | 'gcs' = 'local';

  @ValidateIf((config: PlatformConfig) => config.usesGoogleCloud())
  @Matches(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { message: 'GCP_PROJECT must be a Google Cloud project id' })
  GCP_PROJECT?: string;

  @IsString()
  BIGQUERY_LOCATION: string = 'US';

  /** Every BigQuery query job fails instead of billing more than this (10 GiB by default; a day's run reads a few partitions). */
  @Transform(toInt)
  @IsInt()
  @Min(10 * 1024 * 1024)
  BIGQUERY_MAXIMUM_BYTES_BILLED: number = 10 * 1024 * 1024 * 1024;

  @ValidateIf((config: PlatformConfig) => config.OBJECT_STORE === 'gcs')
  @Matches(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, { message: 'GCS_BUCKET must be a bucket name' })
  GCS_BUCKET?: string;

  /**
   * host:port of a Pub/Sub emulator. With MESSAGING=pubsub the services publish there, and the local
   * cluster creates the declared topics and push subscriptions there, pointing at itself.
   */
  @IsOptional()
  @Matches(/^[^\s:/]+:\d{1,5}$/, { message: 'PUBSUB_EMULATOR_HOST must be host:port' })
  PUBSUB_EMULATOR_HOST?: string;

  /** When set, push requests must carry a Google-signed OIDC token for this audience. */
  @IsOptional()
  @IsString()
  PUSH_AUDIENCE?: string;

  /** When set with PUSH_AUDIENCE, the token must also be issued to this service account. */
  @IsOptional()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'PUSH_SERVICE_ACCOUNT must be a service account email' })
  PUSH_SERVICE_ACCOUNT?: string;

  /** Port of a single service (Cloud Run sets it). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 8080;

  /** The local cluster puts phase N on LOCAL_PORT_BASE + N - 1. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65530)
  LOCAL_PORT_BASE: number = 8081;

  @IsString()
  LOCAL_HOST: string = '127.0.0.1';

  /** The local cluster's operator endpoint (read-only queries, run status) for the CLIs. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  LOCAL_OPS_PORT: number = 8090;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  RELAY_MAX_ATTEMPTS: number = 5;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  RELAY_INITIAL_BACKOFF_MS: number = 250;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  RELAY_MAX_BACKOFF_MS: number = 10_000;

  /** Local relay, chaos runs only: percent of deliveries POSTed twice at once (racing duplicates); 0 in normal use. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  RELAY_DUPLICATE_PERCENT: number = 0;

  /** Local relay, chaos runs only: each delivery first waits a random 0..this many ms, so messages arrive out of order; 0 in normal use. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RELAY_MAX_JITTER_MS: number = 0;

  /** Seed of the relay's duplicates and jitter, so a chaos run can be repeated. */
  @Transform(toInt)
  @IsInt()
  RELAY_CHAOS_SEED: number = 1;

  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  /** Overrides the commit baked in at build time (the Docker build passes it this way). */
  @IsOptional()
  @Matches(/^[0-9a-f]{7,40}$/, { message: 'GIT_COMMIT must be a git commit sha' })
  GIT_COMMIT?: string;

  @Transform(toBoolean)
  @IsBoolean()
  BACKFILL_DEFAULT: boolean = false;

  // Upstreams. Base URLs default to the real APIs; the local cluster points them at the replay server.
  @IsUrl({ require_tld: false, require_protocol: true })
  BALLDONTLIE_BASE_URL: string = 'https://api.balldontlie.io';

  @IsOptional()
  @IsString()
  BALLDONTLIE_API_KEY?: string;

  @IsUrl({ require_tld: false, require_protocol: true })
  NBA_STATS_BASE_URL: string = 'https://stats.nba.com';

  @IsUrl({ require_tld: false, require_protocol: true })
  NBA_CDN_BASE_URL: string = 'https://cdn.nba.com';

  /** NBA.com refuses cloud IP ranges: production sends its requests through this proxy. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  NBA_PROXY_URL?: string;

  @IsUrl({ require_tld: false, require_protocol: true })
  ESPN_BASE_URL: string = 'https://site.api.espn.com';

  @IsUrl({ require_tld: false, require_protocol: true })
  ODDS_API_BASE_URL: string = 'https://api.the-odds-api.com';

  @IsOptional()
  @IsString()
  ODDS_API_KEY?: string;

  @IsUrl({ require_tld: false, require_protocol: true })
  BIGDATABALL_BASE_URL: string = 'https://bigdataball.invalid';

  /** NBA.com's official injury report PDFs (`/referee/injury/Injury-Report_<date>_<time>.pdf`). */
  @IsUrl({ require_tld: false, require_protocol: true })
  NBA_INJURY_REPORT_BASE_URL: string = 'https://ak-static.cms.nba.com';

  /** NBA.com's officials site, whose `/referee-assignments/` page lists the day's referee crews. */
  @IsUrl({ require_tld: false, require_protocol: true })
  NBA_REFEREE_ASSIGNMENTS_BASE_URL: string = 'https://official.nba.com';

  /** The injury report of a date is looked for at its publication times from this US Eastern hour… */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  INJURY_REPORT_FIRST_HOUR_ET: number = 0;

  /** …to this one (inclusive), newest first. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(23)
  INJURY_REPORT_LAST_HOUR_ET: number = 23;

  /** Per-attempt timeout of every upstream request. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  UPSTREAM_TIMEOUT_MS: number = 20_000;

  /** Multiplies every provider's rate limit; the local replay has no quota, so the cluster raises it there. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  UPSTREAM_RATE_LIMIT_FACTOR: number = 1;

  /** The embedded warehouse checkpoints its WAL at this size; every write waits while it does, so a few large checkpoints beat many small ones. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DUCKDB_CHECKPOINT_THRESHOLD_MIB: number = 256;

  /**
   * Threads the embedded warehouse runs each statement on. A run's statements are mostly a few rows
   * (log rows, claims, one date's reads), where a pool of threads costs more CPU than it saves time,
   * and the services already keep a core busy; 1 by default.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  DUCKDB_THREADS: number = 1;

  /**
   * Per-game scrapes of one provider for a date run this many at once (still within its rate limit), and the
   * injury report asks for this many of its publication times at once; 1 runs them one by one.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  SCRAPES_IN_FLIGHT_PER_PROVIDER: number = 4;

  /**
   * A backfilled date goes to phase 2 as one message after all its scrapes, loaded in one run (each raw
   * table's payloads in one MERGE) and reported to phase 3 as one message; false sends one message per
   * scraper run as a live date does (the slower path the date-level one is compared with).
   */
  @Transform(toBoolean)
  @IsBoolean()
  BACKFILL_LOADS_BY_DATE: boolean = true;

  /**
   * A backfilled date (by date) is announced to phase 2 only once phase 3 has handled the run's
   * previous date, so a date's analytics never read a later date's raw rows and phase 4 never reads
   * history without the previous date; phase 1 scrapes the date meanwhile. After this long it is
   * announced anyway, with a warning.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  BACKFILL_DATE_ORDER_WAIT_SECONDS: number = 120;

  /** Below this share of scheduled games, a source's coverage raises an alert. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  SOURCE_COVERAGE_ALERT_PERCENT: number = 80;

  /** Phase 5 trains ridge_v1 again (through the day before) when its newest model is more than this many days behind the date. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MODEL_RETRAIN_AFTER_DAYS: number = 7;

  /** Minutes after a date's first box-score load (any source) that phase 3 waits for the required processors before running without them. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ANALYTICS_DEADLINE_MINUTES: number = 30;

  /** Below this share of box-score players present in player_game_summary, the phase 3 run is marked and alerted. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  ANALYTICS_COVERAGE_ALERT_PERCENT: number = 80;

  /** A box score listing fewer players than this for a team is a short roster: the game is not complete in that source (never gold). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  ANALYTICS_MIN_PLAYERS_PER_TEAM: number = 8;

  /** Phase 4 waits at most this long for a date's inputs from phase 1 (still scraping, or its lines, injury report or player list not loaded) before running without them, degraded. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(480)
  PRECOMPUTE_LINES_WAIT_SECONDS: number = 300;

  /**
   * A run still `running` (or a message claim still held) after this many minutes died with its
   * instance: it is retried. Longer than any service's request timeout (540 s), so a live run is never taken over.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RUN_STUCK_AFTER_MINUTES: number = 15;

  /** `on`: the local cluster runs every Cloud Scheduler job (deploy/scheduler) on its own cron, by the clock; `off`: none. */
  @IsIn(['on', 'off'])
  LOCAL_SCHEDULER: 'on' | 'off' = 'on';

  /**
   * The instant the local system's clock starts at (ISO date-time), shared by the services, the local
   * scheduler and the replay; unset: the wall clock.
   */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, { message: 'CLOCK_START must be an ISO date-time with a zone, e.g. 2025-11-05T13:00:00Z' })
  CLOCK_START?: string;

  /** Simulated seconds per real second of that clock (600: a 24-hour day in 144 s). */
  @Transform(toNumber)
  @IsNumber()
  @Min(0.001)
  @Max(100_000)
  CLOCK_SPEED: number = 1;

  /** Hours after a date's last tip-off to keep waiting for BigDataBall before using NBA.com play-by-play. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  BIGDATABALL_FINAL_WINDOW_HOURS: number = 8;

  /** The local cluster starts the replay server of the bundled season and points every upstream at it. */
  @Transform(toBoolean)
  @IsBoolean()
  LOCAL_REPLAY: boolean = true;

  /** 0 lets the system pick a free port. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  REPLAY_PORT: number = 8091;

  /** Phase-boundary validation before phases 4 and 5: below this completeness percent, run and alert. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  BOUNDARY_ALERT_BELOW_PERCENT: number = DEFAULT_BOUNDARY_THRESHOLDS.alertBelowPercent;

  /** Below this completeness percent the phase does not run until self-heal or a person releases it. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  BOUNDARY_BLOCK_BELOW_PERCENT: number = DEFAULT_BOUNDARY_THRESHOLDS.blockBelowPercent;

  /** Days between the latest analytics date and a game date beyond which features count as stale. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STALE_INPUT_DAYS: number = 3;

  /** The prediction system whose rows feed tonight's picks (phase 5 checks it names a known system). */
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'PREDICTION_PRIMARY_SYSTEM must be a system id like ridge_v1' })
  PREDICTION_PRIMARY_SYSTEM: string = 'market_v1';

  /**
   * Probability (0-1) by which the calibrated chance of winning a side must beat the break-even of
   * the best available price before the recommendation takes it; otherwise PASS.
   */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(0.5)
  PREDICTION_MIN_WIN_PROBABILITY_MARGIN: number = 0.02;

  // Limits every edge enforces: a request beyond them is refused with a 4xx naming the limit.

  /** The longest date range one request may name (about a season); longer backfills go in chunks through the CLI. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  MAX_DATE_RANGE_DAYS: number = 250;

  /** Largest request body any service or the operator endpoint reads; larger is a 413. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  REQUEST_BODY_LIMIT_BYTES: number = 1_048_576;

  /** Deepest nesting of arrays and objects accepted in a JSON body or a message payload. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(1000)
  REQUEST_JSON_MAX_DEPTH: number = 32;

  /** After SIGTERM, in-flight work gets this long; then it is abandoned (unacknowledged, so redelivered) and the process exits. Cloud Run kills at 10 s. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_DEADLINE_MS: number = 8_000;

  /** Rows one operator query (`npm run query`, the operator endpoint) returns at most; the answer says when there were more. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  OPERATOR_QUERY_MAX_ROWS: number = 10_000;

  /** An operator query is interrupted after this long. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  OPERATOR_QUERY_TIMEOUT_MS: number = 30_000;

  /** Slack-compatible incoming webhook every alert is posted to (a secret in production); unset: alerts are logged and stored only. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  ALERT_WEBHOOK_URL?: string;

  /** The same alert (date, kind, service) raised again within this many minutes is counted, not sent again. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  ALERT_REPEAT_MINUTES: number = 60;

  /** Webhook requests per alert before giving up on it (the run goes on either way). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  ALERT_WEBHOOK_MAX_ATTEMPTS: number = 3;

  /** Wait before the first webhook retry; doubles each time, and a 429's Retry-After wins when longer. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  ALERT_WEBHOOK_RETRY_DELAY_MS: number = 1_000;

  /** A phase run still `running` after its expected duration × this factor is reported stuck. */
  @Transform(toNumber)
  @IsNumber()
  @Min(1)
  STUCK_PHASE_FACTOR: number = 1.5;

  /** A phase's expected duration is the 90th percentile of its finished runs, never below this (runs of seconds would make jitter look stuck). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  STUCK_PHASE_MIN_EXPECTED_MINUTES: number = 5;

  /** Below this share of expected work done over the last 30 game dates, the completeness check alerts. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  COMPLETENESS_ALERT_BELOW_PERCENT: number = 80;

  /** Above this share of a date's active primary predictions in the bronze tier, the quality check alerts. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  BRONZE_PREDICTIONS_ALERT_ABOVE_PERCENT: number = 20;

  /** Phase 5 holds a date when more than this share of its games have data problems (the pipeline circuit breaker). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  CIRCUIT_BREAKER_PROBLEM_GAMES_ABOVE_PERCENT: number = 50;

  boundaryThresholds(): BoundaryThresholds {
    return { alertBelowPercent: this.BOUNDARY_ALERT_BELOW_PERCENT, blockBelowPercent: this.BOUNDARY_BLOCK_BELOW_PERCENT };
  }

  usesGoogleCloud(): boolean {
    return this.WAREHOUSE_ENGINE === 'bigquery' || this.MESSAGING === 'pubsub' || this.OBJECT_STORE === 'gcs';
  }

  get dataDirectory(): string {
    return path.resolve(this.DATA_DIR);
  }

  get duckdbPath(): string {
    return path.join(this.dataDirectory, 'warehouse.duckdb');
  }

  /** The local relay's deliveries waiting for an acknowledgement, one file each. */
  get relayQueueDirectory(): string {
    return path.join(this.dataDirectory, 'relay-queue');
  }

  /** The operator endpoint's token, written at cluster start and read by the CLI tools. */
  get operatorTokenPath(): string {
    return path.join(this.dataDirectory, 'ops-token');
  }

  get objectStoreRoot(): string {
    return path.join(this.dataDirectory, 'objects');
  }
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigurationError';
  }
}

const SETTING_NAMES = Object.keys(new PlatformConfig());
/** Settings without a default are not own properties of a fresh instance; list them here. */
const OPTIONAL_SETTING_NAMES = [
  'GCP_PROJECT',
  'GCS_BUCKET',
  'PUBSUB_EMULATOR_HOST',
  'PUSH_AUDIENCE',
  'PUSH_SERVICE_ACCOUNT',
  'GIT_COMMIT',
  'BALLDONTLIE_API_KEY',
  'NBA_PROXY_URL',
  'ODDS_API_KEY',
  'ALERT_WEBHOOK_URL',
  'CLOCK_START',
];

/** Reads the settings from the environment; throws ConfigurationError naming every bad one. */
export function loadPlatformConfig(environment: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const provided: Record<string, string> = {};
  for (const name of [...SETTING_NAMES, ...OPTIONAL_SETTING_NAMES]) {
    const value = environment[name];
    if (value !== undefined && value !== '') provided[name] = value;
  }
  const config = plainToInstance(PlatformConfig, provided);
  const errors = validateSync(config, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.map((error) => {
        const shown = error.property in provided ? ` (got ${JSON.stringify(provided[error.property])})` : ' (not set)';
        return `${Object.values(error.constraints ?? {}).join(', ')}${shown}`;
      }),
    );
  }
  try {
    validateThresholds(config.boundaryThresholds());
  } catch (error) {
    throw new ConfigurationError([`BOUNDARY_BLOCK_BELOW_PERCENT/BOUNDARY_ALERT_BELOW_PERCENT: ${(error as Error).message}`]);
  }
  return config;
}
