import { defineTable, TableDefinition } from '../tables/table-definition';

/** Tables used only by the warehouse's own tests: one partitioned with every column type, one not. */
export function contractTables(suffix = ''): { games: TableDefinition; claims: TableDefinition } {
  const games = defineTable({
    dataset: 'nba_raw',
    name: `contract_games${suffix}`,
    description: 'Warehouse contract test: partitioned, every column type',
    columns: [
      { name: 'game_id', type: 'STRING' },
      { name: 'game_date', type: 'DATE' },
      { name: 'home_team', type: 'STRING', required: true },
      { name: 'points', type: 'INT64' },
      { name: 'spread', type: 'FLOAT64' },
      { name: 'final', type: 'BOOL' },
      { name: 'tipoff_at', type: 'TIMESTAMP' },
      { name: 'box_score', type: 'JSON' },
    ],
    naturalKey: ['game_id', 'game_date'],
    partitionColumn: 'game_date',
    clusterBy: ['home_team'],
  });
  const claims = defineTable({
    dataset: 'nba_orchestration',
    name: `contract_claims${suffix}`,
    description: 'Warehouse contract test: unpartitioned, first writer wins',
    columns: [
      { name: 'claim_key', type: 'STRING' },
      { name: 'owner', type: 'STRING', required: true },
      { name: 'claimed_at', type: 'TIMESTAMP', required: true },
    ],
    naturalKey: ['claim_key'],
  });
  return { games, claims };
}
