import { defineTable } from './table-definition';

/**
 * Every prediction ever made. One active row per (game, player, system); a rerun that changes the
 * prediction inserts a new row and marks the earlier one inactive, so history is kept and never doubled.
 */
export const playerPropPredictionsTable = defineTable({
  dataset: 'nba_predictions',
  name: 'player_prop_predictions',
  description: 'Per player, game and system: predicted points against the line, recommendation, confidence and quality tier.',
  columns: [
    { name: 'prediction_id', type: 'STRING', description: 'Hash of what the prediction says and what it was made from' },
    { name: 'game_id', type: 'STRING', required: true },
    { name: 'game_date', type: 'DATE' },
    { name: 'player_id', type: 'INT64' },
    { name: 'player_lookup', type: 'STRING', required: true },
    { name: 'team_code', type: 'STRING' },
    { name: 'opponent_code', type: 'STRING' },
    { name: 'system_id', type: 'STRING', required: true },
    { name: 'is_primary', type: 'BOOL', required: true, description: 'The configured primary system: its rows feed the picks' },
    { name: 'predicted_points', type: 'FLOAT64', required: true },
    { name: 'line_value', type: 'FLOAT64', description: 'Consensus main line; null when no bookmaker lists the player' },
    { name: 'bookmaker', type: 'STRING', description: 'The bookmaker whose main line is the consensus' },
    { name: 'recommendation', type: 'STRING', required: true, description: 'OVER | UNDER | PASS' },
    { name: 'edge', type: 'FLOAT64', description: 'predicted_points - line_value' },
    { name: 'confidence_score', type: 'FLOAT64', required: true, description: '0-100: the calibrated probability of winning the side taken (the better side for a PASS)' },
    { name: 'probability_over', type: 'FLOAT64', description: 'Calibrated probability (0-1) of going over the line, fitted on earlier dates; null without a line, prices or a calibration' },
    { name: 'market_probability_over', type: 'FLOAT64', description: 'No-vig probability (0-1) of OVER: mean over the books quoting the consensus line of p_over / (p_over + p_under)' },
    { name: 'bet_price', type: 'FLOAT64', description: 'Best American price available for the side taken; null for a PASS' },
    { name: 'quality_tier', type: 'STRING', required: true, description: 'gold | silver | bronze' },
    { name: 'quality_flags', type: 'JSON', description: 'Why the tier is not gold, and why a PASS' },
    { name: 'feature_quality_score', type: 'FLOAT64' },
    { name: 'feature_version', type: 'STRING', required: true },
    { name: 'model_version', type: 'STRING', required: true },
    { name: 'training_end_date', type: 'DATE', description: 'Last game date in the training data; null for untrained systems' },
    { name: 'data_through_date', type: 'DATE', description: 'Latest analytics date the features saw' },
    { name: 'is_active', type: 'BOOL', required: true },
    { name: 'run_id', type: 'STRING' },
    { name: 'created_at', type: 'TIMESTAMP', required: true },
    { name: 'superseded_at', type: 'TIMESTAMP' },
  ],
  naturalKey: ['prediction_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['system_id', 'player_lookup'],
});

/** A prediction held against what happened. */
export const predictionGradesTable = defineTable({
  dataset: 'nba_predictions',
  name: 'prediction_grades',
  description: 'Per active prediction once results are in: actual points, error, and win/loss/push against the line.',
  columns: [
    { name: 'prediction_id', type: 'STRING' },
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING', required: true },
    { name: 'player_lookup', type: 'STRING', required: true },
    { name: 'system_id', type: 'STRING', required: true },
    { name: 'quality_tier', type: 'STRING', required: true },
    { name: 'predicted_points', type: 'FLOAT64', required: true },
    { name: 'line_value', type: 'FLOAT64' },
    { name: 'recommendation', type: 'STRING', required: true },
    { name: 'actual_points', type: 'INT64', required: true },
    { name: 'error', type: 'FLOAT64', required: true, description: 'predicted - actual' },
    { name: 'absolute_error', type: 'FLOAT64', required: true },
    { name: 'outcome', type: 'STRING', required: true, description: 'win | loss | push (against the line), or no_bet for PASS and no line' },
    { name: 'probability_over', type: 'FLOAT64', description: 'The prediction\'s calibrated probability of OVER' },
    { name: 'market_probability_over', type: 'FLOAT64', description: 'The market\'s no-vig probability of OVER' },
    { name: 'went_over', type: 'BOOL', description: 'actual > line; null without a line or on a push' },
    { name: 'bet_price', type: 'FLOAT64', description: 'American price the pick was taken at' },
    { name: 'profit_units', type: 'FLOAT64', description: 'Return on one unit staked at bet_price: win = payout, loss = -1, push = 0; null for no bet' },
    { name: 'graded_at', type: 'TIMESTAMP', required: true },
  ],
  naturalKey: ['prediction_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['system_id', 'quality_tier'],
});

export const PREDICTIONS_TABLES = [playerPropPredictionsTable, predictionGradesTable] as const;
