import {
  DeadLetterRepository,
  DEFAULT_LOCAL_PORTS,
  LocalPushRelay,
  MessagePublisher,
  PubSubPublisher,
  SERVICE_NAMES,
  ServiceName,
} from '@lib/messaging';
import { createObjectStore, ObjectStore } from '@lib/storage';
import { ALL_TABLES, createWarehouse, Warehouse } from '@lib/warehouse';
import { PlatformConfig } from '../config/platform-config';
import { currentContext, currentCorrelationId } from '../context/request-context';

/** The external parts a service talks to, chosen by configuration; the embedded ones by default. */
export interface Infrastructure {
  config: PlatformConfig;
  warehouse: Warehouse;
  publisher: MessagePublisher;
  objectStore: ObjectStore;
  deadLetters: DeadLetterRepository;
}

/** Where phase N listens on this machine: LOCAL_PORT_BASE + N - 1 (8081–8085 by default). */
export function localServicePorts(config: PlatformConfig): Record<ServiceName, number> {
  const offset = config.LOCAL_PORT_BASE - DEFAULT_LOCAL_PORTS['phase1-scrapers'];
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, DEFAULT_LOCAL_PORTS[name] + offset])) as Record<ServiceName, number>;
}

export function localServiceUrls(config: PlatformConfig): Record<ServiceName, string> {
  const ports = localServicePorts(config);
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, `http://${config.LOCAL_HOST}:${ports[name]}`])) as Record<
    ServiceName,
    string
  >;
}

/** The configured warehouse: BigQuery, or the DuckDB file under DATA_DIR (read-only for tools that only read). */
export function warehouseFromConfig(config: PlatformConfig, options: { readOnly?: boolean } = {}): Warehouse {
  return config.WAREHOUSE_ENGINE === 'bigquery'
    ? createWarehouse({
        engine: 'bigquery',
        projectId: config.GCP_PROJECT!,
        location: config.BIGQUERY_LOCATION,
        readOnly: options.readOnly,
        maximumBytesBilled: config.BIGQUERY_MAXIMUM_BYTES_BILLED,
        jobLabels: bigQueryJobLabelsOfCurrentRun,
      })
    : createWarehouse({
        engine: 'duckdb',
        path: config.duckdbPath,
        readOnly: options.readOnly,
        tables: ALL_TABLES,
        checkpointThresholdMib: config.DUCKDB_CHECKPOINT_THRESHOLD_MIB,
        threads: config.DUCKDB_THREADS,
      });
}

/** service, phase and run id of the request or run in progress; BigQuery billing can be broken down by them. */
export function bigQueryJobLabelsOfCurrentRun(): Record<string, string | number | undefined> {
  const context = currentContext();
  return { app: 'nba-props', service: context?.service, phase: context?.phase, run_id: context?.runId };
}

/**
 * Opens the warehouse (and creates any missing table), the object store and the publisher.
 * The local cluster calls it once and shares the result among its five services.
 */
export async function createInfrastructure(
  config: PlatformConfig,
  overrides: { warehouse?: Warehouse; relayEndpoints?: Partial<Record<ServiceName, string>> } = {},
): Promise<Infrastructure> {
  const warehouse = overrides.warehouse ?? warehouseFromConfig(config);
  await warehouse.migrate(ALL_TABLES);
  const objectStore =
    config.OBJECT_STORE === 'gcs'
      ? createObjectStore({ kind: 'gcs', bucket: config.GCS_BUCKET!, projectId: config.GCP_PROJECT })
      : createObjectStore({ kind: 'local', root: config.objectStoreRoot });
  const deadLetters = new DeadLetterRepository(warehouse);
  const publisher: MessagePublisher =
    config.MESSAGING === 'pubsub'
      ? new PubSubPublisher({ projectId: config.GCP_PROJECT!, emulatorHost: config.PUBSUB_EMULATOR_HOST, currentCorrelationId })
      : new LocalPushRelay({
          endpoints: overrides.relayEndpoints ?? localServiceUrls(config),
          deadLetters,
          maxAttempts: config.RELAY_MAX_ATTEMPTS,
          initialBackoffMs: config.RELAY_INITIAL_BACKOFF_MS,
          maxBackoffMs: config.RELAY_MAX_BACKOFF_MS,
          currentCorrelationId,
          queueDirectory: config.relayQueueDirectory,
          ...(config.RELAY_DUPLICATE_PERCENT > 0 || config.RELAY_MAX_JITTER_MS > 0
            ? { unreliable: { duplicateRate: config.RELAY_DUPLICATE_PERCENT / 100, maxJitterMs: config.RELAY_MAX_JITTER_MS, seed: config.RELAY_CHAOS_SEED } }
            : {}),
        });
  return { config, warehouse, publisher, objectStore, deadLetters };
}

/** Closes what createInfrastructure opened: pending deliveries first, the warehouse last. */
export async function closeInfrastructure(infrastructure: Infrastructure): Promise<void> {
  await infrastructure.publisher.close();
  await infrastructure.warehouse.close();
}
