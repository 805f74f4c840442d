import { Row } from '@lib/warehouse';
import { ClusterClient } from '../cluster/cluster-client';
import { formatRowsAsTable } from '../query/result-table';

export interface PickRow {
  player: string;
  team: string;
  opponent: string;
  line: number;
  predicted: number;
  call: 'OVER' | 'UNDER';
  edge: number;
  /** The calibrated probability (0-100) of winning the side taken, at `price`. */
  confidence: number;
  /** The best American price for the side taken. */
  price: number | null;
  tier: string;
}

/**
 * The date's picks: the primary system's active OVER/UNDER calls (what picks/<date>.json holds), most
 * confident first. A call is made where the probability beats the price's break-even, so a call can
 * side against a tiny points edge when the price pays for it.
 */
export async function picksOf(client: ClusterClient, gameDate: string): Promise<PickRow[]> {
  const { rows } = await client.query(
    `SELECT COALESCE(cache.player_name, predictions.player_lookup) AS player, predictions.team_code AS team, predictions.opponent_code AS opponent,
            predictions.line_value AS line, predictions.predicted_points AS predicted, predictions.recommendation,
            predictions.edge, predictions.confidence_score AS confidence, predictions.bet_price AS price, predictions.quality_tier AS tier
       FROM nba_predictions.player_prop_predictions AS predictions
       LEFT JOIN nba_precompute.player_daily_cache AS cache
         ON cache.game_date = predictions.game_date AND cache.player_lookup = predictions.player_lookup AND cache.game_date = @gameDate
      WHERE predictions.game_date = @gameDate AND predictions.is_active AND predictions.is_primary
        AND predictions.recommendation IN ('OVER', 'UNDER')
      ORDER BY predictions.confidence_score DESC, player`,
    { gameDate },
  );
  return rows.map((row: Row) => ({
    player: String(row.player),
    team: String(row.team ?? ''),
    opponent: String(row.opponent ?? ''),
    line: Number(row.line),
    predicted: Number(row.predicted),
    call: row.recommendation as PickRow['call'],
    edge: Number(row.edge),
    confidence: Number(row.confidence),
    price: row.price === null || row.price === undefined ? null : Number(row.price),
    tier: String(row.tier),
  }));
}

export function formatPicks(gameDate: string, picks: readonly PickRow[], whyNone: string): string {
  if (picks.length === 0) return `no picks for ${gameDate}: ${whyNone}`;
  const table = formatRowsAsTable(
    picks.map((pick) => ({
      player: pick.player,
      team: `${pick.team} v ${pick.opponent}`,
      line: pick.line.toFixed(1),
      predicted: pick.predicted.toFixed(1),
      call: pick.call,
      edge: `${pick.edge >= 0 ? '+' : ''}${pick.edge.toFixed(1)}`,
      price: pick.price === null ? '' : `${pick.price > 0 ? '+' : ''}${pick.price.toFixed(0)}`,
      confidence: `${pick.confidence.toFixed(0)} %`,
      tier: pick.tier,
    })),
  );
  return `picks for ${gameDate} (${picks.length}, most confident first; a call needs its probability above the price's break-even):\n${table}`;
}
