import fs from 'node:fs';
import { PlatformConfig } from '@lib/platform';
import { SchemaDrift } from '@lib/warehouse';
import { OperatorQueryResponse, RunStatusResponse } from './cluster-ops.server';
import { ClusterDescriptor, clusterDescriptorPath } from './local-cluster';
import { readOperatorToken } from './operator-access';

/** Talks to a running local cluster's operator endpoint over HTTP. */
export class ClusterClient {
  constructor(
    readonly descriptor: ClusterDescriptor,
    private readonly token: string,
  ) {}

  /** Read-only SQL on the cluster's warehouse, with named parameters (@name) bound by the engine. */
  query(sql: string, params?: Record<string, string | number | boolean>): Promise<OperatorQueryResponse> {
    return this.request<OperatorQueryResponse>('POST', '/query', params === undefined ? { sql } : { sql, params });
  }

  /** Runs of the game dates from..to, and dead letters written since the given day, for one correlation id. */
  runStatus(correlationId: string, from: string, to: string, deadLettersSince: string): Promise<RunStatusResponse> {
    const query = new URLSearchParams({ correlation_id: correlationId, from, to, dead_letters_since: deadLettersSince });
    return this.request('GET', `/runs?${query.toString()}`);
  }

  /** The declared tables against the cluster's warehouse (the cluster holds the DuckDB file). */
  async schemaDrift(): Promise<SchemaDrift[]> {
    return (await this.request<{ drift: SchemaDrift[] }>('GET', '/schema-drift')).drift;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.descriptor.ops_url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const payload = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`cluster ${method} ${path} answered ${response.status}: ${payload.error ?? 'no reason given'}`);
    return payload;
  }
}

/**
 * The cluster already running on this DATA_DIR, if any: its descriptor exists, its process is alive
 * and its operator endpoint answers. A stale descriptor left by a killed cluster is reported and ignored.
 */
export async function findRunningCluster(config: PlatformConfig, warn: (message: string) => void): Promise<ClusterClient | undefined> {
  const file = clusterDescriptorPath(config);
  if (!fs.existsSync(file)) return undefined;
  const descriptor = JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterDescriptor;
  const token = readOperatorToken(config.operatorTokenPath);
  if (!token) {
    warn(`${file} names a cluster but ${config.operatorTokenPath} holds no operator token; treating it as stopped`);
    return undefined;
  }
  try {
    const response = await fetch(`${descriptor.ops_url}/cluster`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(2000) });
    if (response.ok) return new ClusterClient(descriptor, token);
    warn(`${file} names a cluster whose operator endpoint answered ${response.status}; starting without it`);
  } catch (error) {
    warn(`${file} names a cluster (pid ${descriptor.pid}) that does not answer (${(error as Error).message}); treating it as stopped`);
  }
  return undefined;
}
