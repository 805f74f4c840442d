import { defineTable } from './table-definition';

/** Every scraper run: what was asked, what the upstream answered, and what was stored. */
export const scraperExecutionLogTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'scraper_execution_log',
  description: 'One row per scraper run: parameters, status, attempts, HTTP statuses seen, records, payload path.',
  columns: [
    { name: 'run_id', type: 'STRING' },
    { name: 'scraper', type: 'STRING', required: true },
    { name: 'source', type: 'STRING', required: true },
    { name: 'endpoint', type: 'STRING', required: true },
    { name: 'game_date', type: 'DATE' },
    { name: 'params', type: 'JSON' },
    { name: 'status', type: 'STRING', required: true, description: 'running | success | no_data | partial | failed' },
    { name: 'attempts', type: 'INT64' },
    { name: 'http_statuses', type: 'JSON', description: 'Every HTTP status seen, in order, retries included' },
    { name: 'duration_ms', type: 'INT64' },
    { name: 'records', type: 'INT64' },
    { name: 'payload_path', type: 'STRING' },
    { name: 'missing', type: 'JSON', description: 'What the run expected and did not get (game ids, pages)' },
    { name: 'resume_cursor', type: 'STRING' },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'detail', type: 'STRING', description: 'What the run noticed: skipped games, where pagination stopped' },
    { name: 'error', type: 'STRING' },
    { name: 'started_at', type: 'TIMESTAMP', required: true },
    { name: 'finished_at', type: 'TIMESTAMP' },
  ],
  naturalKey: ['run_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['source', 'scraper', 'status'],
});

/** Upstream failures, one row per failed request (after its retries), for the on-call engineer. */
export const apiErrorsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'api_errors',
  description: 'Failed upstream requests: provider, redacted URL, kind, status, attempts.',
  columns: [
    { name: 'error_id', type: 'STRING' },
    { name: 'provider', type: 'STRING', required: true },
    { name: 'scraper', type: 'STRING' },
    { name: 'run_id', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'url', type: 'STRING', description: 'Secrets redacted' },
    { name: 'kind', type: 'STRING', required: true, description: 'http | timeout | network | invalid_json | circuit_open | rate_limited' },
    { name: 'http_status', type: 'INT64' },
    { name: 'attempts', type: 'INT64' },
    { name: 'message', type: 'STRING', required: true },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'occurred_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['error_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['provider', 'kind'],
});

/** Whether each source had each scheduled game, and since when: the expected-versus-got ledger. */
export const sourceAvailabilityTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'source_availability',
  description: 'Per source and scheduled game: was it available, after how many attempts, first seen when.',
  columns: [
    { name: 'source', type: 'STRING' },
    { name: 'scraper', type: 'STRING', required: true },
    { name: 'game_id', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'was_available', type: 'BOOL', required: true },
    { name: 'attempts', type: 'INT64', required: true },
    { name: 'first_checked_at', type: 'TIMESTAMP', required: true },
    { name: 'first_seen_at', type: 'TIMESTAMP', description: 'When the source first had the game; null while it never did' },
    { name: 'last_checked_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['source', 'game_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['source', 'was_available'],
});

/** Work phase 1 still owes: missing games and unfinished pagination, retried by the retry endpoint. */
export const scraperRetryQueueTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'scraper_retry_queue',
  description: 'Scrapes to retry: the scraper, date, what is missing (games or the cursor to resume from), attempts.',
  columns: [
    { name: 'scraper', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'target', type: 'STRING', description: "A game id, or 'cursor:<cursor>' for unfinished pagination" },
    { name: 'status', type: 'STRING', required: true, description: 'pending | done | abandoned' },
    { name: 'reason', type: 'STRING', required: true },
    { name: 'attempts', type: 'INT64', required: true },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'queued_at', type: 'TIMESTAMP', required: true },
    { name: 'updated_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['scraper', 'game_date', 'target'],
  partitionColumn: 'game_date',
  clusterBy: ['status', 'scraper'],
});

/** Every hourly evaluation of every workflow: RUN or SKIP, and why. */
export const workflowDecisionsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'workflow_decisions',
  description: 'Each workflow decision the hourly evaluation made: RUN or SKIP with its reason, and the outcome of a run.',
  columns: [
    { name: 'decision_id', type: 'STRING' },
    { name: 'evaluated_at', type: 'TIMESTAMP', required: true },
    { name: 'game_date', type: 'DATE', description: 'The NBA (US Eastern) date the workflow is about' },
    { name: 'workflow', type: 'STRING', required: true },
    { name: 'decision', type: 'STRING', required: true, description: 'RUN | SKIP' },
    { name: 'reason', type: 'STRING', required: true },
    { name: 'outcome', type: 'STRING', description: 'For RUN: success | partial | no_data | failed, with detail' },
    { name: 'correlation_id', type: 'STRING' },
  ],
  naturalKey: ['decision_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['workflow', 'decision'],
});

export const SCRAPING_TABLES = [scraperExecutionLogTable, apiErrorsTable, sourceAvailabilityTable, scraperRetryQueueTable, workflowDecisionsTable] as const;
