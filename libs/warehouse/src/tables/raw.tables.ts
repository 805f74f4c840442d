import { ColumnDefinition, defineTable } from './table-definition';

/** Where a raw row came from: the payload it was loaded from and the run that loaded it. */
const LINEAGE: ColumnDefinition[] = [
  { name: 'source_path', type: 'STRING', description: 'Object-store path of the payload this row was loaded from' },
  { name: 'scrape_run_id', type: 'STRING', description: 'Phase 1 run that fetched the payload' },
  { name: 'loaded_at', type: 'TIMESTAMP', required: true },
];

/** The Odds API player_points outcomes: one row per player, bookmaker and line (alternate lines included). */
export const oddsApiPlayerPointsPropsTable = defineTable({
  dataset: 'nba_raw',
  name: 'odds_api_player_points_props',
  description: 'The Odds API player_points market: each bookmaker\'s line with over and under prices, per player and game.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING', description: 'NBA.com game id, matched by date and teams' },
    { name: 'event_id', type: 'STRING', description: 'The Odds API event id' },
    { name: 'commence_time', type: 'TIMESTAMP' },
    { name: 'home_team_code', type: 'STRING', required: true },
    { name: 'away_team_code', type: 'STRING', required: true },
    { name: 'player_name', type: 'STRING', required: true, description: 'As the bookmaker spells it' },
    { name: 'player_lookup', type: 'STRING' },
    { name: 'bookmaker', type: 'STRING' },
    { name: 'line', type: 'FLOAT64' },
    { name: 'over_price', type: 'FLOAT64', description: 'American odds for the over at this line' },
    { name: 'under_price', type: 'FLOAT64' },
    { name: 'bookmaker_last_update', type: 'TIMESTAMP' },
    ...LINEAGE,
  ],
  naturalKey: ['event_id', 'player_lookup', 'bookmaker', 'line', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['player_lookup', 'bookmaker'],
});

export const RAW_TABLES = [oddsApiPlayerPointsPropsTable] as const;
