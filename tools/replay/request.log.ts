/** What the replay saw and answered, request by request, for tests and operators to inspect. */
export interface RequestLogEntry {
  seq: number;
  /** Real time the request arrived. */
  receivedAt: string;
  /** The replay clock when the request arrived. */
  replayNow: string;
  method: string;
  /** The upstream prefix ('balldontlie', 'espn', …) or 'unknown'. */
  source: string;
  /** The upstream's path, after the prefix. */
  path: string;
  /** Query parameters; secrets (apiKey) are masked. */
  query: Record<string, string | string[]>;
  /** Status sent, or null for a request held open (timeout fault) or dropped. */
  status: number | null;
  outcome: 'served' | 'fault' | 'held' | 'dropped';
  /** Ids of the fault rules applied. */
  faults: string[];
  durationMs: number | null;
}

const SECRET_PARAMS = new Set(['apikey']);
const MAX_ENTRIES = 10_000;

export function loggableQuery(query: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, raw] of query) {
    const value = SECRET_PARAMS.has(key.toLowerCase()) ? '***' : raw;
    const existing = result[key];
    result[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  start(entry: Omit<RequestLogEntry, 'seq' | 'status' | 'outcome' | 'durationMs'>): RequestLogEntry {
    this.seq += 1;
    const full: RequestLogEntry = { ...entry, seq: this.seq, status: null, outcome: 'held', durationMs: null };
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return full;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((entry) => ({ ...entry, faults: [...entry.faults], query: { ...entry.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
