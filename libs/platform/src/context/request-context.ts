import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and published message of one request or message carries. */
export interface RequestContext {
  correlationId: string;
  service?: string;
  /** Cloud Trace id from X-Cloud-Trace-Context, when the platform sent one. */
  traceId?: string;
  /** The phase and run in progress (set by the phase runner), for BigQuery job labels. */
  phase?: number;
  runId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const CORRELATION_HEADER = 'x-correlation-id';

export function mintCorrelationId(): string {
  return randomUUID();
}

export function runWithContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

/** 'TRACE_ID/SPAN_ID;o=1' → 'TRACE_ID'. */
export function traceIdFromCloudTraceHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const traceId = header.split('/')[0]?.trim();
  return traceId && /^[0-9a-f]{32}$/i.test(traceId) ? traceId : undefined;
}

/** Correlation ids travel in headers and attributes: keep them short and printable. */
export function isUsableCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value);
}
