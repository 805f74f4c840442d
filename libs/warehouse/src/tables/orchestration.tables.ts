import { defineTable } from './table-definition';

/** Messages that can never be processed: malformed, failing validation, or out of delivery attempts. */
export const deadLetterTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'dead_letter',
  description: 'Messages acknowledged without processing, with the reason, so nothing is retried forever or lost.',
  columns: [
    { name: 'message_id', type: 'STRING' },
    { name: 'subscription', type: 'STRING', description: 'Subscription (or relay route) that received it' },
    { name: 'topic', type: 'STRING' },
    { name: 'service', type: 'STRING', description: 'Service that gave up on the message' },
    { name: 'reason', type: 'STRING', required: true },
    { name: 'stage', type: 'STRING', required: true, description: 'envelope | payload | content (what the message points at cannot be processed) | delivery' },
    { name: 'attempts', type: 'INT64' },
    { name: 'raw_data', type: 'STRING', description: 'The message data exactly as received (base64)' },
    { name: 'attributes', type: 'JSON' },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'dead_lettered_at', type: 'TIMESTAMP', required: true },
    { name: 'dead_lettered_date', type: 'DATE' },
  ],
  naturalKey: ['subscription', 'message_id'],
  partitionColumn: 'dead_lettered_date',
});

/** Message ids already handled, so a redelivery is acknowledged without being processed again. */
export const processedMessagesTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'processed_messages',
  description: 'Push deliveries handled successfully, keyed by subscription and Pub/Sub message id.',
  columns: [
    { name: 'subscription', type: 'STRING' },
    { name: 'message_id', type: 'STRING' },
    { name: 'service', type: 'STRING', required: true },
    { name: 'topic', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'processed_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['subscription', 'message_id'],
  clusterBy: ['message_id'],
});

/** Push deliveries being worked on: the first delivery of a message id to claim it runs, racing ones do not. */
export const messageClaimsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'message_claims',
  description:
    'Push deliveries in progress, keyed by subscription and message id: the first writer runs; released when its run fails (so a redelivery can claim it) and once the id is processed; a claim older than RUN_STUCK_AFTER_MINUTES is taken over.',
  columns: [
    { name: 'subscription', type: 'STRING' },
    { name: 'message_id', type: 'STRING' },
    { name: 'claim_id', type: 'STRING', required: true, description: 'Which delivery holds the claim' },
    { name: 'service', type: 'STRING', required: true },
    { name: 'claimed_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['subscription', 'message_id'],
});

/** One row per phase run for a date: what ran, how it ended, and who asked for it. */
export const phaseExecutionLogTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'phase_execution_log',
  description: 'Every phase run per game date: start, finish, status, degraded flag and trigger.',
  columns: [
    { name: 'run_id', type: 'STRING' },
    { name: 'phase', type: 'STRING', required: true },
    { name: 'service', type: 'STRING', required: true },
    { name: 'game_date', type: 'DATE' },
    { name: 'status', type: 'STRING', required: true, description: 'running | success | partial | failed | skipped' },
    { name: 'degraded', type: 'BOOL', required: true },
    { name: 'trigger', type: 'STRING', required: true, description: 'process_date | pubsub | scheduler' },
    { name: 'backfill_mode', type: 'BOOL', required: true },
    { name: 'records', type: 'INT64' },
    { name: 'detail', type: 'STRING', description: 'What ran and what was missing, for the operator' },
    { name: 'error', type: 'STRING' },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'started_at', type: 'TIMESTAMP', required: true },
    { name: 'finished_at', type: 'TIMESTAMP' },
  ],
  naturalKey: ['run_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['phase', 'status'],
});

/** Conditions an operator must hear about, with what is wrong and on what. */
export const alertsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'alerts',
  description: 'Raised alerts: severity, what is wrong (the message names the data), and the numbers behind it.',
  columns: [
    { name: 'alert_id', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'service', type: 'STRING', required: true },
    { name: 'severity', type: 'STRING', required: true, description: 'WARNING | ERROR | CRITICAL' },
    { name: 'category', type: 'STRING', required: true, description: 'e.g. source_coverage, boundary_block, deadline' },
    { name: 'message', type: 'STRING', required: true },
    { name: 'details', type: 'JSON' },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'raised_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['alert_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['category', 'severity'],
});

/** Every processor run (phase 2 raw loads, phase 3 builds): what it read, what it wrote, how it ended. */
export const processorRunsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'processor_runs',
  description: 'One row per processor run: processor, date, status, rows, duration, source payload, correlation id, error.',
  columns: [
    { name: 'run_id', type: 'STRING' },
    { name: 'phase', type: 'STRING', required: true },
    { name: 'processor', type: 'STRING', required: true },
    { name: 'game_date', type: 'DATE' },
    { name: 'status', type: 'STRING', required: true, description: 'success | partial | no_data | failed' },
    { name: 'rows_written', type: 'INT64' },
    { name: 'target_table', type: 'STRING' },
    { name: 'source_path', type: 'STRING', description: 'Payload read (phase 2)' },
    { name: 'duration_ms', type: 'INT64' },
    { name: 'detail', type: 'STRING' },
    { name: 'error', type: 'STRING' },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'started_at', type: 'TIMESTAMP', required: true },
    { name: 'finished_at', type: 'TIMESTAMP' },
  ],
  naturalKey: ['run_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['phase', 'processor', 'status'],
});

