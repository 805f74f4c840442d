import { defineTable } from './table-definition';

/**
 * The feature vector's schema, declared with the table that stores it: phase 4 writes these names,
 * phase 5 and the training command read them. A change of names or meaning is a new version.
 */
export const FEATURE_VERSION = 'v3';
/** The sixteen features of v1 (ridge_v1 is fitted on these alone, so it stays the system it was). */
export const BASE_FEATURE_NAMES = [
  'points_avg_last_5',
  'points_avg_last_10',
  'points_avg_season',
  'points_std_last_10',
  'minutes_avg_last_5',
  'minutes_avg_last_10',
  'minutes_avg_season',
  'usage_avg_last_10',
  'usage_avg_season',
  'true_shooting_season',
  'games_played',
  'days_rest',
  'back_to_back',
  'is_home',
  'team_pace',
  'opponent_points_allowed',
] as const;
/**
 * Added in v2 (issue 16): the minutes × rate model's parts (with last season as a prior), shot
 * volume, minutes trend, and availability from the injury report and from teammates missing a line.
 * v3 adds team_expected_minutes: the minutes his team's expected players account for (himself fully,
 * each teammate weighted by how often players in his situation this season played).
 */
export const FORM_AND_AVAILABILITY_FEATURE_NAMES = [
  'minutes_projection',
  'points_per_minute_projection',
  'opponent_defense_factor',
  'prior_season_points_per_minute',
  'prior_season_minutes_per_game',
  'has_prior_season',
  'points_ewma',
  'fga_ewma',
  'fta_ewma',
  'minutes_trend',
  'usage_avg_last_5',
  'injury_report_available',
  'injury_status_out',
  'injury_status_questionable',
  'teammates_out',
  'teammates_out_minutes',
  'teammates_missing_line',
  'teammates_missing_line_minutes',
  'team_expected_minutes',
] as const;
export const FEATURE_NAMES = [...BASE_FEATURE_NAMES, ...FORM_AND_AVAILABILITY_FEATURE_NAMES] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Per player per game date: rolling form built only from games before that date. */
export const playerDailyCacheTable = defineTable({
  dataset: 'nba_precompute',
  name: 'player_daily_cache',
  description: 'Per player and game date: rolling averages, rest and matchup context from games strictly before the date.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'player_lookup', type: 'STRING' },
    { name: 'game_id', type: 'STRING' },
    { name: 'player_id', type: 'INT64' },
    { name: 'player_name', type: 'STRING' },
    { name: 'team_code', type: 'STRING', required: true },
    { name: 'opponent_code', type: 'STRING', required: true },
    { name: 'is_home', type: 'BOOL', required: true },
    { name: 'games_played', type: 'INT64', required: true, description: 'Games played this season before the date' },
    { name: 'points_avg_last_5', type: 'FLOAT64' },
    { name: 'points_avg_last_10', type: 'FLOAT64' },
    { name: 'points_avg_season', type: 'FLOAT64' },
    { name: 'points_std_last_10', type: 'FLOAT64' },
    { name: 'minutes_avg_last_5', type: 'FLOAT64' },
    { name: 'minutes_avg_last_10', type: 'FLOAT64' },
    { name: 'minutes_avg_season', type: 'FLOAT64' },
    { name: 'usage_avg_last_5', type: 'FLOAT64' },
    { name: 'usage_avg_last_10', type: 'FLOAT64' },
    { name: 'usage_avg_season', type: 'FLOAT64' },
    { name: 'true_shooting_season', type: 'FLOAT64' },
    { name: 'last_game_date', type: 'DATE', description: 'The player\'s previous game; null before his first' },
    { name: 'days_rest', type: 'INT64', description: 'Days between the previous game and this date, minus one' },
    { name: 'back_to_back', type: 'BOOL', required: true },
    { name: 'team_pace', type: 'FLOAT64', description: 'The team\'s average pace this season before the date' },
    { name: 'opponent_points_allowed', type: 'FLOAT64', description: 'Points per game the opponent allowed this season before the date' },
    { name: 'history_tier', type: 'STRING', required: true, description: 'Worst quality tier of the last-10 rows used' },
    { name: 'data_through_date', type: 'DATE', description: 'Latest analytics date in the warehouse before this date (freshness)' },
    { name: 'run_id', type: 'STRING' },
    { name: 'processed_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['game_date', 'player_lookup', 'game_id'],
  partitionColumn: 'game_date',
  clusterBy: ['player_lookup'],
});

/** One versioned feature vector per player per game, with how much of it is real. */
export const mlFeatureStoreTable = defineTable({
  dataset: 'nba_precompute',
  name: 'ml_feature_store',
  description: 'Per player, game and feature version: the model\'s input vector, its quality score, and what was missing or defaulted.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING' },
    { name: 'player_lookup', type: 'STRING' },
    { name: 'feature_version', type: 'STRING' },
    { name: 'player_id', type: 'INT64' },
    { name: 'team_code', type: 'STRING', required: true },
    { name: 'opponent_code', type: 'STRING', required: true },
    { name: 'features', type: 'JSON', required: true, description: 'Feature name → number, every name of the version present' },
    { name: 'feature_quality_score', type: 'FLOAT64', required: true, description: '0-100: 100 when nothing was missing or defaulted' },
    { name: 'missing_features', type: 'JSON', description: 'Names with no data at all (filled with a league default)' },
    { name: 'defaulted_features', type: 'JSON', description: 'Names computed from a shorter window than declared' },
    { name: 'upstream_tier', type: 'STRING', required: true, description: 'Worst tier of the analytics rows under the vector' },
    { name: 'quality_flags', type: 'JSON', description: 'e.g. stale_history, boundary_warned' },
    { name: 'data_through_date', type: 'DATE' },
    { name: 'run_id', type: 'STRING' },
    { name: 'processed_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['game_date', 'game_id', 'player_lookup', 'feature_version'],
  partitionColumn: 'game_date',
  clusterBy: ['player_lookup', 'feature_version'],
});

export const PRECOMPUTE_TABLES = [playerDailyCacheTable, mlFeatureStoreTable] as const;
