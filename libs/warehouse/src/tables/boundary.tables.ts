import { defineTable } from './table-definition';

/** A phase-boundary check per phase and date: the numbers, the decision, and who released a block. */
export const phaseBoundaryChecksTable = defineTable({
  dataset: 'nba_orchestration',
  name: 'phase_boundary_checks',
  description: 'Input checks before phases 4 and 5: coverage and null rates, pass/warn/block, and releases of blocks.',
  columns: [
    { name: 'phase', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'status', type: 'STRING', required: true, description: 'passed | warned | blocked | released' },
    { name: 'input_date', type: 'DATE', description: 'The analytics date the check measured' },
    { name: 'minutes_coverage_pct', type: 'FLOAT64' },
    { name: 'null_rates', type: 'JSON', description: 'Column → percent null' },
    { name: 'completeness_pct', type: 'FLOAT64', required: true, description: 'The number compared with the thresholds' },
    { name: 'thresholds', type: 'JSON', required: true },
    { name: 'reason', type: 'STRING', required: true },
    { name: 'released_by', type: 'STRING', description: 'self-heal, or the person who released the block' },
    { name: 'release_reason', type: 'STRING' },
    { name: 'checked_at', type: 'TIMESTAMP', required: true },
    { name: 'released_at', type: 'TIMESTAMP' },
  ],
  naturalKey: ['phase', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['status'],
});

export const BOUNDARY_TABLES = [phaseBoundaryChecksTable] as const;