/** Phase 2 processor completions as phase 3 received them: what the 2 → 3 transition waits on. */
export const processorCompletionsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'processor_completions',
  description: 'Per date, each completed upstream processor run that a transition counts (received by the next phase).',
  columns: [
    { name: 'phase', type: 'STRING', description: 'Phase that received the completion, e.g. phase3' },
    { name: 'processor', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'run_id', type: 'STRING', description: 'Upstream processor run id' },
    { name: 'status', type: 'STRING', required: true },
    { name: 'rows_written', type: 'INT64' },
    { name: 'completed_at', type: 'TIMESTAMP', required: true, description: 'When the completion was received' },
  ],
  naturalKey: ['phase', 'processor', 'run_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['phase', 'processor'],
});

/** A phase transition for a date, fired once: the first writer of this row wins. */
export const phaseTransitionsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'phase_transitions',
  description: 'Per phase and date, when and why the phase was started: every required input complete, or the deadline passed.',
  columns: [
    { name: 'phase', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'reason', type: 'STRING', required: true, description: 'all_required_complete | deadline_passed' },
    { name: 'missing_required', type: 'JSON', description: 'Required processors not complete when it fired' },
    { name: 'first_completion_at', type: 'TIMESTAMP' },
    { name: 'deadline_at', type: 'TIMESTAMP' },
    { name: 'triggered_at', type: 'TIMESTAMP', required: true },
    { name: 'correlation_id', type: 'STRING' },
  ],
  naturalKey: ['phase', 'game_date'],
  partitionColumn: 'game_date',
});

/** Source coverage events from every processor: which source had which game, and whether a fallback stood in. */
export const sourceCoverageEventsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'source_coverage_events',
  description: 'Per processor, source and game: available or not, and the fallback used when it was not.',
  columns: [
    { name: 'processor', type: 'STRING' },
    { name: 'source', type: 'STRING' },
    { name: 'game_id', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'phase', type: 'STRING', required: true },
    { name: 'available', type: 'BOOL', required: true },
    { name: 'fallback_used', type: 'STRING', description: 'The source that stood in, when this one did not have the game' },
    { name: 'rows', type: 'INT64' },
    { name: 'detail', type: 'STRING' },
    { name: 'run_id', type: 'STRING' },
    { name: 'recorded_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['processor', 'source', 'game_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['processor', 'available'],
});

/** The daily reconciliation: per date and phase boundary, what was expected, what arrived, and the verdict. */
export const reconciliationResultsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'reconciliation_results',
  description: 'Per date and boundary (schedule → box scores → raw → analytics → features → predictions): expected, actual, status and why.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'boundary', type: 'STRING', description: 'box_scores | raw_loads | analytics | features | predictions' },
    { name: 'expected', type: 'INT64', required: true },
    { name: 'actual', type: 'INT64', required: true },
    { name: 'status', type: 'STRING', required: true, description: 'ok | gap | blocked | awaiting_results | no_games' },
    { name: 'detail', type: 'STRING', required: true },
    { name: 'checked_at', type: 'TIMESTAMP', required: true },
    { name: 'correlation_id', type: 'STRING' },
  ],
  naturalKey: ['boundary', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['status'],
});

/** What self-heal did about a reconciliation gap: the message it published, or why it did nothing. */
export const selfHealActionsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'self_heal_actions',
  description: 'Per date, boundary and attempt: the action self-heal took for a gap (a republished or trigger message) or why it left it.',
  columns: [
    { name: 'action_id', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'boundary', type: 'STRING', required: true },
    { name: 'action', type: 'STRING', required: true, description: 'republish_payload | rescrape_box_scores | trigger_phase3 | trigger_phase4 | left_to_retry_queue | gave_up' },
    { name: 'target', type: 'STRING', description: 'Payload path or topic' },
    { name: 'message_id', type: 'STRING' },
    { name: 'detail', type: 'STRING', required: true },
    { name: 'correlation_id', type: 'STRING' },
    { name: 'acted_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['action_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['boundary', 'action'],
});

/** Per date, alert kind and service: when a person was last told, and how many repeats were held back since. */
export const alertNotificationsTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'alert_notifications',
  description: 'Webhook delivery of alerts: repeats of the same date, kind and service within ALERT_REPEAT_MINUTES are counted here instead of sent again.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'category', type: 'STRING' },
    { name: 'service', type: 'STRING' },
    { name: 'severity', type: 'STRING', required: true },
    { name: 'last_message', type: 'STRING', required: true },
    { name: 'last_sent_at', type: 'TIMESTAMP', description: 'When the webhook last accepted it; null if it never did' },
    { name: 'last_raised_at', type: 'TIMESTAMP', required: true },
    { name: 'repeats_since_sent', type: 'INT64', required: true, description: 'Raised again within the repeat window, counted and not sent' },
    { name: 'total_raised', type: 'INT64', required: true },
    { name: 'delivery', type: 'STRING', required: true, description: 'sent | repeat_counted | failed | no_webhook' },
    { name: 'delivery_attempts', type: 'INT64', required: true, description: 'Webhook requests of the last delivery, retries included' },
    { name: 'delivery_error', type: 'STRING' },
  ],
  naturalKey: ['game_date', 'category', 'service'],
  partitionColumn: 'game_date',
  clusterBy: ['category'],
});

export const ORCHESTRATION_TABLES = [
  deadLetterTable,
  processedMessagesTable,
  messageClaimsTable,
  phaseExecutionLogTable,
  alertsTable,
  processorRunsTable,
  processorCompletionsTable,
  phaseTransitionsTable,
  sourceCoverageEventsTable,
  reconciliationResultsTable,
  selfHealActionsTable,
  alertNotificationsTable,
] as const;
