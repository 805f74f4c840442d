import { Inject, Injectable } from '@nestjs/common';
import { GameDataProblems } from '@lib/quality';
import { Warehouse, WAREHOUSE } from '@lib/warehouse';

/** The circuit breaker's input: per game of the date, its feature vectors and how many rest on bronze analytics. */
@Injectable()
export class GameProblemsRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async gamesOn(gameDate: string, featureVersion: string): Promise<GameDataProblems[]> {
    const rows = await this.warehouse.query(
      `SELECT game_id, COUNT(*) AS vectors, SUM(CASE WHEN upstream_tier = 'bronze' THEN 1 ELSE 0 END) AS problem_vectors
         FROM nba_precompute.ml_feature_store
        WHERE game_date = @gameDate AND feature_version = @featureVersion
        GROUP BY game_id ORDER BY game_id`,
      { gameDate, featureVersion },
    );
    return rows.map((row) => ({ game_id: String(row.game_id), vectors: Number(row.vectors), problem_vectors: Number(row.problem_vectors ?? 0) }));
  }
}
