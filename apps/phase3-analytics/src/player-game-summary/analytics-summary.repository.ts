import { Inject, Injectable } from '@nestjs/common';
import { playerGameSummaryTable, teamGameSummaryTable, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { PlayerGameRow, TeamGameRow } from './player-game-summary.builder';

/** Owns nba_analytics.player_game_summary and team_game_summary writes. */
@Injectable()
export class AnalyticsSummaryRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async save(players: PlayerGameRow[], teams: TeamGameRow[], runId: string, processedAt: Date): Promise<void> {
    const stamp = { run_id: runId, processed_at: processedAt.toISOString() };
    if (players.length > 0) await this.warehouse.upsert(playerGameSummaryTable, players.map((row) => ({ ...row, ...stamp })));
    if (teams.length > 0) await this.warehouse.upsert(teamGameSummaryTable, teams.map((row) => ({ ...row, ...stamp })));
  }
}
