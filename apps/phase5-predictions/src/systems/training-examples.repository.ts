import { FeatureValues } from './prediction-system';
import { TrainingExample } from './ridge.model';
import { Row, Warehouse } from '@lib/warehouse';

/**
 * Training examples from the feature store: each vector with the points the player then scored.
 * Vectors of players with no earlier game are left out (their features are all league defaults).
 * In a fixed order, so that a model fitted on the same rows is the same model to the last bit.
 */
export async function loadTrainingExamples(warehouse: Warehouse, from: string, through: string, featureVersion: string): Promise<TrainingExample[]> {
  const rows = await warehouse.query<{ game_date: string; features: FeatureValues; points: number } & Row>(
    `SELECT vectors.game_date, vectors.features, summary.points
       FROM nba_precompute.ml_feature_store AS vectors
       JOIN nba_analytics.player_game_summary AS summary
         ON summary.game_date = vectors.game_date AND summary.game_id = vectors.game_id AND summary.player_lookup = vectors.player_lookup
      WHERE vectors.game_date BETWEEN @from AND @through AND summary.game_date BETWEEN @from AND @through
        AND vectors.feature_version = @featureVersion AND summary.played AND summary.points IS NOT NULL
      ORDER BY vectors.game_date, vectors.game_id, vectors.player_lookup`,
    { from, through, featureVersion },
  );
  return rows
    .filter((row) => row.features.games_played >= 1)
    .map((row) => ({ game_date: row.game_date, features: row.features, actual_points: Number(row.points) }));
}
